// Calibration (issues 5 and 11): the rejection method (determinism, recovery
// of a known parameter from a synthetic --target, the run budget), the checks
// of the spec (parameters and targets) and of a target CSV, calibrated.yaml,
// and the command. A tiny scenario and the in-process pool keep it fast. The
// SMC method: abc.test.ts.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { runCalibrate } from '../../src/cli/commands/calibrate.ts';
import { main, type Io } from '../../src/cli/main.ts';
import {
  calibrate, calibrationFiles, parseCalibrationFile, parseCalibrationSpec, parseTarget, POSTERIOR_PARTICLE, roundSizes, setInText, targetOfCsv, type CalibrateOptions,
} from '../../src/experiments/calibrate.ts';
import { createInlinePool } from '../../src/experiments/pool.ts';
import { drawParticles, readPosterior } from '../../src/experiments/abc/posterior-runs.ts';
import { runReplicate } from '../../src/experiments/run.ts';
import { readProgramInfo } from '../../src/experiments/program.ts';
import { executeRun } from '../../src/experiments/worker.ts';
import { parseScenario } from '../../src/scenario/scenario.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { short } from '../../src/report/calibration-html.ts';
import { outputFiles } from '../../src/report/data-dictionary.ts';
import { inputErrorOf } from '../helpers/errors.ts';

// The project's public data sit beside the repository (../shared/data), wherever the tests run from.
const SHARED_DATA = new URL('../../../shared/data/', import.meta.url).pathname;

vi.mock('../../src/experiments/pool.ts', async (importOriginal) =>
  (await import('../helpers/inline-pool.ts')).inlinePoolModule(importOriginal),
);

const SCENARIO = [
  '# a tiny county',
  'name: tiny',
  'seed: 7',
  'replicates: 2',
  'population:',
  '  households: 800 # small and fast',
  '  villages_per_county: 30',
  'time: {start_year: 2011, end_year: 2014}',
  // Neutral cause recording (issue 10): with the default the best point happens to be the
  // lowest accepted one, and the interpolated q025 lies above it; the machinery is the subject here.
  'cause_recording: {related_weight: 1}',
  '',
].join('\n');
const SPEC = 'parameters:\n  population.skill_mean: {from: 0.2, to: 0.6}\n';
const TRUTH = 0.45;

const dir = mkdtempSync(join(tmpdir(), 'pgs-calibrate-'));
writeFileSync(join(dir, 'tiny.yaml'), SCENARIO);
writeFileSync(join(dir, 'spec.yaml'), SPEC);

/** The replicate-mean headcount ratio of the model at skill_mean = TRUTH, as a target CSV. */
function syntheticTarget(): string {
  const s = parseScenario(SCENARIO, 'tiny.yaml', [`population.skill_mean=${TRUTH}`]);
  const reps = [0, 1].map((r) => runReplicate(s, 7, r).trajectory);
  const lines = ['year,headcount_ratio'];
  reps[0]!.forEach((row, i) => {
    const m = (Number(row['headcount_ratio']) + Number(reps[1]![i]!['headcount_ratio'])) / 2;
    lines.push(`${row['year']},${m}`);
  });
  return lines.join('\n') + '\n';
}
const TARGET = syntheticTarget();
writeFileSync(join(dir, 'target.csv'), TARGET);

function options(budget = 24): CalibrateOptions {
  return {
    scenarioFile: 'tiny.yaml',
    scenarioText: SCENARIO,
    set: [],
    parameters: parseCalibrationSpec(SPEC, 'spec.yaml', SCENARIO, 'tiny.yaml'),
    targets: [targetOfCsv(parseTarget(TARGET, 'target.csv'))],
    seed: 7,
    replicates: 2,
    budget,
    method: 'rejection',
    pool: createInlinePool(executeRun),
  };
}

const info = { command: 'sim calibrate tiny.yaml --target target.csv --params spec.yaml', paramsFile: 'spec.yaml', set: [] };

describe('calibrate --method rejection', () => {
  it('is deterministic, recovers a known parameter and keeps to the budget', async () => {
    const a = await calibrate(options());
    const b = await calibrate(options());
    const fa = calibrationFiles(a, SCENARIO, info);
    const fb = calibrationFiles(b, SCENARIO, info);
    expect(fa).toEqual(fb);
    expect(Object.keys(fa).sort()).toEqual(['band.csv', 'calibrated.yaml', 'calibration.csv', 'fit.csv', 'posterior.csv', 'summary.json']);

    // Budget: 24 runs at 2 replicates = 12 points, 7 then 5.
    expect(a.runsUsed).toBeLessThanOrEqual(24);
    expect(a.state.evaluations.map((e) => e.generation)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);

    // Recovery: common random numbers make the distance (the RMSE, tolerance 1) at the truth 0, and it grows away from it.
    const best = [...a.posterior].sort((x, y) => x.distance - y.distance)[0]!;
    expect(Math.abs(best.values[0]! - TRUTH)).toBeLessThan(0.1);
    const worst = Math.max(...a.state.evaluations.map((e) => e.distance));
    expect(best.distance).toBeLessThan(worst / 3);
    expect(best.distance).toBeLessThan(0.03);
    // The 5 accepted points, equally weighted; the estimate is their mean.
    expect(a.posterior).toHaveLength(5);
    expect(a.posterior.every((p) => p.weight === 0.2)).toBe(true);
    const s = a.summary.parameters[0]!;
    const values = a.posterior.map((p) => p.values[0]!);
    expect(s.q025).toBeGreaterThanOrEqual(Math.min(...values));
    expect(s.q975).toBeLessThanOrEqual(Math.max(...values));
    expect(a.estimates[0]).toBe(Number(s.mean.toPrecision(6)));

    // The calibrated scenario keeps its comments and carries the estimate exactly, and the posterior in its header.
    const yaml = fa['calibrated.yaml']!;
    expect(yaml).toContain('# a tiny county');
    expect(yaml).toContain('# small and fast');
    expect(yaml).toMatch(/^# CALIBRATED by:/);
    expect(yaml.split('\n').filter((l) => l.startsWith(`# ${POSTERIOR_PARTICLE}`))).toHaveLength(5);
    // The rest of the text is the scenario's own, with the value added to its section.
    expect(yaml.slice(yaml.indexOf('# a tiny county'))).toBe(SCENARIO.replace('  villages_per_county: 30\n', `  villages_per_county: 30\n  skill_mean: ${a.estimates[0]}\n`));
    expect(parseScenario(yaml, 'calibrated.yaml').population.skill_mean).toBe(a.estimates[0]);

    const fit = fa['fit.csv']!.trim().split('\n');
    expect(fit[0]).toBe('target,column,years,stat,observed,tolerance,model_mean,lo,hi,inside');
    expect(fit).toHaveLength(5);
    expect(fa['band.csv']!.trim().split('\n')).toHaveLength(5);
  }, 60_000);

  it('--check runs the estimates on fresh replicates, after the fitted ones, and reports their distance (outside the budget)', async () => {
    const plain = await calibrate(options());
    const checked = await calibrate({ ...options(), check: 3 });
    // The fit itself is the same; the check adds runs beyond the budget.
    expect(checked.estimates).toEqual(plain.estimates);
    expect(checked.runsUsed).toBe(plain.runsUsed);
    const c = checked.check!;
    expect(c.replicates).toBe(3);
    expect(c.first_replicate).toBe(2);
    // Its model values are the means of replicates 2-4 at the estimates, run directly.
    const s = checked.scenario;
    const runs = [2, 3, 4].map((r) => runReplicate(s, 7, r).trajectory);
    const observed = parseTarget(TARGET, 'target.csv').observed;
    expect(c.observations).toHaveLength(observed.length);
    c.observations.forEach((o, k) => {
      const y = observed[k]!.year;
      const mean = runs.reduce((sum, rows) => sum + Number(rows.find((row) => Number(row['year']) === y)!['headcount_ratio']), 0) / 3;
      expect(o.model).toBeCloseTo(mean, 12);
      expect(o.observed).toBe(observed[k]!.value);
    });
    // The target was made from replicates 0-1 at the truth: fresh replicates do not share their luck, so the check's
    // distance exceeds the best fitted particle's (whose common random numbers make it nearly 0).
    const best = Math.min(...checked.posterior.map((p) => p.distance));
    expect(c.distance).toBeGreaterThan(best);
    expect(c.distance).toBe(Math.max(...c.targets.map((t) => t.distance)));
    const files = calibrationFiles(checked, SCENARIO, info);
    expect(JSON.parse(files['summary.json']!).check.replicates).toBe(3);
    expect(files['calibrated.yaml']).toMatch(/#\s+check: the posterior means on 3 fresh replicates \(2-4, never used in the fit\): distance /);
    expect(JSON.parse(calibrationFiles(plain, SCENARIO, info)['summary.json']!).check).toBeNull();
  }, 60_000);

  it('splits the budget 60/40 and refuses one that fits fewer than 2 points', () => {
    expect(roundSizes(24, 2)).toEqual([7, 5]);
    expect(roundSizes(60, 2)).toEqual([18, 12]);
    expect(roundSizes(5, 2)).toEqual([1, 1]);
    expect(inputErrorOf(() => roundSizes(3, 2)).message).toMatch(/at least 2 points/);
  });
});

describe('calibrated.yaml', () => {
  it('sets a value in the text, keeping layout and comments', () => {
    expect(setInText('a:\n  b: 1   # why\nc: 0\n', ['a', 'b'], 0.25)).toBe('a:\n  b: 0.25   # why\nc: 0\n');
    expect(setInText('a:\n  b: 1   # why\nc: 0\n', ['a', 'd'], 3)).toBe('a:\n  b: 1   # why\n  d: 3\nc: 0\n');
    expect(setInText('x: 1\n', ['a', 'b'], 2)).toBe('x: 1\na:\n  b: 2\n');
    expect(setInText('x: 1', ['a', 'b'], 2)).toBe('x: 1\na:\n  b: 2\n');
    expect(setInText('a: {b: 1}\n', ['a', 'b'], 2)).toBe('a: {b: 2}\n');
    expect(setInText('a: {b: 1}\n', ['a', 'c'], 2)).toBe('a: { b: 1, c: 2 }\n');
  });
});

describe('calibration inputs', () => {
  it('reads a _pct column as a share and keeps the years as given', () => {
    const t = parseTarget(readFileSync(SHARED_DATA + 'county-a.csv', 'utf8'), 'county-a.csv', { column: 'headcount_ratio_pct' });
    expect(t.metric).toBe('headcount_ratio');
    expect(t.scale).toBe(0.01);
    expect(t.observed).toEqual([{ year: 2011, value: 0.14 }, { year: 2017, value: 0.012 }]);
    const n = parseTarget(readFileSync(SHARED_DATA + 'china-rural-poverty-2010-standard.csv', 'utf8'), 'n.csv', { column: 'headcount_ratio_pct', metric: 'headcount_ratio' });
    expect(n.observed.find((o) => o.year === 2013)?.value).toBeCloseTo(0.085, 12);
  });

  it('names the problem in a target', () => {
    expect(inputErrorOf(() => parseTarget('year,a,b\n2011,1,2\n', 't.csv')).message).toMatch(/several value columns \(a, b\); choose one with --column/);
    expect(inputErrorOf(() => parseTarget('year,headcount_ratoi\n2011,1\n', 't.csv')).message).toMatch(/did you mean "headcount_ratio"/);
    expect(inputErrorOf(() => parseTarget('year,headcount_ratio\n2011,x\n', 't.csv')).message).toMatch(/line 2: headcount_ratio must be a number/);
  });

  it('reports a bad params spec with its place', () => {
    const bad = [
      'parameters:',
      '  population.skill_mean: {from: 0.2, to: 1.5}',
      '  time.end_year: {from: 2012, to: 2013}',
      '  population.skil_mean: {from: 0, to: 1}',
      '  poverty_line: {from: 0, to: 1}',
      '  market: {from: 0, to: 1}',
    ].join('\n');
    const e = inputErrorOf(() => parseCalibrationSpec(bad, 'spec.yaml', SCENARIO, 'tiny.yaml'));
    const where = e.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`).join('\n');
    expect(where).toMatch(/^3: parameters\.time\.end_year: .*the simulated years are not calibrated/m);
    expect(where).toMatch(/^4: parameters\.population\.skil_mean: .*did you mean "skill_mean"/m);
    expect(where).toMatch(/^5: parameters\.poverty_line: .*the poverty line defines the outcome/m);
    expect(where).toMatch(/^6: parameters\.market: .*a section, not a field/m);
    // Bounds outside the field's range: checked against the scenario once the spec itself is valid.
    const range = inputErrorOf(() =>
      parseCalibrationSpec('parameters:\n  aspiration.success_gain: {from: 0, to: 0.1}\n  population.skill_mean: {from: 0.2, to: 1.5}\n', 'spec.yaml', SCENARIO, 'tiny.yaml'),
    );
    expect(range.problems).toHaveLength(1);
    expect(range.problems[0]).toMatchObject({ file: 'spec.yaml', line: 3, path: 'parameters.population.skill_mean.to' });
    expect(range.problems[0]!.message).toMatch(/1\.5/);
  });

  it('reads targets: a file, an inline series and figures, inside the scenario\'s years', () => {
    writeFileSync(join(dir, 'obs.csv'), 'year,headcount_ratio_pct,other\n2010,20,1\n2011,14,1\n2013,9,\n');
    const spec = [
      'parameters:',
      '  population.skill_mean: {from: 0.2, to: 0.6}',
      'targets:',
      '  poverty: {column: headcount_ratio, file: obs.csv, tolerance: 0.01}',
      '  inline: {column: registered_ratio, series: {2012: 0.1, 2014: 0.08}, tolerance: 0.02, weight: 2}',
      '  income: {column: income_mean, value: 5000, years: [2012, 2013], tolerance: 500}',
      '  last: {column: migrants, value: 100, years: [2012, 2014], stat: final, tolerance: 50}',
      '',
    ].join('\n');
    const t = parseCalibrationFile(spec, join(dir, 'spec-t.yaml'), SCENARIO, 'tiny.yaml').targets!;
    expect(t.map((x) => x.name)).toEqual(['poverty', 'inline', 'income', 'last']);
    // 2010 lies before the scenario's start (2011): left out; the _pct column is read as a share.
    expect(t[0]!.observations.map((o) => [o.years, o.observed])).toEqual([[[2011], 0.14], [[2013], 0.09]]);
    expect(t[1]!.weight).toBe(2);
    expect(t[2]!.observations).toEqual([{ target: 'income', column: 'income_mean', years: [2012, 2013], stat: 'mean', observed: 5000 }]);
    expect(t[3]!.observations[0]!.stat).toBe('final');
  });

  it('the bundled specs are valid against their scenarios, with fewer parameters than observed figures nationally', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const read = (f: string) => readFileSync(root + f, 'utf8');
    const spec = (name: string, scenario: string) =>
      parseCalibrationFile(read(`scenarios/calibration/${name}.params.yaml`), root + `scenarios/calibration/${name}.params.yaml`, read(`scenarios/${scenario}.yaml`), root + `scenarios/${scenario}.yaml`);
    const national = spec('national', 'national-2010-2020');
    // Counted as issue 11 counts them ("8 free parameters for 7 data points"): observed figures,
    // each year of a series one (6 parameters against 17 figures in 6 targets).
    const figures = national.targets!.flatMap((t) => t.observations).length;
    expect(national.parameters.length).toBeLessThan(figures / 2);
    // Nothing after 2016 is fitted: 2017-2020 is a projection.
    expect(Math.max(...national.targets!.flatMap((t) => t.observations.flatMap((o) => o.years)))).toBe(2016);
    expect(spec('county-a', 'county-a').targets![0]!.observations.map((o) => o.years[0])).toEqual([2011, 2017]);
  });

  it('reports a bad target with its place', () => {
    const bad = [
      'parameters:',
      '  population.skill_mean: {from: 0.2, to: 0.6}',
      'targets:',
      '  a: {column: headcount_ratoi, value: 0.1, year: 2012, tolerance: 0.01}',
      '  b: {column: headcount_ratio, value: 0.1, tolerance: 0.01}',
      '  c: {column: headcount_ratio, series: {2012: 0.1}, file: x.csv, tolerance: 0.01}',
      '  d: {column: headcount_ratio, value: 0.1, year: 2012, tolerance: -1}',
      '',
    ].join('\n');
    const e = inputErrorOf(() => parseCalibrationFile(bad, 'spec.yaml', SCENARIO, 'tiny.yaml'));
    const where = e.problems.map((p) => `${p.file}:${p.line}: ${p.path}: ${p.message}`).join('\n');
    expect(where).toMatch(/^spec\.yaml:4: targets\.a\.column: .*did you mean "headcount_ratio"/m);
    expect(where).toMatch(/^spec\.yaml:5: targets\.b\.value: a figure needs year or years/m);
    expect(where).toMatch(/^spec\.yaml:6: targets\.c: a target has one of file, series or value, not file and series/m);
    expect(where).toMatch(/^spec\.yaml:7: targets\.d\.tolerance: /m);
    // Checked against the scenario and the files once the spec itself is valid.
    const years = inputErrorOf(() =>
      parseCalibrationFile('parameters:\n  population.skill_mean: {from: 0.2, to: 0.6}\ntargets:\n  a: {column: headcount_ratio, value: 0.1, year: 2019, tolerance: 0.01}\n  b: {column: headcount_ratio, file: missing.csv, tolerance: 0.01}\n', join(dir, 'spec.yaml'), SCENARIO, 'tiny.yaml'),
    );
    expect(years.problems.map((p) => `${p.line}: ${p.path}`)).toEqual(['4: targets.a.year', '5: targets.b.file']);
    expect(years.problems[0]!.message).toMatch(/2019 is outside the scenario's years 2011-2014/);
  });

  it('fits a time series as a constant, within its range; a boolean is refused', () => {
    const ok = parseCalibrationSpec('parameters:\n  guarantee.standard_ratio: {from: 0.8, to: 1.5}\n', 'spec.yaml', SCENARIO, 'tiny.yaml');
    expect(ok.map((p) => p.path)).toEqual(['guarantee.standard_ratio']);
    const negative = inputErrorOf(() => parseCalibrationSpec('parameters:\n  guarantee.standard_ratio: {from: -1, to: 1}\n', 'spec.yaml', SCENARIO, 'tiny.yaml'));
    expect(negative.problems[0]!.path).toMatch(/standard_ratio/);
    const bool = inputErrorOf(() => parseCalibrationSpec('parameters:\n  guarantee.enabled: {from: 0, to: 1}\n', 'spec.yaml', SCENARIO, 'tiny.yaml'));
    expect(bool.problems[0]!.message).toMatch(/not a numeric field or time series/);
  });
});

describe('calibrate command', () => {
  function io(): Io & { out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      stderrIsTTY: false,
      cwd: dir,
      out: () => out,
      err: () => err,
    };
  }

  it('writes its files and exits 0, by SMC with a spec\'s targets or by rejection with --target', async () => {
    writeFileSync(join(dir, 'spec2.yaml'), SPEC + 'targets:\n  poverty: {column: headcount_ratio, file: target.csv, tolerance: 0.01}\n');
    const x = io();
    const code = await main(['calibrate', 'tiny.yaml', '--params', 'spec2.yaml', '--budget', '40', '--particles', '10', '--out', 'o', '--workers', '1'], x);
    expect(code).toBe(0);
    expect(x.err()).toMatch(/^generation 0: tolerance [\d.]+, \d+\/10 new particles kept; 20\/40 runs$/m);
    expect(x.out()).toMatch(/calibrate tiny: \d+\/40 runs \(\d+ generations of 10 particles x 2 replicates, seed 7\)/);
    expect(x.out()).toMatch(/population\.skill_mean +0\.2 to 0\.6 +/);
    expect(x.out()).toMatch(/poverty: headcount_ratio 2014 +/);
    for (const f of ['calibration.csv', 'posterior.csv', 'fit.csv', 'band.csv', 'summary.json', 'calibrated.yaml', 'abc-state.json']) expect(readFileSync(join(dir, 'o', f), 'utf8').length).toBeGreaterThan(0);
    const summary = JSON.parse(readFileSync(join(dir, 'o', 'summary.json'), 'utf8')) as { runs_used: number; budget_runs: number };
    expect(summary.runs_used).toBeLessThanOrEqual(summary.budget_runs);
    expect(readFileSync(join(dir, 'o', 'calibrated.yaml'), 'utf8')).toContain('#   sim calibrate tiny.yaml --params spec2.yaml --particles 10 --replicates 2 --seed 7 --budget 40');

    const y = io();
    expect(await main(['calibrate', 'tiny.yaml', '--target', 'target.csv', '--params', 'spec.yaml', '--method', 'rejection', '--budget', '8', '--out', 'o', '--quiet'], y)).toBe(0);
    expect(y.out()).toBe('');
    expect(y.err()).toMatch(/^warning: the posterior rests on \d+ effective particle\(s\) of \d+: its intervals and flags are rough/); // 8 runs: a rough posterior
    expect(readFileSync(join(dir, 'o', 'calibrated.yaml'), 'utf8')).toContain('#   sim calibrate tiny.yaml --params spec.yaml --target target.csv --method rejection --replicates 2 --seed 7 --budget 8');
  }, 60_000);

  it('--report writes report.html whose tables match fit.csv and summary.json; every file is as the data dictionary says', async () => {
    writeFileSync(join(dir, 'spec-r.yaml'), SPEC + 'targets:\n  poverty: {column: headcount_ratio, file: target.csv, tolerance: 0.01}\n  income: {column: income_mean, value: 5000, years: [2012, 2013], tolerance: 100000}\n');
    const x = io();
    expect(await main(['calibrate', 'tiny.yaml', '--params', 'spec-r.yaml', '--budget', '40', '--particles', '10', '--out', 'rep', '--workers', '1', '--report', '--quiet'], x)).toBe(0);
    const read = (f: string) => readFileSync(join(dir, 'rep', f), 'utf8');
    const html = read('report.html');
    const cells = (attr: string) => [...html.matchAll(new RegExp(`<tr ${attr}="[^"]*"[^>]*>(.*?)</tr>`, 'g'))].map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));
    const fit = parseCsv(read('fit.csv'), 'fit.csv').rows;
    expect(fit.length).toBeGreaterThan(1);
    const years = (ys: string[]) => (ys.length === 1 ? ys[0] : `${ys[0]}-${ys[ys.length - 1]}`);
    expect(cells('data-target')).toEqual(fit.map((r) => [
      r['target'], `${r['column']}${r['stat'] === 'value' ? '' : ` ${r['stat']}`} ${years(r['years']!.split(' '))}`,
      short(Number(r['observed'])), short(Number(r['model_mean'])), `${short(Number(r['lo']))} to ${short(Number(r['hi']))}`, r['inside'] === '1' ? 'inside' : 'OUTSIDE',
    ]));
    const summary = JSON.parse(read('summary.json')) as Record<string, unknown> & { parameters: { path: string; prior_from: number; prior_to: number; mean: number; median: number; q025: number; q975: number; not_identified: boolean; at_bound: string | null }[] };
    expect(cells('data-parameter').map((r) => [r[0], r[1], r[2], r[3], r[4], r[7]])).toEqual(summary.parameters.map((p) => [
      p.path, `${short(p.prior_from)} to ${short(p.prior_to)}`, short(p.mean), short(p.median), `${short(p.q025)} to ${short(p.q975)}`,
      [p.not_identified ? 'not identified' : '', p.at_bound ? `at ${p.at_bound} bound` : ''].filter((w) => w !== '').join(', ') || 'none',
    ]));
    // A chart per parameter and per target column, as inline SVG; nothing to load.
    expect(html.match(/<figure id="chart-posterior-/g)).toHaveLength(1);
    expect(html.match(/<figure id="chart-fit-/g)).toHaveLength(2);
    expect(html).toContain("content=\"default-src 'none';");
    expect(html).not.toMatch(/<script|(src|href)="https?:/i);

    // The data dictionary (docs/outputs.md) names every column and field the calibration writes.
    const docs = new Map(outputFiles().map((f) => [f.file, f.fields.flatMap((d) => (d.name === '<parameter path>' ? ['population.skill_mean'] : [d.name]))]));
    for (const f of ['calibration.csv', 'posterior.csv', 'fit.csv', 'band.csv']) expect(parseCsv(read(f), f).columns, f).toEqual(docs.get(f));
    const documented = new Set(docs.get('summary.json (calibrate)'));
    const written: string[] = [];
    for (const [k, v] of Object.entries(summary)) {
      if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') written.push(...Object.keys(v[0] as object).map((c) => `${k}[].${c}`));
      else written.push(k);
    }
    expect(new Set(written)).toEqual(documented);
  }, 60_000);

  it('stops on Ctrl-C after saving the finished generations (exit 130); --resume then writes what an uninterrupted run writes', async () => {
    writeFileSync(join(dir, 'spec3.yaml'), SPEC + 'targets:\n  poverty: {column: headcount_ratio, file: target.csv, tolerance: 0.0005}\n');
    const config = (out: string, resume = false) => {
      const c = parseArgs(['calibrate', 'tiny.yaml', '--params', 'spec3.yaml', '--budget', '60', '--particles', '10', '--out', out, ...(resume ? ['--resume'] : [])], { version: '0' });
      if (c.kind !== 'calibrate') throw new Error('expected calibrate');
      return c;
    };
    const ctx = (x: Io) => ({ io: x, program: readProgramInfo(), now: () => 0 });
    const pool = () => createInlinePool(executeRun);
    expect(await runCalibrate(config('whole'), ctx(io()), { pool: pool() })).toBe(0);
    const whole = readdirSync(join(dir, 'whole')).sort();
    expect(whole).toEqual(['abc-state.json', 'band.csv', 'calibrated.yaml', 'calibration.csv', 'fit.csv', 'posterior.csv', 'summary.json']);

    // Interrupted in generation 1 (generation 0 is 20 runs).
    const controller = new AbortController();
    let runs = 0;
    const counting: ReturnType<typeof createInlinePool> = { ...pool(), run: async (t) => { if (++runs === 25) controller.abort(); return executeRun(t); } };
    const x = io();
    expect(await runCalibrate(config('cut'), ctx(x), { pool: counting, signal: controller.signal })).toBe(130);
    expect(x.err()).toMatch(/interrupted \(SIGINT\): the finished generations are saved; continue with --resume --out cut/);
    expect(readdirSync(join(dir, 'cut'))).toEqual(['abc-state.json']);
    const y = io();
    expect(await runCalibrate(config('cut', true), ctx(y), { pool: pool() })).toBe(0);
    expect(y.err()).not.toMatch(/^generation 0:/m);
    for (const f of whole) expect(readFileSync(join(dir, 'cut', f), 'utf8')).toBe(readFileSync(join(dir, 'whole', f), 'utf8'));
  }, 60_000);

  it('run --posterior draws each replicate\'s parameters from the posterior, by weight and seed', async () => {
    // The SMC output of the test above.
    const posterior = readPosterior(join(dir, 'o'));
    expect(posterior.paths).toEqual(['population.skill_mean']);
    expect(posterior.particles.length).toBeGreaterThan(1);
    const x = io();
    expect(await main(['run', 'tiny.yaml', '--posterior', 'o', '--replicates', '3', '--out', 'r1'], x)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'r1', 'manifest.json'), 'utf8')) as { posterior: { parameters: string[]; particles: number[][] } };
    expect(manifest.posterior.parameters).toEqual(['population.skill_mean']);
    expect(manifest.posterior.particles).toHaveLength(3);
    for (const v of manifest.posterior.particles) expect(posterior.particles.map((p) => p.values[0])).toContain(v[0]);
    expect(await main(['run', 'tiny.yaml', '--posterior', 'o/calibrated.yaml', '--replicates', '3', '--out', 'r2'], io())).toBe(0);
    expect(readFileSync(join(dir, 'r2', 'trajectory.csv'), 'utf8')).toBe(readFileSync(join(dir, 'r1', 'trajectory.csv'), 'utf8'));
    // Weights decide: a particle of weight 0 is never drawn.
    const p = { file: 'x', paths: ['a'], particles: [{ weight: 0, values: [1] }, { weight: 2, values: [2] }, { weight: 0, values: [3] }] };
    expect(drawParticles(p, 7, 20)).toEqual(new Array(20).fill(1));
    const y = io();
    expect(await main(['run', 'tiny.yaml', '--posterior', 'tiny.yaml', '--out', 'r3'], y)).toBe(2);
    expect(y.err()).toMatch(/no posterior in the header/);
  }, 60_000);

  it('exits 2 with the file, line and path of a bad params spec', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'parameters:\n  population.skill_mean: {from: 0.2, to: "high"}\n');
    const x = io();
    const code = await main(['calibrate', 'tiny.yaml', '--target', 'target.csv', '--params', 'bad.yaml'], x);
    expect(code).toBe(2);
    expect(x.err()).toMatch(/bad\.yaml:2:\d+: parameters\.population\.skill_mean\.to: /);
  });

  it('exits 2 without targets', async () => {
    const x = io();
    expect(await main(['calibrate', 'tiny.yaml', '--params', 'spec.yaml'], x)).toBe(2);
    expect(x.err()).toMatch(/spec\.yaml has no targets: add a targets section, or give --target FILE\.csv/);
  });
});
