/**
 * Sensitivity files: YAML or JSON naming what to analyse (a base scenario
 * with fixed overrides, as a sweep file does, or a built-in analytic test
 * model), the parameters and their uniform ranges, the method, the
 * replicates and the metrics. Validated like sweep files (sweep-file.ts):
 * every problem with file, line, column and dotted path, exit code 2; the
 * base scenario, then each range's ends alone, then every design point in
 * full (those with runs in the shard). Nothing runs until all of it passes.
 *
 * ```yaml
 * name: sensitivity-example
 * base: baseline.yaml                   # relative to this file; or model: ishigami
 * set: {population.households: 3000}    # fixed overrides for every run
 * seed: 42                              # default: the base scenario's
 * replicates: 2                         # runs per design point (common random numbers)
 * method: {kind: morris, trajectories: 10, levels: 4, candidates: 40}
 * #   or   {kind: sobol, samples: 1024, second_order: false}   (samples: a power of two)
 * bootstrap: 200                        # resamples for the 95% intervals
 * parameters:
 *   levers.technology: {from: 0, to: 1}
 *   population.villages_per_county: {from: 20, to: 60}   # whole-number fields: whole numbers
 * contrast: {governance.arrangement: [multi, single]}   # optional: two arms per design point
 * metrics:
 *   - {column: headcount_ratio, year: 2020}
 *   - {column: funds_leaked, mean: [2016, 2020]}         # mean over the years, ends included
 *   - {column: headcount_ratio, year: 2020, difference: true}   # first arm minus second arm
 * ```
 *
 * With a contrast every design point runs at both values of the contrast
 * field (the two arms, with the same seeds: common random numbers), as
 * consecutive sweep points 2k and 2k + 1; a metric is the first arm's value,
 * or with `difference: true` the first arm's minus the second's, so the
 * analysis says what the difference between two arrangements depends on.
 *
 * The design (design points = rows of the Morris or Saltelli design) becomes
 * a Sweep (sweep-file.ts), so the sweep machinery runs it: runs.csv streamed,
 * resumable and shardable, run id = point * replicates + replicate, and
 * every design point's replicate k uses the same seed and replicate index:
 * common random numbers across the A, B and AB rows.
 */
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import type { Problem } from '../../core/errors.ts';
import { canonicalJson, sha256Hex } from '../../io/json.ts';
import { fmt, isIntegerSchema, schemaAt, suggest } from '../../scenario/fields.ts';
import { parseDocument, readTextFile } from '../../scenario/load.ts';
import { ScenarioSchema, type Scenario } from '../../scenario/schema.ts';
import { fromUnit, integerBounds, WHOLE, type Design, type ParameterSpec, type Point, type Shard, type Value } from '../design.ts';
import { createPointResolver, setting } from '../point-resolver.ts';
import { failAt, pointInShard, readBase, scenarioPathProblem, SWEEP_METRICS, type Issue, type Sweep } from '../sweep-file.ts';
import { morrisDesign, morrisRows } from './morris.ts';
import { saltelliDesign, saltelliRows, stride } from './saltelli.ts';
import { MAX_SOBOL_DIMENSIONS } from './sobol-sequence.ts';
import { DEFAULT_RESAMPLES } from './bootstrap.ts';

/** Version of the design and run layout; part of the hash. */
export const SENSITIVITY_FORMAT = 'pgs-sensitivity/1';
/** At most this many design points. */
export const MAX_DESIGN_POINTS = 1_000_000;

const Range = z
  .strictObject({ from: z.number(), to: z.number() })
  .superRefine((r, ctx) => {
    if (!(r.from < r.to)) ctx.addIssue({ code: 'custom', message: `a range needs "from" below "to", got from ${fmt(r.from)} to ${fmt(r.to)}; to hold a parameter fixed, put it in "set"` });
  });

const Morris = z.strictObject({
  kind: z.literal('morris'),
  trajectories: z.int().min(2).max(100_000).describe('r: trajectories (each D + 1 runs of the design).'),
  levels: z.int().min(2).max(1000).default(4).describe('p: grid levels (even); the step is p / (2 (p - 1)).'),
  candidates: z.int().min(2).max(500).optional().describe('Campolongo selection: draw this many trajectories, keep the r most spread out (at most 500: the selection compares every pair).'),
});
const Sobol = z.strictObject({
  kind: z.literal('sobol'),
  samples: z.int().min(4).max(2 ** 24).describe('N: base samples, a power of two; N (D + 2) design points, N (2D + 2) with second order.'),
  second_order: z.boolean().default(false),
});

const AnalyticModel = z.union([
  z.literal('ishigami'),
  z.strictObject({ name: z.literal('ishigami'), a: z.number().default(7), b: z.number().default(0.1) }),
  z.literal('sobol_g'),
  z.strictObject({ name: z.literal('sobol_g'), a: z.array(z.number().min(0)).min(1).max(MAX_SOBOL_DIMENSIONS / 2) }),
]);

const Scalar = z.union([z.number(), z.string(), z.boolean()]);

const Column = z.string().superRefine((m, ctx) => {
  if (SWEEP_METRICS.includes(m)) return;
  const s = suggest(m, SWEEP_METRICS);
  ctx.addIssue({ code: 'custom', message: `unknown column "${m}"${s ? `; did you mean "${s}"?` : ''}; columns are those of trajectory.csv (src/metrics/collect.ts)` });
});
const Metric = z
  .strictObject({
    name: z.string().min(1).optional().describe('Name in indices.csv (default: column@year or column@from-to).'),
    column: Column,
    year: z.int().optional(),
    mean: z.tuple([z.int(), z.int()]).optional().describe('[from, to]: the mean over these years, ends included.'),
    difference: z.boolean().default(false).describe('With a contrast: the first arm minus the second (default: the first arm).'),
  })
  .superRefine((m, ctx) => {
    if ((m.year === undefined) === (m.mean === undefined)) ctx.addIssue({ code: 'custom', message: 'a metric needs either "year" or "mean: [from, to]"' });
    if (m.mean && m.mean[0] > m.mean[1]) ctx.addIssue({ code: 'custom', path: ['mean'], message: `the first year ${m.mean[0]} is after the last ${m.mean[1]}` });
  });

export const SensitivitySchema = z
  .strictObject({
    name: z.string().default(''),
    description: z.string().default(''),
    base: z.string().min(1).optional().describe('Base scenario file, relative to this file (or "model").'),
    model: AnalyticModel.optional().describe('A built-in analytic test model instead of a scenario: ishigami or sobol_g.'),
    set: z.record(z.string().superRefine((k, ctx) => {
      const why = scenarioPathProblem(k, false);
      if (why) ctx.addIssue({ code: 'custom', message: why });
    }), z.unknown()).default({}),
    seed: z.int().min(0).max(2 ** 32 - 1).optional(),
    replicates: z.int().min(1).max(10_000).optional(),
    method: z.discriminatedUnion('kind', [Morris, Sobol]),
    bootstrap: z.int().min(0).max(100_000).default(DEFAULT_RESAMPLES).describe('Bootstrap resamples for the 95% intervals (0: none).'),
    parameters: z.record(z.string(), Range).default({}),
    contrast: z.record(z.string(), z.tuple([Scalar, Scalar])).optional().describe('One field and two values: every design point runs at both (the arms).'),
    metrics: z.array(Metric).default([]),
  })
  .superRefine((v, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if ((v.base === undefined) === (v.model === undefined)) add([], 'name either "base" (a scenario file) or "model" (ishigami or sobol_g)');
    const paths = Object.keys(v.parameters);
    if (v.model === undefined) {
      if (paths.length === 0) add(['parameters'], 'name at least one parameter to vary, with its range {from, to}');
      if (v.metrics.length === 0) add(['metrics'], 'name at least one metric, e.g. {column: headcount_ratio, year: 2020}');
      for (const p of paths) {
        const why = scenarioPathProblem(p, true);
        if (why) add(['parameters', p], why);
        for (const s of Object.keys(v.set)) if (s === p || s.startsWith(p + '.') || p.startsWith(s + '.')) add(['set', s], `"${s}" is also varied in parameters ("${p}"); fix it or vary it, not both`);
      }
    } else {
      if (Object.keys(v.set).length > 0) add(['set'], 'an analytic model has no scenario to set');
      if (v.metrics.length > 0) add(['metrics'], 'an analytic model has one output, "y"; remove "metrics"');
      if ((v.replicates ?? 1) !== 1) add(['replicates'], 'an analytic model is deterministic: one replicate');
      const inputs = modelInputs(v.model).map((i) => i.name);
      const extra = paths.filter((p) => !inputs.includes(p));
      for (const p of extra) add(['parameters', p], `not an input of the model; its inputs are ${inputs.join(', ')}`);
      if (paths.length > 0 && extra.length === 0 && paths.length !== inputs.length) add(['parameters'], `give the range of every input (${inputs.join(', ')}) or of none (the defaults)`);
    }
    const contrast = Object.entries(v.contrast ?? {});
    if (v.contrast !== undefined) {
      if (v.model !== undefined) add(['contrast'], 'an analytic model has no scenario to contrast');
      if (contrast.length !== 1) add(['contrast'], `name exactly one field and its two values, e.g. {governance.arrangement: [multi, single]}; got ${contrast.length} fields`);
      for (const [path, values] of contrast) {
        const why = scenarioPathProblem(path, true);
        if (why) add(['contrast', path], why);
        if (JSON.stringify(values[0]) === JSON.stringify(values[1])) add(['contrast', path], 'the two values are the same');
        if (path in v.parameters || path in v.set) add(['contrast', path], `"${path}" is also ${path in v.set ? 'fixed in set' : 'a parameter'}`);
      }
    }
    v.metrics.forEach((m, i) => {
      if (m.difference && v.contrast === undefined) add(['metrics', i, 'difference'], 'a difference needs a "contrast" (the two arms)');
    });
    const names = new Set<string>();
    v.metrics.forEach((m, i) => {
      const name = metricName(m);
      if (names.has(name)) add(['metrics', i], `the metric "${name}" is listed twice`);
      names.add(name);
    });
    const d = v.model ? modelInputs(v.model).length : paths.length;
    if (v.method.kind === 'sobol') {
      const n = v.method.samples;
      if ((n & (n - 1)) !== 0) add(['method', 'samples'], `a Sobol design needs a power of two (balanced prefixes at N/4 and N/2), got ${n}; e.g. ${2 ** Math.round(Math.log2(n))}`);
      if (2 * d > MAX_SOBOL_DIMENSIONS) add(['parameters'], `a Sobol design takes at most ${MAX_SOBOL_DIMENSIONS / 2} parameters, got ${d}; screen them with Morris first`);
      if (n * stride({ dims: d, second: v.method.second_order }) > MAX_DESIGN_POINTS) add(['method', 'samples'], `the design has more than ${MAX_DESIGN_POINTS} points`);
    } else {
      if (v.method.levels % 2 !== 0) add(['method', 'levels'], `Morris levels must be even (the step is p / (2 (p - 1))), got ${v.method.levels}`);
      if (v.method.candidates !== undefined && v.method.candidates < v.method.trajectories) add(['method', 'candidates'], `"candidates" (${v.method.candidates}) must be at least "trajectories" (${v.method.trajectories})`);
      if (v.method.trajectories * (d + 1) > MAX_DESIGN_POINTS) add(['method', 'trajectories'], `the design has more than ${MAX_DESIGN_POINTS} points`);
    }
  });

export type SensitivityInput = z.input<typeof SensitivitySchema>;
type Parsed = z.output<typeof SensitivitySchema>;
export type Method = Parsed['method'];
export type MetricSpec = { name: string; column: string; years: [number, number]; difference: boolean };
export type AnalyticSpec = { name: 'ishigami'; a: number; b: number } | { name: 'sobol_g'; a: number[] };

export function metricName(m: { name?: string | undefined; column: string; year?: number | undefined; mean?: [number, number] | undefined; difference?: boolean | undefined }): string {
  if (m.name !== undefined) return m.name;
  return (m.year !== undefined ? `${m.column}@${m.year}` : `${m.column}@${m.mean![0]}-${m.mean![1]}`) + (m.difference ? ':difference' : '');
}

function analyticOf(model: NonNullable<Parsed['model']>): AnalyticSpec {
  if (model === 'ishigami') return { name: 'ishigami', a: 7, b: 0.1 };
  if (model === 'sobol_g') return { name: 'sobol_g', a: [0, 1, 4.5, 9, 99, 99, 99, 99] };
  return model;
}

/** Inputs of an analytic model and their default ranges. */
export function modelInputs(model: NonNullable<Parsed['model']>): { name: string; from: number; to: number }[] {
  const m = analyticOf(model);
  if (m.name === 'ishigami') return [1, 2, 3].map((i) => ({ name: `x${i}`, from: -Math.PI, to: Math.PI }));
  return m.a.map((_, i) => ({ name: `x${i + 1}`, from: 0, to: 1 }));
}

/** A validated analysis: its design in the unit cube and in values, and the sweep that runs it (scenario models). */
export interface Sensitivity {
  file: string;
  name: string;
  description: string;
  method: Method;
  bootstrap: number;
  seed: number;
  replicates: number;
  parameters: ParameterSpec[];
  metrics: MetricSpec[];
  /** The analytic model, or undefined for a scenario. */
  model: AnalyticSpec | undefined;
  /** The contrast field and its two values (each design point runs at both), or undefined. */
  contrast: { path: string; values: [Value, Value] } | undefined;
  /** Sweep points per design point: 2 with a contrast, else 1. */
  arms: number;
  /** Design rows in the unit cube (points x D, row-major). */
  unit: Float64Array;
  points: Point[];
  /** The design as a sweep (scenario models only). */
  sweep: Sweep | undefined;
  hash: string;
}

/** Seedrandom streams of the analysis (never shared with the model's). */
export const streams = {
  sobol: (seed: number) => `pgs-sensitivity/${seed}/sobol`,
  morris: (seed: number) => `pgs-sensitivity/${seed}/morris`,
  bootstrap: (seed: number, metric: string) => `pgs-sensitivity/${seed}/bootstrap/${metric}`,
};

export interface SensitivityLoadOptions {
  shard?: Shard;
}

export function loadSensitivityFile(file: string, opts: SensitivityLoadOptions = {}): Sensitivity {
  return parseSensitivity(readTextFile(file), file, opts);
}

function unitDesign(method: Method, dims: number, seed: number): Float64Array {
  if (method.kind === 'sobol') return saltelliDesign({ n: method.samples, dims, second: method.second_order }, streams.sobol(seed));
  return morrisDesign({ dims, levels: method.levels, trajectories: method.trajectories }, streams.morris(seed), method.candidates).rows;
}

export function designRows(method: Method, dims: number): number {
  return method.kind === 'sobol' ? saltelliRows({ n: method.samples, dims, second: method.second_order }) : morrisRows({ dims, levels: method.levels, trajectories: method.trajectories });
}

function pointsOf(unit: Float64Array, parameters: readonly ParameterSpec[]): Point[] {
  const d = parameters.length;
  const out: Point[] = [];
  for (let k = 0; k < unit.length / d; k++) out.push(parameters.map((p, i) => fromUnit(p, Math.min(1, Math.max(0, unit[k * d + i]!)))));
  return out;
}

export function parseSensitivity(text: string, file: string, opts: SensitivityLoadOptions = {}): Sensitivity {
  const v = parseDocument(SensitivitySchema, text, file);
  const fail = (issues: Issue[]): never => failAt(text, file, issues);
  const shard = opts.shard ?? WHOLE;
  const name = v.name !== '' ? v.name : basename(file, extname(file));
  const method = v.method;

  if (v.model !== undefined) {
    const model = analyticOf(v.model);
    const inputs = modelInputs(v.model);
    const parameters: ParameterSpec[] = inputs.map((i) => ({ path: i.name, kind: 'range', from: v.parameters[i.name]?.from ?? i.from, to: v.parameters[i.name]?.to ?? i.to, integer: false }));
    const seed = v.seed ?? 0;
    const unit = unitDesign(method, parameters.length, seed);
    const points = pointsOf(unit, parameters);
    const hash = sha256Hex(canonicalJson({ format: SENSITIVITY_FORMAT, model, seed, method, parameters }));
    return { file, name, description: v.description, method, bootstrap: v.bootstrap, seed, replicates: 1, parameters, metrics: [{ name: 'y', column: 'y', years: [0, 0], difference: false }], model, contrast: undefined, arms: 1, unit, points, sweep: undefined, hash };
  }

  // The base scenario alone, then `set` on it.
  const { baseFile, baseText } = readBase(file, v.base!, fail);
  const setEntries = Object.entries(v.set);
  const setSettings = setEntries.map(([k, val]) => setting(k, val));
  const resolver = createPointResolver(baseText, baseFile, setSettings);
  const withSet = resolver.resolve([]);
  if ('problems' in withSet) {
    return fail(withSet.problems.map((p) => {
      const key = setEntries.map(([k]) => k).find((k) => p.path === k || p.path.startsWith(k + '.'));
      return { path: key === undefined ? ['set'] : ['set', key], message: problemText(p) };
    }));
  }
  const base: Scenario = withSet.scenario;

  // Metrics: their years must be simulated by the base.
  const first = base.time.start_year;
  const last = base.time.end_year;
  const issues: Issue[] = [];
  const metrics: MetricSpec[] = v.metrics.map((m, i) => {
    const years: [number, number] = m.year !== undefined ? [m.year, m.year] : [m.mean![0], m.mean![1]];
    if (years[0] < first || years[1] > last) issues.push({ path: ['metrics', i, m.year !== undefined ? 'year' : 'mean'], message: `the base scenario reports the years ${first} to ${last}` });
    return { name: metricName(m), column: m.column, years, difference: m.difference };
  });

  // Each range's ends alone: precise places for the usual mistakes.
  const parameters: ParameterSpec[] = Object.entries(v.parameters).map(([path, r]) => ({
    path, kind: 'range', from: r.from, to: r.to, integer: isIntegerSchema(schemaAt(ScenarioSchema, path.split('.'))),
  }));
  parameters.forEach((p, index) => {
    if (p.kind !== 'range') return;
    let ends: [number, number] = [p.from, p.to];
    if (p.integer) {
      ends = integerBounds(p);
      if (ends[0] > ends[1]) {
        issues.push({ path: ['parameters', p.path], message: `${p.path} is a whole-number field and there is no whole number from ${fmt(p.from)} to ${fmt(p.to)}` });
        return;
      }
    }
    ends.forEach((value, e) => {
      const r = resolver.resolve([resolver.settingOf(index, p.path, value)]);
      if ('problems' in r) for (const q of r.problems) issues.push({ path: ['parameters', p.path, e === 0 ? 'from' : 'to'], message: problemText(q) });
    });
  });
  // The contrast's two values, alone.
  const contrastEntry = Object.entries(v.contrast ?? {})[0];
  const contrast = contrastEntry ? { path: contrastEntry[0], values: contrastEntry[1] as [Value, Value] } : undefined;
  const arms = contrast ? 2 : 1;
  const armSpec: ParameterSpec[] = contrast ? [{ path: contrast.path, kind: 'list', values: [...contrast.values], integer: isIntegerSchema(schemaAt(ScenarioSchema, contrast.path.split('.'))) }] : [];
  armSpec.forEach((p) => {
    if (p.kind !== 'list') return;
    p.values.forEach((value, i) => {
      const r = resolver.resolve([resolver.settingOf(parameters.length, p.path, value)]);
      if ('problems' in r) for (const q of r.problems) issues.push({ path: ['contrast', p.path, i], message: problemText(q) });
    });
  });
  if (issues.length > 0) return fail(issues);

  const seed = v.seed ?? base.seed;
  const replicates = v.replicates ?? base.replicates;
  const unit = unitDesign(method, parameters.length, seed);
  const points = pointsOf(unit, parameters);
  // Sweep points: each design point once, or at both arms (2k, 2k + 1).
  const sweepParameters = [...parameters, ...armSpec];
  const sweepPoints = contrast ? points.flatMap((p) => contrast.values.map((a) => [...p, a])) : points;

  // Every sweep point in full (those with runs in the shard).
  const years = new Array<number>(sweepPoints.length).fill(Number.NaN);
  const paths = sweepParameters.map((p) => p.path);
  let failed = 0;
  for (let k = 0; k < sweepPoints.length; k++) {
    if (!pointInShard(k, replicates, shard)) continue;
    const r = resolver.resolve(resolver.settingsOf(paths, sweepPoints[k]!));
    if ('problems' in r) {
      if (++failed <= 5) {
        const where = sweepParameters.map((p, i) => `${p.path}=${JSON.stringify(sweepPoints[k]![i])}`).join(', ');
        issues.push({ path: ['parameters'], message: `design point ${k} (${where}) is not a valid scenario: ${problemText(r.problems[0]!)}` });
      }
      continue;
    }
    years[k] = r.scenario.time.end_year - r.scenario.time.start_year + 1;
  }
  if (failed > 5) issues.push({ path: ['parameters'], message: `... and ${failed - 5} more design points are not valid scenarios` });
  if (issues.length > 0) return fail(issues);

  const columns = [...new Set(metrics.map((m) => m.column))];
  // The manifest's "design" names the method (the Sweep type knows only the sweep designs).
  const design = { ...method, kind: `sensitivity-${method.kind}` } as unknown as Design;
  const hash = sha256Hex(canonicalJson({ format: SENSITIVITY_FORMAT, seed, replicates, method, parameters: sweepParameters, columns, base, points: sweepPoints }));
  const sweep: Sweep = {
    file, name, description: v.description, base: { file: baseFile, text: baseText, scenario: base }, set: v.set, setOverrides: setSettings.map((x) => x.text),
    seed, replicates, design, parameters: sweepParameters, metrics: columns, points: sweepPoints, years, checked: { ...shard }, hash,
  };
  return { file, name, description: v.description, method, bootstrap: v.bootstrap, seed, replicates, parameters, metrics, model: undefined, contrast, arms, unit, points, sweep, hash };
}

/** A scenario problem as seen from the sensitivity file. */
function problemText(p: Problem): string {
  const message = p.message.replace(/^"[^"=]*=.*?": /, '');
  return p.path === '' ? message : `${p.path}: ${message}`;
}

