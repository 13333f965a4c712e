// Analyses end to end: the analytic models through the file and the writer
// (known indices), and a tiny stochastic county on the sweep machinery,
// where determinism is the contract: runs.csv and indices.csv byte-identical
// for 1 and 2 workers, for merged shards and for an interrupted analysis
// resumed.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeShards } from '../../../src/experiments/merge.ts';
import { readManifest } from '../../../src/experiments/manifest.ts';
import { parseSensitivity, loadSensitivityFile, type Sensitivity } from '../../../src/experiments/sensitivity/sensitivity-file.ts';
import { readOutputs as readOutputsFn, runSensitivity, type SensitivityOptions } from '../../../src/experiments/sensitivity/run-sensitivity.ts';
import { writeSensitivityReport } from '../../../src/experiments/sensitivity/report.ts';
import { ishigamiIndices, sobolGIndices } from '../../../src/experiments/sensitivity/test-functions.ts';
import { executeRun } from '../../../src/experiments/worker.ts';
import { problems } from '../../helpers/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'pgs-sens-'));
writeFileSync(join(root, 'base.yaml'), 'name: tiny\npopulation: {households: 1000, villages_per_county: 20}\ntime: {start_year: 2014, end_year: 2015}\n');
const FILE = `name: tiny-morris
base: base.yaml
seed: 7
replicates: 2
method: {kind: morris, trajectories: 4, levels: 4}
bootstrap: 50
parameters:
  levers.technology: {from: 0, to: 1}
  budget.leakage_base: {from: 0.05, to: 0.4}
  population.villages_per_county: {from: 10, to: 30}
metrics:
  - {column: headcount_ratio, year: 2015}
  - {column: funds_leaked, mean: [2014, 2015]}
`;
const file = join(root, 'morris.yaml');
writeFileSync(file, FILE);
const TOTAL = 4 * 4 * 2;

let dirs = 0;
const outDir = () => join(root, `out-${++dirs}`);
const read = (dir: string, f = 'runs.csv') => readFileSync(join(dir, f), 'utf8');
const load = (opts: { shard?: { index: number; count: number } } = {}): Sensitivity => loadSensitivityFile(file, opts);
const run = (opts: Partial<SensitivityOptions> & { out: string }) => runSensitivity(load(opts.shard ? { shard: opts.shard } : {}), { runner: executeRun, ...opts });

let refRunsDir: string | undefined;
const refRuns = () => refRunsDir!;
/** A metric's outputs of the contrast-free analysis (its reference folder). */
function readOutputsOf(dir: string, metric: number): Float64Array {
  return readOutputsFn(load(), join(dir, 'runs.csv'))[metric - 1]!;
}

function csv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [cols[i]!, c])));
}

describe('analytic models through the file', () => {
  it('ishigami: S1 and ST within 0.02 of the truth, inside the bootstrap intervals, S2 of x1:x3', async () => {
    const f = join(root, 'ishigami.yaml');
    writeFileSync(f, 'model: ishigami\nseed: 3\nmethod: {kind: sobol, samples: 8192, second_order: true}\nbootstrap: 100\n');
    const out = outDir();
    const r = await runSensitivity(loadSensitivityFile(f), { out });
    expect(r.analysed).toBe(true);
    const rows = csv(read(out, 'indices.csv'));
    const truth = ishigamiIndices();
    for (const [index, want] of [['S1', truth.S1], ['ST', truth.ST]] as const) {
      want.forEach((w, i) => {
        const row = rows.find((x) => x.index === index && x.parameter === `x${i + 1}`)!;
        expect(Math.abs(Number(row.value) - w), `${index} x${i + 1}`).toBeLessThan(0.02);
        expect(Number(row.lo)).toBeLessThanOrEqual(w);
        expect(Number(row.hi)).toBeGreaterThanOrEqual(w);
      });
    }
    expect(Math.abs(Number(rows.find((x) => x.index === 'S2' && x.parameter === 'x1:x3')!.value) - (truth.ST[0]! - truth.S1[0]!))).toBeLessThan(0.03);
    // Convergence at N/4, N/2, N; the SALib export in the design order.
    expect([...new Set(csv(read(out, 'convergence.csv')).map((x) => x.n))]).toEqual(['2048', '4096', '8192']);
    expect(JSON.parse(read(out, 'salib/problem.json'))).toMatchObject({ num_vars: 3, names: ['x1', 'x2', 'x3'] });
    expect(read(out, 'salib/X.csv').trimEnd().split('\n').length).toBe(1 + 8192 * 8);
    expect(read(out, 'salib/Y.csv').split('\n')[0]).toBe('y');
    const html = read(out, writeSensitivityReport(out).slice(out.length + 1));
    expect(html).toContain('Sobol indices with bootstrap 95% intervals');
    expect(html.match(/<svg/g)!.length).toBe(2); // the bars and the convergence chart
  });

  it('reads outputs from a runs.csv larger than its 1 MiB read buffer', () => {
    const sens = parseSensitivity('model: ishigami\nmethod: {kind: sobol, samples: 8192}\n', join(root, 'i.yaml'));
    const n = sens.points.length;
    const lines = ['run_id,year,other,y'];
    for (let id = 0; id < n; id++) lines.push(`${id},0,0.123456789012,${(id * 0.001).toFixed(6)}`);
    const path = join(root, 'big-runs.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    expect(readFileSync(path).length).toBeGreaterThan(2 ** 20);
    const [y] = readOutputsFn(sens, path);
    expect(y!.length).toBe(n);
    expect(y![n - 1]).toBeCloseTo((n - 1) * 0.001, 9);
    expect(y![12345]).toBeCloseTo(12.345, 9);
  });

  it('sobol_g: S1 of the first two inputs 0.7162 and 0.1790 within 0.02', async () => {
    const f = join(root, 'g.yaml');
    writeFileSync(f, 'model: {name: sobol_g, a: [0, 1, 4.5, 9, 99, 99, 99, 99]}\nmethod: {kind: sobol, samples: 8192}\nbootstrap: 0\n');
    const out = outDir();
    await runSensitivity(loadSensitivityFile(f), { out });
    const s1 = csv(read(out, 'indices.csv')).filter((x) => x.index === 'S1').map((x) => Number(x.value));
    const truth = sobolGIndices([0, 1, 4.5, 9, 99, 99, 99, 99]).S1;
    expect(Math.abs(s1[0]! - 0.7162)).toBeLessThan(0.02);
    expect(Math.abs(s1[1]! - 0.179)).toBeLessThan(0.02);
    expect(Math.abs(truth[0]! - 0.7162)).toBeLessThan(1e-4);
  });

  it('morris on sobol_g ranks the inputs with a = 99 last', async () => {
    const f = join(root, 'gm.yaml');
    writeFileSync(f, 'model: {name: sobol_g, a: [0, 1, 99, 99]}\nmethod: {kind: morris, trajectories: 20, levels: 4, candidates: 60}\n');
    const out = outDir();
    const r = await runSensitivity(loadSensitivityFile(f), { out });
    const star = r.indices.filter((x) => x.index === 'mu_star').map((x) => x.value);
    expect(Math.min(star[0]!, star[1]!)).toBeGreaterThan(10 * Math.max(star[2]!, star[3]!));
  });
});

describe('a stochastic county on the sweep machinery', () => {
  let ref: string;
  let refIndices: string;
  let refDir: string;
  beforeAll(async () => {
    refDir = outDir();
    const r = await run({ out: refDir });
    expect(r.sweep).toMatchObject({ runsTotal: TOTAL, completed: TOTAL, failed: 0 });
    ref = read(refDir);
    refIndices = read(refDir, 'indices.csv');
    refRunsDir = refDir;
  });

  it('writes the design in runs.csv, indices with intervals, and the seed share', () => {
    const lines = ref.trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,point,replicate,seed,levers.technology,budget.leakage_base,population.villages_per_county,year,headcount_ratio,funds_leaked');
    expect(lines.length).toBe(1 + TOTAL * 2);
    const villages = lines.slice(1).map((l) => Number(l.split(',')[6]));
    expect(villages.every((v) => Number.isInteger(v) && v >= 10 && v <= 30)).toBe(true);
    const rows = csv(refIndices);
    expect(new Set(rows.map((r) => r.index))).toEqual(new Set(['mu', 'mu_star', 'sigma', 'seed_share', 'seed_share_mean']));
    expect(rows.filter((r) => r.index === 'mu_star').length).toBe(6);
    for (const r of rows.filter((x) => x.index === 'mu_star')) {
      expect(Number(r.lo)).toBeLessThanOrEqual(Number(r.value));
      expect(Number(r.hi)).toBeGreaterThanOrEqual(Number(r.value));
    }
    const share = rows.find((r) => r.index === 'seed_share' && r.metric === 'headcount_ratio@2015')!;
    expect(Number(share.value)).toBeGreaterThanOrEqual(0);
    expect(Number(share.value)).toBeLessThanOrEqual(1);
    const summary = JSON.parse(read(refDir, 'sensitivity.json'));
    expect(Object.keys(summary.ranking)).toEqual(['headcount_ratio@2015', 'funds_leaked@2014-2015']);
    expect(readManifest(refDir)).toMatchObject({ status: 'complete', runs_total: TOTAL });
    expect(readFileSync(writeSensitivityReport(refDir), 'utf8').match(/<svg/g)!.length).toBe(3 * 2); // per metric: mu*-sigma, mu* bars, convergence
  });

  it('replicates use common random numbers: replicate k has the same seed in every design point', () => {
    const rows = ref.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((c) => c[3]))).toEqual(new Set(['7']));
    expect(rows.map((c) => Number(c[2]))).toEqual(rows.map((c) => Number(c[0]) % 2));
  });

  it('1 and 2 worker threads write the same runs.csv and indices.csv', async () => {
    for (const workers of [1, 2]) {
      const out = outDir();
      await runSensitivity(load(), { out, workers });
      expect(read(out)).toBe(ref);
      expect(read(out, 'indices.csv')).toBe(refIndices);
    }
  });

  it('merged shards, analysed with --resume, give the same bytes and run nothing again', async () => {
    const a = outDir();
    const b = outDir();
    const ra = await run({ out: a, shard: { index: 1, count: 2 } });
    expect(ra.analysed).toBe(false);
    expect(existsSync(join(a, 'indices.csv'))).toBe(false);
    await run({ out: b, shard: { index: 2, count: 2 } });
    const merged = outDir();
    mergeShards([a, b], merged);
    const calls: number[] = [];
    const r = await runSensitivity(load(), { out: merged, resume: true, runner: (t) => (calls.push(t.runId), executeRun(t)) });
    expect(calls).toEqual([]);
    expect(r.analysed).toBe(true);
    expect(read(merged)).toBe(ref);
    expect(read(merged, 'indices.csv')).toBe(refIndices);
  });

  it('interrupted then resumed gives the same bytes', async () => {
    const out = outDir();
    const ac = new AbortController();
    const first = await run({ out, signal: ac.signal, onProgress: (done) => done >= 5 && ac.abort() });
    expect(first.analysed).toBe(false);
    expect(first.sweep?.aborted).toBe(true);
    expect(existsSync(join(out, 'indices.csv'))).toBe(false);
    const second = await run({ out, resume: true });
    expect(second.sweep?.skipped).toBeGreaterThanOrEqual(5);
    expect(read(out)).toBe(ref);
    expect(read(out, 'indices.csv')).toBe(refIndices);
  });

  it('a Sobol design on the county: N (D + 2) points, S1 and ST per metric', async () => {
    const f = join(root, 'sobol.yaml');
    writeFileSync(f, FILE.replace('method: {kind: morris, trajectories: 4, levels: 4}', 'method: {kind: sobol, samples: 4}').replace('replicates: 2', 'replicates: 1'));
    const s = loadSensitivityFile(f);
    expect(s.points.length).toBe(4 * 5);
    const out = outDir();
    const r = await runSensitivity(s, { out, runner: executeRun });
    expect(r.analysed).toBe(true);
    expect(new Set(r.indices.map((x) => x.index))).toEqual(new Set(['S1', 'ST']));
  });
});

describe('a contrast: two arms per design point', () => {
  it('runs both arms with the same seeds and analyses the first arm and the difference', async () => {
    const f = join(root, 'contrast.yaml');
    writeFileSync(f, FILE.replace('metrics:\n', 'contrast: {governance.arrangement: [multi, single]}\nmetrics:\n  - {column: headcount_ratio, year: 2015, difference: true}\n'));
    const s = loadSensitivityFile(f);
    expect(s.arms).toBe(2);
    expect(s.sweep!.points.length).toBe(2 * s.points.length);
    const out = outDir();
    const r = await runSensitivity(s, { out, runner: executeRun });
    expect(r.sweep?.runsTotal).toBe(2 * TOTAL);
    const rows = csv(read(out));
    expect(rows[0]!['governance.arrangement']).toBe('multi');
    const at = (id: number) => Number(rows.find((x) => x.run_id === String(id) && x.year === '2015')!.headcount_ratio);
    // Design point 3, replicate 1: runs (3 * 2 + 0) * 2 + 1 (multi) and (3 * 2 + 1) * 2 + 1 (single).
    const y = readOutputsFn(s, join(out, 'runs.csv'));
    expect(s.metrics.map((m) => m.name)).toEqual(['headcount_ratio@2015:difference', 'headcount_ratio@2015', 'funds_leaked@2014-2015']);
    expect(y[0]![3 * 2 + 1]).toBeCloseTo(at(13) - at(15), 12);
    expect(y[1]![3 * 2 + 1]).toBe(at(13));
    // The first arm alone is the analysis without a contrast.
    expect(y[1]).toEqual(readOutputsOf(refRuns(), 1));
    expect(new Set(csv(read(out, 'indices.csv')).map((x) => x.metric))).toEqual(new Set(s.metrics.map((m) => m.name)));
  });

  it('validates the contrast', () => {
    const p = problems(() => parseSensitivity(FILE.replace('metrics:\n', 'contrast: {governance.arrangement: [multi, multi]}\nmetrics:\n'), join(root, 'c.yaml')));
    expect(p[0]).toMatchObject({ path: 'contrast.governance.arrangement' });
    const q = problems(() => parseSensitivity(FILE.replace('metrics:\n', 'contrast: {governance.arrangement: [multi, triple]}\nmetrics:\n'), join(root, 'c.yaml')));
    expect(q[0]).toMatchObject({ path: 'contrast.governance.arrangement.1' });
    const d = problems(() => parseSensitivity(FILE.replace('year: 2015}', 'year: 2015, difference: true}'), join(root, 'c.yaml')));
    expect(d[0]).toMatchObject({ path: 'metrics.0.difference' });
  });
});

describe('file validation (exit 2, with line, column and path)', () => {
  const bad = (text: string) => problems(() => parseSensitivity(text, join(root, 'bad.yaml')));
  const base = 'base: base.yaml\nmethod: {kind: morris, trajectories: 4}\nparameters:\n  levers.technology: {from: 0, to: 1}\nmetrics:\n  - {column: headcount_ratio, year: 2015}\n';

  it('accepts the good file', () => {
    expect(parseSensitivity(base, join(root, 'ok.yaml')).points.length).toBe(4 * 2);
  });

  it('places each problem', () => {
    const p = bad(base.replace('levers.technology', 'levers.technologee'));
    expect(p[0]).toMatchObject({ path: 'parameters.levers.technologee', line: 4 });
    expect(bad(base.replace('year: 2015', 'year: 2030'))[0]).toMatchObject({ path: 'metrics.0.year', line: 6 });
    expect(bad(base.replace('headcount_ratio', 'headcount_rato'))[0]!.message).toMatch(/did you mean "headcount_ratio"/);
    expect(bad(base.replace('{kind: morris, trajectories: 4}', '{kind: sobol, samples: 100}'))[0]).toMatchObject({ path: 'method.samples' });
    expect(bad(base.replace('{kind: morris, trajectories: 4}', '{kind: morris, trajectories: 4, levels: 5}'))[0]).toMatchObject({ path: 'method.levels' });
    expect(bad(base.replace('{from: 0, to: 1}', '{from: 0, to: 3}'))[0]).toMatchObject({ path: 'parameters.levers.technology.to' });
    expect(bad(`model: ishigami\n${base}`).map((x) => x.path)).toContain('');
    expect(bad('model: ishigami\nmethod: {kind: sobol, samples: 64}\nparameters: {x4: {from: 0, to: 1}}\n')[0]).toMatchObject({ path: 'parameters.x4' });
    for (const x of bad(base.replace('year: 2015', 'year: 2030'))) expect(x.file).toBe(join(root, 'bad.yaml'));
  });
});
