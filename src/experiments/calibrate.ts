/**
 * Calibration: fit chosen scenario parameters, within bounds, to an observed
 * trajectory of one output metric (a CSV of year and value), by approximate
 * Bayesian computation (rejection ABC) in two rounds under a budget of runs.
 *
 *  - round 1: a seeded Latin hypercube of n1 points over the bounds;
 *  - round 2: a Latin hypercube of n2 points inside the bounding box of the
 *    points accepted in round 1 (padded by 10% of its width on each side,
 *    clipped to the bounds);
 *  - every point runs `replicates` replicates with the SAME seed (common
 *    random numbers: replicate r faces the same households and shocks at
 *    every point); its distance is the RMSE, over the target years inside the
 *    scenario's span, between the replicate-mean metric and the target;
 *  - accepted: the best k points, k = max(5, ceil(10% of the points)) (at
 *    most all of them), by distance then evaluation order;
 *  - budget: total runs (points x replicates); n1 = floor(0.6 * budget / R)
 *    points, n2 = floor(budget / R) - n1.
 *
 * Deterministic for a given seed: the designs come from seedrandom streams
 * `pgs-calibrate/<seed>/round<r>`, results are stored by run id whatever
 * order the pool returns them in, and nothing reads the clock. Parameter
 * values are rounded to 6 significant digits when drawn, so the value
 * written to calibrated.yaml is exactly the one that was run.
 */
import { isMap, isScalar, parseDocument as parseYamlDocument } from 'yaml';
import { z } from 'zod';
import { inputError, runError } from '../core/errors.ts';
import { parseCsv, toCsv } from '../io/csv.ts';
import { defOf, fmt, isIntegerSchema, schemaAt, suggest, unwrap } from '../scenario/fields.ts';
import { parseDocument, readTextFile } from '../scenario/load.ts';
import { parseScenario } from '../scenario/scenario.ts';
import { ScenarioSchema, type Scenario } from '../scenario/schema.ts';
import { fromUnit, integerBounds, unitLatinHypercube, type ParameterSpec } from './design.ts';
import { createPointResolver, overrideText, settingOfText } from './point-resolver.ts';
import { errorText, type RunTask, type TaskPool } from './pool.ts';
import { failAt, scenarioPathProblem, SWEEP_METRICS, type Issue } from './sweep-file.ts';
import { runTasks } from './tasks.ts';

export const CALIBRATE_METHOD = 'pgs-calibrate/1: rejection ABC, two rounds of Latin hypercube sampling, common random numbers';
/** Share of the points run in round 1. */
export const ROUND1_SHARE = 0.6;
/** Accepted: this share of the points, but at least MIN_ACCEPTED. */
export const ACCEPT_SHARE = 0.1;
export const MIN_ACCEPTED = 5;
/** Round 2's box: the accepted points' box widened by this share of its width on each side. */
export const PAD = 0.1;

// ---------------------------------------------------------------------------
// Parameter spec file

/** Paths that are not behavioural or mechanism parameters: never calibrated. */
function notCalibratable(path: string): string | undefined {
  if (path === 'seed' || path === 'replicates') return `"${path}" is a setting of the run, not a parameter; use --${path}`;
  if (path === 'poverty_line' || path.startsWith('poverty_line.')) return 'the poverty line defines the outcome; it is not calibrated';
  if (path === 'time' || path.startsWith('time.')) return 'the simulated years are not calibrated';
  if (path === 'name' || path === 'description') return `"${path}" is not a parameter`;
  return undefined;
}

const CalibratePath = z.string().superRefine((k, ctx) => {
  const why = notCalibratable(k) ?? scenarioPathProblem(k, true);
  if (why) {
    ctx.addIssue({ code: 'custom', message: why });
    return;
  }
  const s = schemaAt(ScenarioSchema, k.split('.'));
  // A time series may be calibrated as a constant (the same value every year).
  const u = s ? unwrap(s) : undefined;
  if (!u || (defOf(u.core).type !== 'number' && !u.meta.timeSeries))
    ctx.addIssue({ code: 'custom', message: `${k} is not a numeric field or time series; only numbers can be calibrated` });
});

const Bounds = z
  .strictObject({ from: z.number(), to: z.number() })
  .superRefine((r, ctx) => {
    if (!(r.from < r.to)) ctx.addIssue({ code: 'custom', message: `bounds need "from" below "to", got from ${fmt(r.from)} to ${fmt(r.to)}` });
  });

export const CalibrationSpecSchema = z
  .strictObject({
    description: z.string().default(''),
    parameters: z.record(CalibratePath, Bounds).describe('Parameters to fit: dotted scenario path: {from, to} (bounds).'),
  })
  .superRefine((v, ctx) => {
    const paths = Object.keys(v.parameters);
    if (paths.length === 0) ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'calibration needs at least one parameter' });
    paths.forEach((p, i) => {
      for (const q of paths.slice(0, i)) {
        if (p.startsWith(q + '.') || q.startsWith(p + '.')) ctx.addIssue({ code: 'custom', path: ['parameters', p], message: `"${p}" overlaps the parameter "${q}"` });
      }
    });
  });

export interface CalibrationParameter {
  path: string;
  from: number;
  to: number;
  integer: boolean;
}

/**
 * Read a params spec (YAML or JSON) and check it against the scenario: both
 * bounds of every parameter must be valid values of the field in `scenarioText`
 * with the `set` overrides applied. Throws inputError (exit 2) with file, line and path.
 */
export function parseCalibrationSpec(text: string, file: string, scenarioText: string, scenarioFile: string, set: readonly string[] = []): CalibrationParameter[] {
  const v = parseDocument(CalibrationSpecSchema, text, file);
  const parameters = Object.entries(v.parameters).map(([path, b]) => ({
    path, from: b.from, to: b.to, integer: isIntegerSchema(schemaAt(ScenarioSchema, path.split('.'))),
  }));
  const issues: Issue[] = [];
  for (const p of parameters) {
    if (p.integer) {
      const [lo, hi] = integerBounds(p);
      if (lo > hi) {
        issues.push({ path: ['parameters', p.path], message: `${p.path} is a whole-number field and there is no whole number from ${fmt(p.from)} to ${fmt(p.to)}` });
        continue;
      }
    }
    for (const end of ['from', 'to'] as const) {
      try {
        parseScenario(scenarioText, scenarioFile, [...set, overrideText(p.path, p[end])]);
      } catch (e) {
        const problems = (e as { problems?: { path: string; message: string }[] }).problems;
        if (!problems) throw e;
        for (const q of problems) {
          const message = q.message.replace(/^"[^"=]*=.*?": /, '');
          issues.push({ path: ['parameters', p.path, end], message: q.path === p.path || q.path === '' ? message : `with ${p.path}=${fmt(p[end])}, ${q.path}: ${message}` });
        }
      }
    }
  }
  if (issues.length > 0) failAt(text, file, issues);
  return parameters;
}

// ---------------------------------------------------------------------------
// Target trajectory

export interface TargetOptions {
  /** Value column (default: the only column besides year). */
  column?: string | undefined;
  /** Trajectory metric (default: the column, without a `_pct` suffix). */
  metric?: string | undefined;
  /** Multiplier from the file's values to the metric's (default 0.01 for a `_pct` column, else 1). */
  scale?: number | undefined;
}

export interface Target {
  file: string;
  column: string;
  metric: string;
  scale: number;
  /** Every observation in the file, scaled, by year. */
  observed: { year: number; value: number }[];
}

export function loadTarget(file: string, opts: TargetOptions = {}): Target {
  return parseTarget(readTextFile(file), file, opts);
}

export function parseTarget(text: string, file: string, opts: TargetOptions = {}): Target {
  const csv = parseCsv(text, file);
  const bad = (message: string, path = ''): never => {
    throw inputError(`${file}: ${message}`, [{ file, path, message }]);
  };
  if (!csv.columns.includes('year')) bad(`the target needs a "year" column; it has ${csv.columns.join(', ')}`);
  const others = csv.columns.filter((c) => c !== 'year');
  let column = opts.column;
  if (column === undefined) {
    if (others.length !== 1) bad(`the target has several value columns (${others.join(', ')}); choose one with --column`);
    column = others[0]!;
  } else if (!csv.columns.includes(column) || column === 'year') {
    const s = suggest(column, others);
    bad(`no value column "${column}" in the target${s ? `; did you mean "${s}"?` : ''} (columns: ${others.join(', ')})`, column);
  }
  const pct = column.endsWith('_pct');
  const metric = opts.metric ?? (pct ? column.slice(0, -'_pct'.length) : column);
  if (!SWEEP_METRICS.includes(metric)) {
    const s = suggest(metric, SWEEP_METRICS);
    bad(`"${metric}" is not a trajectory metric${s ? `; did you mean "${s}"?` : ''}; name one with --metric (the columns of trajectory.csv)`, column);
  }
  const scale = opts.scale ?? (pct ? 0.01 : 1);
  if (!Number.isFinite(scale) || scale <= 0) bad(`--scale must be a positive number, got ${scale}`);
  const observed: Target['observed'] = [];
  const seen = new Set<number>();
  csv.rows.forEach((row, i) => {
    const line = i + 2;
    const y = Number(row['year']);
    const cell = (row[column] ?? '').trim();
    if (!Number.isInteger(y)) bad(`line ${line}: year must be a whole number, got "${row['year']}"`, 'year');
    if (cell === '') return; // not observed that year
    const x = Number(cell);
    if (!Number.isFinite(x)) bad(`line ${line}: ${column} must be a number, got "${cell}"`, column);
    if (seen.has(y)) bad(`line ${line}: year ${y} appears twice`, 'year');
    seen.add(y);
    observed.push({ year: y, value: x * scale });
  });
  observed.sort((a, b) => a.year - b.year);
  return { file, column, metric, scale, observed };
}

// ---------------------------------------------------------------------------
// The calibration

export interface CalibrateOptions {
  scenarioFile: string;
  scenarioText: string;
  /** `path=value` overrides applied to the scenario for every run (e.g. a smaller population); not written to calibrated.yaml. */
  set: readonly string[];
  parameters: CalibrationParameter[];
  target: Target;
  seed: number;
  replicates: number;
  /** Total runs allowed. */
  budget: number;
  pool: TaskPool;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface Evaluation {
  round: 1 | 2;
  /** 0-based, over both rounds. */
  point: number;
  values: number[];
  /** RMSE of the replicate mean against the target (NaN when the model gives NaN). */
  distance: number;
  /** Per replicate, the metric at every simulated year. */
  byReplicate: Map<number, number>[];
}

export interface ParameterSpread {
  mean: number;
  sd: number;
  q025: number;
  q975: number;
  min: number;
  max: number;
}

export interface FitRow {
  year: number;
  target: number | undefined;
  model_mean: number;
  lo: number;
  hi: number;
}

export interface CalibrationResult {
  parameters: CalibrationParameter[];
  target: Target;
  /** Target years inside the scenario's span. */
  years: number[];
  seed: number;
  replicates: number;
  budget: number;
  runsUsed: number;
  evaluations: Evaluation[];
  best: Evaluation;
  accepted: Evaluation[];
  spread: Record<string, ParameterSpread>;
  fit: FitRow[];
  /** RMSE of each replicate alone at the best point. */
  bestReplicateRmse: number[];
  scenario: Scenario;
}

/** Accepted count among n points. */
export function acceptedCount(n: number): number {
  return Math.min(n, Math.max(MIN_ACCEPTED, Math.ceil(ACCEPT_SHARE * n)));
}

/** Points per round for a budget of runs. Throws inputError when fewer than 2 points fit. */
export function roundSizes(budget: number, replicates: number): [number, number] {
  const points = Math.floor(budget / replicates);
  if (points < 2) {
    throw inputError(`--budget ${budget} allows ${points} point(s) at ${replicates} replicate(s) each; calibration needs at least 2 points (a budget of ${2 * replicates} runs)`);
  }
  const n1 = Math.max(1, Math.floor(ROUND1_SHARE * points));
  return [n1, points - n1];
}

/** Rounded to 6 significant digits (whole numbers stay whole), clipped to [lo, hi]. */
function roundValue(x: number, lo: number, hi: number): number {
  const r = Number.isInteger(x) ? x : Number(x.toPrecision(6));
  return Math.min(hi, Math.max(lo, r));
}

function designIn(box: CalibrationParameter[], n: number, seed: number, round: number): number[][] {
  if (n === 0) return [];
  const specs: ParameterSpec[] = box.map((p) => ({ path: p.path, kind: 'range', from: p.from, to: p.to, integer: p.integer }));
  return unitLatinHypercube(n, box.length, seed, `pgs-calibrate/${seed}/round${round}`).map((row) =>
    row.map((u, d) => roundValue(fromUnit(specs[d]!, u) as number, box[d]!.from, box[d]!.to)),
  );
}

/** The bounding box of the accepted points, padded, clipped to the bounds. */
function shrink(parameters: CalibrationParameter[], accepted: Evaluation[]): CalibrationParameter[] {
  return parameters.map((p, d) => {
    const xs = accepted.map((e) => e.values[d]!);
    let lo = Math.min(...xs);
    let hi = Math.max(...xs);
    const pad = hi > lo ? PAD * (hi - lo) : 0.05 * (p.to - p.from);
    lo = Math.max(p.from, lo - pad);
    hi = Math.min(p.to, hi + pad);
    if (p.integer) {
      lo = Math.floor(lo);
      hi = Math.ceil(hi);
    }
    return { ...p, from: lo, to: hi };
  });
}

const byDistance = (a: Evaluation, b: Evaluation): number => {
  const da = Number.isNaN(a.distance) ? Infinity : a.distance;
  const db = Number.isNaN(b.distance) ? Infinity : b.distance;
  return da !== db ? da - db : a.point - b.point;
};

/** Quantile by linear interpolation between order statistics (type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function spreadOf(xs: readonly number[]): ParameterSpread {
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    mean: m,
    sd: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0,
    q025: quantile(sorted, 0.025),
    q975: quantile(sorted, 0.975),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

function rmse(model: readonly number[], target: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < target.length; i++) s += (model[i]! - target[i]!) ** 2;
  return Math.sqrt(s / target.length);
}

export async function calibrate(opts: CalibrateOptions): Promise<CalibrationResult> {
  const { parameters, target, seed, replicates, budget, pool } = opts;
  const resolver = createPointResolver(opts.scenarioText, opts.scenarioFile, opts.set.map(settingOfText));
  const paths = parameters.map((p) => p.path);
  // Invalid: the loader says why (input error).
  const resolve = (values: number[]): Scenario => resolver.point(paths, values);
  const base = parseScenario(opts.scenarioText, opts.scenarioFile, opts.set);
  const { start_year: start, end_year: end } = base.time;
  const observed = target.observed.filter((o) => o.year >= start && o.year <= end);
  if (observed.length === 0) {
    const ys = target.observed.map((o) => o.year);
    throw inputError(
      `${target.file}: no observation of ${target.column} falls inside the scenario's years ${start}-${end}` +
        (ys.length > 0 ? ` (the target has ${ys[0]}-${ys[ys.length - 1]})` : ' (the target has no values)'),
    );
  }
  const years = observed.map((o) => o.year);
  const targetValues = observed.map((o) => o.value);
  const [n1, n2] = roundSizes(budget, replicates);
  const totalRuns = (n1 + n2) * replicates;

  const evaluations: Evaluation[] = [];
  let runsUsed = 0;
  opts.onProgress?.(0, totalRuns);

  const evaluate = async (points: number[][], round: 1 | 2): Promise<void> => {
    const first = evaluations.length;
    const fresh: Evaluation[] = points.map((values, i) => ({ round, point: first + i, values, distance: Number.NaN, byReplicate: [] }));
    const tasks: RunTask[] = [];
    for (const e of fresh) {
      const scenario = resolve(e.values);
      for (let r = 0; r < replicates; r++) tasks.push({ runId: e.point * replicates + r, scenario, seed, replicate: r, metrics: [target.metric] });
    }
    let outcome;
    try {
      outcome = await runTasks(pool, tasks, (result, t) => {
        const e = fresh[(t.runId - t.replicate) / replicates - first]!;
        const where = `run ${t.runId} (point ${e.point}, replicate ${t.replicate})`;
        if ('error' in result) throw runError(`${where} failed: ${result.error}`);
        if ('lost' in result) throw runError(`${where} could not complete: ${result.lost}`);
        const m = new Map<number, number>();
        for (const row of result.rows) m.set(Number(row['year']), Number(row[target.metric]));
        e.byReplicate[t.replicate] = m;
        runsUsed++;
        opts.onProgress?.(runsUsed, totalRuns);
      }, opts.signal);
    } catch (failure) {
      throw failure instanceof Error && 'exitCode' in failure ? failure : runError(`calibration failed: ${errorText(failure)}`);
    }
    if (outcome === 'aborted') throw runError('calibration interrupted');
    for (const e of fresh) {
      const meanByYear = years.map((y) => mean(e.byReplicate.map((m) => m.get(y) ?? Number.NaN)));
      e.distance = rmse(meanByYear, targetValues);
      evaluations.push(e);
    }
  };

  await evaluate(designIn(parameters, n1, seed, 1), 1);
  if (n2 > 0) {
    const accepted1 = [...evaluations].sort(byDistance).slice(0, acceptedCount(evaluations.length));
    await evaluate(designIn(shrink(parameters, accepted1), n2, seed, 2), 2);
  }

  const accepted = [...evaluations].sort(byDistance).slice(0, acceptedCount(evaluations.length));
  const best = accepted[0]!;
  const spread: Record<string, ParameterSpread> = {};
  parameters.forEach((p, d) => (spread[p.path] = spreadOf(accepted.map((e) => e.values[d]!))));
  const fit: FitRow[] = [];
  const targetByYear = new Map(observed.map((o) => [o.year, o.value]));
  for (let y = start; y <= end; y++) {
    const xs = best.byReplicate.map((m) => m.get(y) ?? Number.NaN);
    const sorted = [...xs].sort((a, b) => a - b);
    fit.push({ year: y, target: targetByYear.get(y), model_mean: mean(xs), lo: quantile(sorted, 0.025), hi: quantile(sorted, 0.975) });
  }
  const bestReplicateRmse = best.byReplicate.map((m) => rmse(years.map((y) => m.get(y) ?? Number.NaN), targetValues));
  return {
    parameters, target, years, seed, replicates, budget, runsUsed, evaluations, best, accepted, spread, fit, bestReplicateRmse,
    scenario: resolve(best.values),
  };
}

// ---------------------------------------------------------------------------
// Outputs

export interface OutputInfo {
  /** The command line, as it is to appear in calibrated.yaml's header. */
  command: string;
  paramsFile: string;
  set: readonly string[];
}

function num(x: number): number | string {
  return Number.isFinite(x) ? x : '';
}

/** calibration.csv, fit.csv, summary.json and calibrated.yaml, as text. Pure. */
export function calibrationFiles(r: CalibrationResult, scenarioText: string, info: OutputInfo): Record<string, string> {
  const paths = r.parameters.map((p) => p.path);
  const acceptedSet = new Set(r.accepted.map((e) => e.point));
  const calRows = r.evaluations.map((e) => {
    const row: Record<string, string | number> = { round: e.round, point: e.point };
    paths.forEach((p, i) => (row[p] = e.values[i]!));
    row['distance'] = num(e.distance);
    row['accepted'] = acceptedSet.has(e.point) ? 1 : 0;
    return row;
  });
  const calCsv = toCsvText(calRows, ['round', 'point', ...paths, 'distance', 'accepted']);
  const fitCsv = toCsvText(
    r.fit.map((f) => ({ year: f.year, target: f.target === undefined ? '' : f.target, model_mean: num(f.model_mean), lo: num(f.lo), hi: num(f.hi) })),
    ['year', 'target', 'model_mean', 'lo', 'hi'],
  );
  const bestParams = Object.fromEntries(paths.map((p, i) => [p, r.best.values[i]!]));
  const summary = {
    method: CALIBRATE_METHOD,
    seed: r.seed,
    replicates: r.replicates,
    budget_runs: r.budget,
    runs_used: r.runsUsed,
    points: r.evaluations.length,
    points_by_round: [1, 2].map((k) => r.evaluations.filter((e) => e.round === k).length),
    target: { file: r.target.file, column: r.target.column, metric: r.target.metric, scale: r.target.scale, years: r.years },
    params_file: info.paramsFile,
    set: info.set,
    bounds: Object.fromEntries(r.parameters.map((p) => [p.path, { from: p.from, to: p.to }])),
    rmse: r.best.distance,
    best: {
      round: r.best.round,
      point: r.best.point,
      parameters: bestParams,
      rmse: r.best.distance,
      replicates: r.best.byReplicate.map((m, k) => ({
        replicate: k,
        rmse: r.bestReplicateRmse[k],
        values: Object.fromEntries(r.years.map((y) => [String(y), m.get(y) ?? null])),
      })),
    },
    accepted: { count: r.accepted.length, points: r.accepted.map((e) => e.point), max_distance: r.accepted[r.accepted.length - 1]!.distance, spread: r.spread },
    fit: r.fit.map((f) => ({ ...f, target: f.target ?? null })),
  };
  return {
    'calibration.csv': calCsv,
    'fit.csv': fitCsv,
    'summary.json': JSON.stringify(summary, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
    'calibrated.yaml': calibratedYaml(r, scenarioText, info),
  };
}

function toCsvText(rows: Record<string, string | number>[], columns: string[]): string {
  return toCsv(rows, columns);
}

/**
 * The scenario's own text with the best values set and a header comment
 * saying how. The values are spliced into the text (a field the file sets is
 * replaced in place; a missing one is added as a line at the end of its block
 * section), so comments, alignment and layout stay as they are; only a field
 * inside a flow mapping that is missing falls back to re-printing the document.
 */
export function calibratedYaml(r: CalibrationResult, scenarioText: string, info: OutputInfo): string {
  let text = scenarioText;
  r.parameters.forEach((p, i) => {
    text = setInText(text, p.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), r.best.values[i]!);
  });
  const spreadText = r.parameters.map((p, i) => {
    const s = r.spread[p.path]!;
    return `${p.path} = ${fmt(r.best.values[i]!)} (accepted ${r.accepted.length}: mean ${fmt(round4(s.mean))}, 95% ${fmt(round4(s.q025))} to ${fmt(round4(s.q975))}; bounds ${fmt(p.from)} to ${fmt(p.to)})`;
  });
  const header = [
    'CALIBRATED by:',
    `  ${info.command}`,
    `target: ${r.target.file}, column ${r.target.column} x ${fmt(r.target.scale)} -> ${r.target.metric}, years ${r.years.join(', ')}`,
    `${CALIBRATE_METHOD}; ${r.runsUsed} runs, seed ${r.seed}, ${r.replicates} replicates per point`,
    ...(info.set.length > 0 ? [`the runs used --set ${info.set.join(' --set ')} (not written here)`] : []),
    `RMSE of the replicate mean: ${fmt(round4(r.best.distance))}`,
    ...spreadText,
  ].map((l) => `# ${l}`).join('\n') + '\n#\n';
  // After a leading modeline (# yaml-language-server: ...), else at the top.
  const modeline = /^# yaml-language-server:[^\n]*\n/.exec(text);
  text = modeline ? modeline[0] + header + text.slice(modeline[0].length) : header + text;
  // The result must be a valid scenario with exactly the fitted values.
  const check = parseScenario(text, '<calibrated.yaml>');
  r.parameters.forEach((p, i) => {
    const got = p.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], check);
    if (got !== r.best.values[i]) throw runError(`calibrated.yaml: ${p.path} reads back as ${String(got)}, not ${r.best.values[i]}`);
  });
  return text;
}

/** `text` with the value at `path` set to `value`, keeping everything else of the text as it is. */
export function setInText(text: string, path: (string | number)[], value: number): string {
  const doc = parseYamlDocument(text);
  const node = doc.getIn(path, true);
  const literal = String(value);
  if (isScalar(node) && node.range) return text.slice(0, node.range[0]) + literal + text.slice(node.range[1]);
  // Missing: the deepest block map on the path that exists.
  for (let k = path.length - 1; k >= 0; k--) {
    const parent = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
    if (parent === undefined || parent === null) continue;
    if (!isMap(parent) || parent.flow || parent.items.length === 0 || typeof path[k] !== 'string') break;
    const first = parent.items[0]!.key as { range?: [number, number, number] } | null;
    const last = parent.items[parent.items.length - 1]!;
    const lastEnd = (last.value as { range?: [number, number, number] } | null)?.range?.[2] ?? (last.key as { range?: [number, number, number] } | null)?.range?.[2];
    if (!first?.range || lastEnd === undefined) break;
    const indent = first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1);
    let at = text.indexOf('\n', Math.max(0, lastEnd - 1));
    at = at === -1 ? text.length : at + 1;
    const lines = path.slice(k).map((key, d) => `${' '.repeat(indent + 2 * d)}${String(key)}:${d === path.length - k - 1 ? ` ${literal}` : ''}`);
    const before = text.slice(0, at);
    return (before.endsWith('\n') || before === '' ? before : before + '\n') + lines.join('\n') + '\n' + text.slice(at);
  }
  doc.setIn(path, value);
  return doc.toString({ lineWidth: 0 });
}

function round4(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : x;
}
