/**
 * Sweep files: YAML or JSON naming a base scenario, fixed overrides, the
 * parameters to vary, the design, the replicates and the metrics to keep.
 * Validated in two passes, both reporting every problem with file, line,
 * column and dotted path (exit code 2):
 *  1. the sweep file's own schema (types, ranges, unknown keys, unknown
 *     metrics, parameter paths that the scenario schema does not know);
 *  2. against the base scenario: `set` applied to the base, every value of
 *     every parameter applied alone, then every design point in full (only
 *     the points with runs in the shard, when sharded), each exactly as
 *     `--set path=value` would be (point-resolver.ts: the base is parsed
 *     once; only a check that fails goes through the loader again).
 * Nothing runs until all of it passes.
 *
 * ```yaml
 * name: sweep-example
 * base: baseline.yaml                  # relative to the sweep file
 * set: {population.households: 3000}   # fixed overrides for every run
 * seed: 42                             # default: the base scenario's
 * replicates: 3                        # default: the base scenario's
 * design: {kind: factorial}            # or {kind: latin_hypercube, samples: 20}
 * parameters:
 *   levers.technology: [0, 0.5, 1]           # levels (LHS: discrete levels)
 *   levers.fund: {from: 0, to: 1, steps: 3}  # factorial: steps values, ends included
 *                                            # LHS: {from, to}, continuous, no steps
 * metrics: [headcount_ratio, exclusion_error_at_registration, funds_leaked]   # default: the headline metrics
 * ```
 */
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { inputError, type Problem } from '../core/errors.ts';
import { HEADLINE, TRAJECTORY_COLUMNS } from '../metrics/catalogue.ts';
import { canonicalJson, sha256Hex } from '../io/json.ts';
import { defOf, fmt, isIntegerSchema, knownKeys, repr, schemaAt, suggest, unwrap, walkPath } from '../scenario/fields.ts';
import { FORBIDDEN_KEYS, parseDocument, readBoundedText, readTextFile, SET_FILE, unreadableReason } from '../scenario/load.ts';
import { parseScenario } from '../scenario/scenario.ts';
import { ScenarioSchema, type Scenario } from '../scenario/schema.ts';
import {
  designPoints, factorialCount, factorialLevels, integerBounds, repeatedLevels, WHOLE,
  type Design, type ParameterSpec, type Point, type Shard, type Value,
} from './design.ts';
import { createPointResolver, overrideText, setting, type PointResolver } from './point-resolver.ts';

/** Columns of the trajectory a sweep may keep ('year' is always kept; 'replicate' is a column of its own). */
export const SWEEP_METRICS: readonly string[] = TRAJECTORY_COLUMNS.filter((c) => c !== 'year' && c !== 'replicate');
/** At most this many design points (a factorial design grows fast). */
export const MAX_POINTS = 1_000_000;
/** Version of the runs.csv layout and run numbering; part of the sweep hash. */
export const SWEEP_FORMAT = 'pgs-sweep/1';

const RESERVED: Record<string, string> = {
  seed: 'the sweep sets the seed of every run; write "seed" at the top of the sweep file',
  replicates: 'the sweep sets the replicates; write "replicates" at the top of the sweep file',
};
/** Why `path` cannot be overridden / varied, or undefined when it can. */
export function scenarioPathProblem(path: string, varied: boolean): string | undefined {
  const parts = path.split('.');
  if (parts.some((p) => p.trim() === '')) return `empty field name in "${path}"`;
  const bad = parts.find((p) => FORBIDDEN_KEYS.has(p));
  if (bad) return `the key "${bad}" is not allowed`;
  if (RESERVED[path]) return RESERVED[path];
  const field = walkPath(ScenarioSchema, parts, 'the scenario');
  if ('problem' in field) return `not a scenario field: ${field.problem}`;
  const s = field.schema;
  if (varied) {
    const type = defOf(unwrap(s).core).type;
    if (type === 'object') {
      const fields = knownKeys(s);
      return `a section, not a field; vary one of its fields (${fields.slice(0, 4).map((f) => `${path}.${f}`).join(', ')}${fields.length > 4 ? ', ...' : ''})`;
    }
    if (type === 'array') return `a list, not a field; vary a field of one of its items (e.g. ${path}.0.<field>)`;
  }
  return undefined;
}

function isIntegerField(path: string): boolean {
  return isIntegerSchema(schemaAt(ScenarioSchema, path.split('.')));
}

const pathKey = (varied: boolean) =>
  z.string().superRefine((k, ctx) => {
    const why = scenarioPathProblem(k, varied);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

const Scalar = z.union([z.number(), z.string(), z.boolean()]);
const ListParam = z.array(Scalar).min(1).max(100_000);
const RangeParam = z
  .strictObject({
    from: z.number(),
    to: z.number(),
    steps: z.int().min(1).max(100_000).optional(),
  })
  .superRefine((r, ctx) => {
    if (!(r.from < r.to)) {
      ctx.addIssue({ code: 'custom', message: `a range needs "from" below "to", got from ${fmt(r.from)} to ${fmt(r.to)}; for a single value write a list [${fmt(r.from)}]` });
    }
  });
const Parameter = z.union([ListParam, RangeParam]);

const MetricName = z.string().superRefine((m, ctx) => {
  if (SWEEP_METRICS.includes(m)) return;
  if (m === 'year' || m === 'replicate') {
    ctx.addIssue({ code: 'custom', message: `"${m}" is always a column of runs.csv; list only metrics` });
    return;
  }
  const s = suggest(m, SWEEP_METRICS);
  ctx.addIssue({ code: 'custom', message: `unknown metric "${m}"${s ? `; did you mean "${s}"?` : ''}; metrics are the columns of trajectory.csv (src/metrics/collect.ts)` });
});

export const SweepSchema = z
  .strictObject({
    name: z.string().default('').describe('Name of the sweep (default: the file name without extension).'),
    description: z.string().default(''),
    base: z.string().min(1).describe('Base scenario file, relative to the sweep file.'),
    set: z.record(pathKey(false), z.unknown()).default({}).describe('Fixed overrides for every run, dotted path: value (like --set).'),
    seed: z.int().min(0).max(2 ** 32 - 1).optional().describe('Seed of every run (default: the base scenario\'s).'),
    replicates: z.int().min(1).max(10_000).optional().describe('Replicates per design point (default: the base scenario\'s).'),
    design: z
      .strictObject({
        kind: z.enum(['factorial', 'latin_hypercube']).default('factorial'),
        samples: z.int().min(1).max(MAX_POINTS).optional(),
      })
      .prefault({}),
    parameters: z.record(pathKey(true), Parameter).describe('Parameters to vary: dotted path: a list of values or a range {from, to, steps}.'),
    metrics: z.array(MetricName).min(1).default([...HEADLINE]),
  })
  .superRefine((v, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const lhs = v.design.kind === 'latin_hypercube';
    if (lhs && v.design.samples === undefined) add(['design'], 'a Latin hypercube design needs "samples" (the number of design points)');
    if (!lhs && v.design.samples !== undefined) add(['design', 'samples'], '"samples" is only for {kind: latin_hypercube}; a factorial design runs every combination');
    const paths = Object.keys(v.parameters);
    if (paths.length === 0) add(['parameters'], 'a sweep needs at least one parameter to vary');
    for (const [path, p] of Object.entries(v.parameters)) {
      if (Array.isArray(p)) {
        // A repeated level runs the same design points twice (and weights them twice in a summary).
        const first = new Map<string, number>();
        p.forEach((value, i) => {
          const key = JSON.stringify(value);
          const j = first.get(key);
          if (j === undefined) first.set(key, i);
          else add(['parameters', path, i], `the level ${key} is listed twice (items ${j} and ${i}); each would run the same design points again`);
        });
        continue;
      }
      if (!lhs && p.steps === undefined) add(['parameters', path], 'a range in a factorial design needs "steps" (how many evenly spaced values, both ends included)');
      if (!lhs && p.steps === 1) add(['parameters', path, 'steps'], '"steps" must be at least 2 for a range (both ends are included); for a single value write a list');
      if (lhs && p.steps !== undefined) add(['parameters', path, 'steps'], 'in a Latin hypercube a range is continuous: remove "steps", or write a list of values to use them as discrete levels');
    }
    // A path both fixed and varied, or one inside the other, is ambiguous.
    for (const s of Object.keys(v.set)) {
      for (const p of paths) {
        if (s === p || s.startsWith(p + '.') || p.startsWith(s + '.')) add(['set', s], `"${s}" is also varied in parameters ("${p}"); fix it or vary it, not both`);
      }
    }
    paths.forEach((p, i) => {
      for (const q of paths.slice(0, i)) if (p.startsWith(q + '.') || q.startsWith(p + '.')) add(['parameters', p], `"${p}" overlaps the parameter "${q}"`);
    });
    const seen = new Set<string>();
    v.metrics.forEach((m, i) => {
      if (seen.has(m)) add(['metrics', i], `"${m}" is listed twice`);
      seen.add(m);
    });
    if (!lhs) {
      const n = factorialCount(Object.entries(v.parameters).map(([, p]) => (Array.isArray(p) ? p : new Array<number>(p.steps ?? 1))));
      if (n > MAX_POINTS) add(['parameters'], `the factorial design has ${n} points; at most ${MAX_POINTS} (use a Latin hypercube, or fewer levels)`);
    }
  });

export type SweepInput = z.input<typeof SweepSchema>;

/** A validated sweep: the resolved base scenario, the parameters, and the design points. */
export interface Sweep {
  /** The sweep file as given. */
  file: string;
  name: string;
  description: string;
  base: {
    /** The base scenario's path (relative to the cwd when the sweep file's is). */
    file: string;
    text: string;
    /** The base with `set` applied, every default filled in. */
    scenario: Scenario;
  };
  set: Record<string, unknown>;
  /** `set` as `path=value` override strings, applied before each point's. */
  setOverrides: string[];
  seed: number;
  replicates: number;
  design: Design;
  parameters: ParameterSpec[];
  metrics: string[];
  points: Point[];
  /** Simulated (reported) years of each point: rows per run (NaN for points not checked, see `checked`). */
  years: number[];
  /** The points checked against the scenario schema: those with runs in this shard (WHOLE: every point). */
  checked: Shard;
  /** SHA-256 of the canonical JSON of everything that determines the results. */
  hash: string;
}

export { overrideText };

export function pointOverrides(sweep: Pick<Sweep, 'setOverrides' | 'parameters' | 'points'>, point: number): string[] {
  const values = sweep.points[point];
  if (!values) throw new RangeError(`no design point ${point}`);
  return [...sweep.setOverrides, ...sweep.parameters.map((p, i) => overrideText(p.path, values[i]))];
}

/** The resolver of each sweep (its base parsed once), made when first needed. */
const resolvers = new WeakMap<Sweep, PointResolver>();

function resolverOf(sweep: Sweep): PointResolver {
  let r = resolvers.get(sweep);
  if (!r) {
    r = createPointResolver(sweep.base.text, sweep.base.file, Object.entries(sweep.set).map(([k, v]) => setting(k, v)));
    resolvers.set(sweep, r);
  }
  return r;
}

/**
 * The scenario of a design point: the base with `set` and the point's values,
 * exactly as the scenario loader resolves `pointOverrides` (validated at load).
 */
export function resolvePoint(sweep: Sweep, point: number): Scenario {
  const values = sweep.points[point];
  if (!values) throw new RangeError(`no design point ${point}`);
  // Not validated at load (another shard's point): the loader's own error.
  return resolverOf(sweep).point(sweep.parameters.map((p) => p.path), values);
}

export interface SweepLoadOptions {
  /** Check only the design points with runs in this shard (default: every point). */
  shard?: Shard;
}

/** Read and validate a sweep file (and its base scenario). Throws inputError (exit 2). */
export function loadSweepFile(file: string, opts: SweepLoadOptions = {}): Sweep {
  return parseSweep(readTextFile(file), file, opts);
}

/** Points with at least one run in the shard (run id = point * replicates + replicate). */
export function pointInShard(point: number, replicates: number, shard: Shard): boolean {
  if (replicates >= shard.count) return true;
  const first = point * replicates;
  const offset = (((shard.index - 1 - first) % shard.count) + shard.count) % shard.count;
  return offset < replicates;
}

/**
 * The base scenario of a sweep or sensitivity file, relative to that file,
 * read and checked alone: its own problems are reported in its own file; an
 * unreadable one is the `base` field's problem (`fail` throws).
 */
export function readBase(file: string, base: string, fail: (issues: Issue[]) => never): { baseFile: string; baseText: string } {
  const baseFile = isAbsolute(base) ? base : join(dirname(file), base);
  let baseText: string;
  try {
    baseText = readBoundedText(baseFile);
  } catch (e) {
    return fail([{ path: ['base'], message: `cannot read the base scenario ${baseFile}: ${unreadableReason(e)}` }]);
  }
  parseScenario(baseText, baseFile);
  return { baseFile, baseText };
}

/** Validate sweep text; `file` names it in messages and anchors the base path. Reads the base scenario. */
export function parseSweep(text: string, file: string, opts: SweepLoadOptions = {}): Sweep {
  const v = parseDocument(SweepSchema, text, file);
  const fail = (issues: Issue[]): never => failAt(text, file, issues);
  const shard = opts.shard ?? WHOLE;

  const { baseFile, baseText } = readBase(file, v.base, fail);

  // `set` on the base.
  const setEntries = Object.entries(v.set);
  const setSettings = setEntries.map(([k, val]) => setting(k, val));
  const setOverrides = setSettings.map((x) => x.text);
  const resolver = createPointResolver(baseText, baseFile, setSettings);
  const withSet = resolver.resolve([]);
  if ('problems' in withSet) {
    return fail(withSet.problems.map((p) => {
      const key = setEntries.map(([k]) => k).find((k) => p.path === k || p.path.startsWith(k + '.'));
      return { path: key === undefined ? ['set'] : ['set', key], message: describe(p, key) };
    }));
  }
  const base = withSet.scenario;

  const parameters: ParameterSpec[] = Object.entries(v.parameters).map(([path, p]) =>
    Array.isArray(p)
      ? { path, kind: 'list', values: p, integer: isIntegerField(path) }
      : { path, kind: 'range', from: p.from, to: p.to, ...(p.steps === undefined ? {} : { steps: p.steps }), integer: isIntegerField(path) },
  );
  const design: Design = v.design.kind === 'factorial' ? { kind: 'factorial' } : { kind: 'latin_hypercube', samples: v.design.samples! };

  // Every value of every parameter, alone: precise places for the usual mistakes.
  const issues: Issue[] = [];
  const seen = new Set<string>();
  parameters.forEach((p, index) => {
    let candidates: { value: Value; at: (string | number)[] }[];
    if (p.kind === 'list') {
      candidates = p.values.map((value, i) => ({ value, at: [i] }));
    } else if (design.kind === 'factorial') {
      const repeated = repeatedLevels(p);
      if (repeated) {
        issues.push({ path: ['parameters', p.path, 'steps'], message: repeated });
        return;
      }
      candidates = factorialLevels(p).map((value, i, all) => ({ value, at: i === 0 ? ['from'] : i === all.length - 1 ? ['to'] : [] }));
    } else if (p.integer) {
      const [lo, hi] = integerBounds(p);
      if (lo > hi) {
        issues.push({ path: ['parameters', p.path], message: `${p.path} is a whole-number field and there is no whole number from ${fmt(p.from)} to ${fmt(p.to)}` });
        return;
      }
      candidates = [{ value: lo, at: ['from'] }, { value: hi, at: ['to'] }];
    } else {
      candidates = [{ value: p.from, at: ['from'] }, { value: p.to, at: ['to'] }];
    }
    for (const c of candidates) {
      const r = resolver.resolve([resolver.settingOf(index, p.path, c.value)]);
      if (!('problems' in r)) continue;
      for (const q of r.problems) {
        const message = describe(q, p.path, c.value);
        const key = `${p.path}\u0000${c.at.join('.')}\u0000${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        issues.push({ path: ['parameters', p.path, ...c.at], message });
      }
    }
  });
  if (issues.length > 0) return fail(issues);

  // Every design point in full (fields can depend on each other, e.g. time.start_year and end_year).
  const seed = v.seed ?? base.seed;
  const replicates = v.replicates ?? base.replicates;
  const points = designPoints(parameters, design, seed);
  const years: number[] = new Array<number>(points.length).fill(Number.NaN);
  const paths = parameters.map((p) => p.path);
  let failed = 0;
  for (let k = 0; k < points.length; k++) {
    if (!pointInShard(k, replicates, shard)) continue;
    const r = resolver.resolve(resolver.settingsOf(paths, points[k]!));
    if ('problems' in r) {
      if (++failed <= 5) {
        const where = parameters.map((p, i) => `${p.path}=${JSON.stringify(points[k]![i])}`).join(', ');
        const q = r.problems[0]!;
        issues.push({ path: ['parameters'], message: `design point ${k} (${where}) is not a valid scenario: ${q.path ? `${q.path}: ` : ''}${stripOverride(q.message)}` });
      }
      continue;
    }
    years[k] = r.scenario.time.end_year - r.scenario.time.start_year + 1;
  }
  if (failed > 5) issues.push({ path: ['parameters'], message: `... and ${failed - 5} more design points are not valid scenarios` });
  if (issues.length > 0) return fail(issues);

  const name = v.name !== '' ? v.name : basename(file, extname(file));
  const metrics = [...v.metrics];
  const hash = sha256Hex(canonicalJson({ format: SWEEP_FORMAT, seed, replicates, design, parameters, metrics, base, points }));
  const sweep: Sweep = {
    file, name, description: v.description, base: { file: baseFile, text: baseText, scenario: base }, set: v.set, setOverrides,
    seed, replicates, design, parameters, metrics, points, years, checked: { ...shard }, hash,
  };
  resolvers.set(sweep, resolver);
  return sweep;
}

export interface Issue {
  path: (string | number)[];
  message: string;
}

/** Throw the issues as an input error placed in the sweep file (line, column, path). */
export function failAt(text: string, file: string, issues: Issue[]): never {
  const placer = z.unknown().superRefine((_, ctx) => {
    for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  });
  parseDocument(placer, text, file);
  throw inputError(`${file}: ${issues.length} problems`, issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })));
}

/** A scenario problem as seen from the sweep file. */
function describe(p: Problem, path: string | undefined, value?: Value): string {
  const message = stripOverride(p.message);
  if (p.path === '' || p.path === path) return message;
  const atValue = value === undefined ? '' : `with ${path}=${typeof value === 'string' ? JSON.stringify(value) : repr(value)}, `;
  const inBase = p.file !== undefined && p.file !== SET_FILE ? ' (a rule of the base scenario)' : '';
  return `${atValue}${p.path}: ${message}${inBase}`;
}

/** Override messages start with the generated `"path=value": `; the sweep file shows its own place instead. */
function stripOverride(message: string): string {
  return message.replace(/^"[^"=]*=.*?": /, '');
}
