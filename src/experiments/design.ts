/**
 * Sweep designs and run numbering. Pure: no I/O, no clock; the only
 * randomness is the Latin hypercube's, from a seedrandom xor4096 stream
 * derived from the sweep's seed.
 *
 * Design points
 *  - full factorial: every combination of every parameter's levels, the
 *    FIRST parameter varying slowest (nested loops in the sweep file's order).
 *    A list gives its values as levels; a range {from, to, steps} gives
 *    `steps` evenly spaced values, both ends included.
 *  - Latin hypercube with `samples` points: each dimension is cut into
 *    `samples` equal strata of [0, 1), every stratum is used by exactly one
 *    point (a random permutation per dimension) at a random position inside
 *    it. A range maps u to from + u * (to - from) (continuous; `steps` is not
 *    allowed). A list is a set of discrete levels: u picks level
 *    floor(u * k), so each of the k levels gets samples/k points (exactly,
 *    when k divides samples).
 *  - on an integer field (e.g. population.households): in a factorial design
 *    range values are rounded to the nearest whole number, and steps that
 *    would round to the same level twice are an input error; in a Latin
 *    hypercube a range is the whole numbers from..to, each with the same
 *    weight: floor over [from, to + 1), clamped to `to` (from and to are
 *    first rounded inwards to whole numbers).
 *
 * Runs: run id = point * replicates + replicate (dense, stable). Every run
 * uses the sweep's seed and its replicate index, so design points face the
 * same households and shocks (common random numbers). Shard i/n (1-based)
 * holds the runs with id % n === i - 1.
 */
import seedrandom from 'seedrandom';
import { inputError } from '../core/errors.ts';

export type Value = number | string | boolean;

export type ParameterSpec =
  | { path: string; kind: 'list'; values: Value[]; integer: boolean }
  | { path: string; kind: 'range'; from: number; to: number; steps?: number; integer: boolean };

export type Design = { kind: 'factorial' } | { kind: 'latin_hypercube'; samples: number };

/** Values of a design point, in the order of the parameters. */
export type Point = Value[];

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** The seed string of the sweep-level stream (Latin hypercube). */
export function sweepStreamSeed(seed: number): string {
  return `pgs-sweep/${seed}/lhs`;
}

/** `steps` evenly spaced values from `from` to `to`, both ends exact. */
export function rangeValues(from: number, to: number, steps: number): number[] {
  if (steps === 1) return [from];
  const out: number[] = [];
  for (let k = 0; k < steps; k++) out.push(k === steps - 1 ? to : from + ((to - from) * k) / (steps - 1));
  return out;
}

/** The levels a parameter takes in a factorial design. Throws an input error when integer steps repeat a level. */
export function factorialLevels(p: ParameterSpec): Value[] {
  if (p.kind === 'list') return p.values;
  if (p.steps === undefined) throw new Error(`design bug: range ${p.path} without steps in a factorial design`);
  const v = rangeValues(p.from, p.to, p.steps);
  if (!p.integer) return v;
  const levels = v.map(Math.round);
  const why = repeatedLevels(p, levels);
  if (why) throw inputError(`parameters.${p.path}: ${why}`, [{ path: `parameters.${p.path}.steps`, message: why }]);
  return levels;
}

/**
 * Why an integer range's rounded levels repeat (1..2 in 5 steps → 1, 1, 2, 2, 2),
 * or undefined when they do not. `levels` default: the rounded range values.
 */
export function repeatedLevels(p: ParameterSpec, levels?: readonly number[]): string | undefined {
  if (p.kind !== 'range' || !p.integer || p.steps === undefined) return undefined;
  const lv = levels ?? rangeValues(p.from, p.to, p.steps).map(Math.round);
  if (new Set(lv).size === lv.length) return undefined;
  const most = Math.max(1, Math.floor(p.to - p.from) + 1);
  const shown = lv.length > 8 ? `${lv.slice(0, 8).join(', ')}, ...` : lv.join(', ');
  return `${p.path} is a whole-number field and ${p.steps} steps from ${p.from} to ${p.to} round to repeated levels (${shown}); use at most ${most} steps, or list the values`;
}

/** Every combination; the first parameter varies slowest. */
export function factorialPoints(levels: readonly (readonly Value[])[]): Point[] {
  let points: Point[] = [[]];
  for (const lv of levels) {
    const next: Point[] = [];
    for (const p of points) for (const v of lv) next.push([...p, v]);
    points = next;
  }
  return points;
}

/** Number of factorial points without building them. */
export function factorialCount(levels: readonly (readonly Value[])[]): number {
  return levels.reduce((n, lv) => n * lv.length, 1);
}

/**
 * Unit Latin hypercube: `samples` rows of `dims` numbers in [0, 1). For each
 * dimension in turn: a Fisher-Yates permutation of the strata (samples - 1
 * draws), then one jitter per sample (samples draws). `stream`: the seed
 * string of the stream (default: the sweep's, sweepStreamSeed(seed)).
 */
export function unitLatinHypercube(samples: number, dims: number, seed: number, stream: string = sweepStreamSeed(seed)): number[][] {
  const rng = seedrandom.xor4096(stream);
  const out: number[][] = Array.from({ length: samples }, () => new Array<number>(dims));
  for (let d = 0; d < dims; d++) {
    const perm = Array.from({ length: samples }, (_, i) => i);
    for (let i = samples - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    for (let i = 0; i < samples; i++) {
      out[i]![d] = (perm[i]! + rng()) / samples;
    }
  }
  return out;
}

/** A unit coordinate → the parameter's value. */
export function fromUnit(p: ParameterSpec, u: number): Value {
  if (p.kind === 'list') return p.values[Math.min(p.values.length - 1, Math.floor(u * p.values.length))]!;
  if (!p.integer) return p.from + u * (p.to - p.from);
  // Whole numbers lo..hi, each on an equal share of [0, 1).
  const [lo, hi] = integerBounds(p);
  return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
}

/** The whole numbers an integer range covers in a Latin hypercube: [ceil(from), floor(to)]. */
export function integerBounds(p: { from: number; to: number }): [number, number] {
  return [Math.ceil(p.from), Math.floor(p.to)];
}

/** The design points of a sweep. */
export function designPoints(parameters: readonly ParameterSpec[], design: Design, seed: number): Point[] {
  if (design.kind === 'factorial') return factorialPoints(parameters.map(factorialLevels));
  return unitLatinHypercube(design.samples, parameters.length, seed).map((row) => row.map((u, d) => fromUnit(parameters[d]!, u)));
}

// ---------------------------------------------------------------------------
// Runs and shards

export function runId(point: number, replicate: number, replicates: number): number {
  return point * replicates + replicate;
}

export function pointOf(id: number, replicates: number): number {
  return Math.floor(id / replicates);
}

export function replicateOf(id: number, replicates: number): number {
  return id % replicates;
}

export const WHOLE: Shard = { index: 1, count: 1 };

export function inShard(id: number, shard: Shard): boolean {
  return id % shard.count === shard.index - 1;
}

/** Number of runs of `total` in a shard. */
export function shardSize(total: number, shard: Shard): number {
  const first = shard.index - 1;
  return first >= total ? 0 : Math.floor((total - 1 - first) / shard.count) + 1;
}

/** Position of a run among its shard's runs (0-based), for dense per-shard arrays. */
export function shardSlot(id: number, shard: Shard): number {
  return (id - (shard.index - 1)) / shard.count;
}

/** Run ids of a shard, ascending (lazy: memory does not grow with the number of runs). */
export function* shardRunIds(total: number, shard: Shard): Generator<number> {
  for (let id = shard.index - 1; id < total; id += shard.count) yield id;
}

/**
 * `i/n` with 1 ≤ i ≤ n → {index, count}; throws an input error naming
 * `--shard` (with `hint`, e.g. where to find the usage, appended).
 */
export function parseShard(text: string, hint?: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    const expected = `i/n with 1 <= i <= n, e.g. 2/8, got '${text}'`;
    throw inputError(`--shard must be ${expected}${hint ? `. ${hint}` : ''}`, [{ file: '--shard', path: '', message: `expected ${expected}` }]);
  }
  return { index, count };
}

export function validateShard(shard: Shard): Shard {
  const ok = Number.isSafeInteger(shard.index) && Number.isSafeInteger(shard.count) && shard.count >= 1 && shard.index >= 1 && shard.index <= shard.count;
  if (!ok) return parseShard(`${shard.index}/${shard.count}`);
  return shard;
}
