// Sequential Monte Carlo ABC (issue 11): the weighted statistics, the
// sampler on an analytic target, recovery of known parameters from a
// synthetic target made by the model itself, and determinism (1 and 2
// worker threads, interrupted then resumed). A tiny county keeps it fast.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate, calibrationFiles, Interrupted, parseCalibrationFile, type CalibrateOptions, type CalibrationResult } from '../../src/experiments/calibrate.ts';
import { createInlinePool, createThreadPool } from '../../src/experiments/pool.ts';
import { runReplicate } from '../../src/experiments/run.ts';
import { executeRun } from '../../src/experiments/worker.ts';
import { smc } from '../../src/experiments/abc/smc.ts';
import { normalKernel, weightedCovariance, weightedMean, weightedQuantile } from '../../src/experiments/abc/stats.ts';
import { summarisePosterior } from '../../src/experiments/abc/posterior.ts';
import { parseScenario } from '../../src/scenario/scenario.ts';

describe('weighted statistics', () => {
  it('quantiles interpolate between points counted at the middle of their weights', () => {
    expect(weightedQuantile([3, 1, 2], [1, 1, 1], 0.5)).toBe(2);
    expect(weightedQuantile([1, 2], [1, 1], 0.5)).toBe(1.5);
    expect(weightedQuantile([1, 2], [3, 1], 0.5)).toBeCloseTo(1 + (0.5 - 0.375) / (0.875 - 0.375), 12);
    expect(weightedQuantile([1, 2, 3], [1, 0, 1], 0.5)).toBe(2);
    expect(weightedQuantile([], [], 0.5)).toBeNaN();
    expect(weightedMean([1, 3], [1, 3])).toBe(2.5);
  });

  it('the kernel is a normal density up to its constant', () => {
    const l = [[2, 0], [0, 0.5]];
    expect(normalKernel([0, 0], [0, 0], l)).toBeCloseTo(1, 12);
    expect(normalKernel([2, 0], [0, 0], l)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(normalKernel([0, 0.5], [0, 0], l)).toBeCloseTo(Math.exp(-0.5), 12);
    const c = weightedCovariance([[0, 0], [1, 2], [2, 4]], [1, 1, 1]);
    expect(c[0]![0]).toBeCloseTo(1, 12);
    expect(c[0]![1]).toBeCloseTo(2, 12);
  });
});

describe('the SMC sampler on an analytic target', () => {
  // Distance |x - 0.3| / 0.05 in the first parameter; the second is free. Tolerance 1 = the band 0.25..0.35.
  const ps = [
    { path: 'a', from: 0, to: 1, integer: false },
    { path: 'b', from: 10, to: 20, integer: false },
  ];
  const evaluate = async (points: number[][]) => points.map((x) => ({ distance: Math.abs(x[0]! - 0.3) / 0.05, runs: [] }));

  it('narrows to the band, leaves the free parameter flat, and stops at tolerance 1', async () => {
    const s = await smc({ parameters: ps, seed: 3, replicates: 1, budget: 2000, particles: 200, evaluate });
    expect(s.stopped).toBe('tolerance');
    expect(s.generations.at(-1)!.tolerance).toBeLessThanOrEqual(1);
    expect(s.generations.map((g) => g.tolerance)).toEqual([...s.generations.map((g) => g.tolerance)].sort((x, y) => y - x));
    const sum = summarisePosterior(s.population, ps, [], [], 2011, 2011);
    const [a, b] = sum.parameters;
    expect(a!.q025).toBeGreaterThanOrEqual(0.25);
    expect(a!.q975).toBeLessThanOrEqual(0.35);
    expect(a!.mean).toBeCloseTo(0.3, 1);
    expect(a!.not_identified).toBe(false);
    expect(b!.not_identified).toBe(true);
    expect(b!.mean).toBeGreaterThan(13);
    expect(b!.mean).toBeLessThan(17);
    expect(s.runsUsed).toBeLessThanOrEqual(2000);
  });

  it('flags a posterior that piles up at a bound', async () => {
    const atZero = async (points: number[][]) => points.map((x) => ({ distance: x[0]! / 0.04, runs: [] }));
    const s = await smc({ parameters: ps, seed: 3, replicates: 1, budget: 2000, particles: 200, evaluate: atZero });
    expect(summarisePosterior(s.population, ps, [], [], 2011, 2011).parameters[0]!.at_bound).toBe('lower');
  });

  it('keeps to the budget and refuses one below a population', async () => {
    const s = await smc({ parameters: ps, seed: 3, replicates: 2, budget: 100, particles: 20, evaluate, minTolerance: 0 });
    expect(s.stopped).toBe('budget');
    expect(s.runsUsed).toBe(100); // 40 + 3 x 20
    await expect(smc({ parameters: ps, seed: 3, replicates: 2, budget: 39, particles: 20, evaluate })).rejects.toThrow(/below one population/);
  });
});

// ---------------------------------------------------------------------------
// The model itself

const SCENARIO = [
  'name: tiny',
  'seed: 7',
  'replicates: 2',
  'population: {households: 800, villages_per_county: 30}',
  'time: {start_year: 2011, end_year: 2014}',
  'cause_recording: {related_weight: 1}',
  '',
].join('\n');
// skill_mean moves poverty, migration_base moves migration, and the deadline pressure builds only
// from 2015 (5 years before the 2020 deadline): nothing in 2011-2014 depends on it.
const TRUTH: Record<string, number> = { 'population.skill_mean': 0.4, 'economy.migration_base': 0.1, 'assessment.deadline_pressure': 0.5 };
const PARAMETERS = { 'population.skill_mean': { from: 0.2, to: 0.6 }, 'economy.migration_base': { from: 0.02, to: 0.2 }, 'assessment.deadline_pressure': { from: 0, to: 1 } };

/** The replicate mean of the model at the truth, by year, as an inline series. */
function synthetic(column: string): Record<string, number> {
  const s = parseScenario(SCENARIO, 'tiny.yaml', Object.entries(TRUTH).map(([k, v]) => `${k}=${v}`));
  const runs = [0, 1].map((r) => runReplicate(s, 7, r).trajectory);
  return Object.fromEntries(runs[0]!.map((row, i) => [String(row['year']), (Number(row[column]) + Number(runs[1]![i]![column])) / 2]));
}
const HEADCOUNT = { column: 'headcount_ratio', series: synthetic('headcount_ratio'), tolerance: 0.006 };
const MIGRANTS = { column: 'migrants', series: synthetic('migrants'), tolerance: 2000 };

function options(targets: Record<string, unknown>, more: Partial<CalibrateOptions> = {}): CalibrateOptions {
  const spec = parseCalibrationFile(JSON.stringify({ parameters: PARAMETERS, targets }), 'spec.json', SCENARIO, 'tiny.yaml');
  return {
    scenarioFile: 'tiny.yaml', scenarioText: SCENARIO, set: [], parameters: spec.parameters, targets: spec.targets!,
    seed: 7, replicates: 2, budget: 800, particles: 60, pool: createInlinePool(executeRun), ...more,
  };
}

const byPath = (r: CalibrationResult, path: string) => r.summary.parameters.find((p) => p.path === path)!;
const width = (r: CalibrationResult, path: string) => byPath(r, path).q975 - byPath(r, path).q025;

describe('recovery of known parameters from a synthetic target', () => {
  it('puts the truth inside the 95% intervals, narrows them when a target is added, and flags the parameter nothing depends on', async () => {
    const one = await calibrate(options({ headcount: HEADCOUNT }));
    const two = await calibrate(options({ headcount: HEADCOUNT, migrants: MIGRANTS }));
    for (const r of [one, two]) expect(r.runsUsed).toBeLessThanOrEqual(800);
    for (const path of ['population.skill_mean', 'economy.migration_base']) {
      const p = byPath(two, path);
      expect(p.q025).toBeLessThanOrEqual(TRUTH[path]!);
      expect(p.q975).toBeGreaterThanOrEqual(TRUTH[path]!);
      expect(p.not_identified).toBe(false);
      expect(width(two, path)).toBeLessThan(width(one, path));
    }
    expect(byPath(one, 'population.skill_mean').q025).toBeLessThanOrEqual(0.4);
    expect(byPath(one, 'population.skill_mean').q975).toBeGreaterThanOrEqual(0.4);
    expect(byPath(one, 'economy.migration_base').not_identified).toBe(true);
    expect(byPath(one, 'assessment.deadline_pressure').not_identified).toBe(true);
    expect(byPath(two, 'assessment.deadline_pressure').not_identified).toBe(true);
    // The posterior predictive of every observation holds its observed value.
    for (const t of two.summary.targets) expect(t.inside).toBe(true);
  }, 60_000);
});

describe('determinism', () => {
  const small = (more: Partial<CalibrateOptions> = {}) => options({ headcount: HEADCOUNT, migrants: MIGRANTS }, { budget: 96, particles: 16, ...more });
  const info = { command: 'sim calibrate tiny.yaml --params spec.yaml', paramsFile: 'spec.yaml', set: [] };
  const filesOf = (r: CalibrationResult) => calibrationFiles(r, SCENARIO, info);

  it('gives the same bytes on 1 and 2 worker threads, and interrupted then resumed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgs-abc-'));
    const ref = filesOf(await calibrate(small({ stateDir: join(dir, 'ref') })));
    expect(Object.keys(ref)).toContain('abc-state.json');

    for (const workers of [1, 2]) {
      const pool = createThreadPool(workers);
      try {
        expect(filesOf(await calibrate(small({ pool, stateDir: join(dir, `w${workers}`) })))).toEqual(ref);
      } finally {
        await pool.close();
      }
    }

    // Stopped in the middle of generation 2 (32 runs of generation 0, 16 of generation 1, then 5 more).
    const controller = new AbortController();
    const stateDir = join(dir, 'resumed');
    await expect(calibrate(small({ stateDir, signal: controller.signal, onProgress: (done) => done >= 53 && controller.abort() }))).rejects.toBeInstanceOf(Interrupted);
    const generations: number[] = [];
    const resumed = await calibrate(small({ stateDir, resume: true, onGeneration: (g) => generations.push(g.generation) }));
    expect(generations[0]).toBe(2);
    expect(filesOf(resumed)).toEqual(ref);
  }, 60_000);
});
