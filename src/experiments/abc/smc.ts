/**
 * Sequential Monte Carlo ABC: adaptive population Monte Carlo (Lenormand,
 * Jabot and Deffuant 2013, EasyABC's ABC_Lenormand), which is Beaumont et
 * al.'s (2009) ABC-PMC (importance weights, Gaussian perturbation kernel with
 * twice the weighted covariance) with Del Moral et al.'s (2012) adaptive
 * tolerance (a quantile of the last population's distances, as in pyABC).
 * Priors are uniform over each parameter's bounds.
 *
 *  - generation 0: N particles from a Latin hypercube over the bounds, weight 1;
 *    the best K = max(2, floor(alpha N)) are kept, the tolerance is the
 *    largest kept distance;
 *  - generation t: N - K proposals, each an ancestor drawn from the kept
 *    particles by weight and moved by the kernel (drawn again until inside the
 *    bounds), weighted 1 / sum_i w_i K(x | x_i) (prior density 1 on the unit
 *    box); kept plus proposals are ranked by distance, the best K kept, and
 *    the tolerance is the K-th distance. The old particles keep their weights.
 *  - stops when the tolerance reaches `minTolerance` (default 1: every
 *    kept particle fits the targets within their tolerances, the distance of
 *    abc/targets.ts), when fewer than `minAcceptance` of a generation's
 *    proposals are kept (the tolerance no longer falls), or when the budget
 *    of runs has no room for another generation.
 *
 * Why stop at tolerance 1: the runs of a particle share their seeds (common
 * random numbers), so its distance is a fixed, rugged function of the
 * parameters, and driving the tolerance to 0 would concentrate the posterior
 * on whichever point the frozen noise favours. Stopping where every target
 * is met within its tolerance gives the posterior under a uniform error of
 * that size (Wilkinson 2013, "ABC gives exact results under the assumption
 * of model error"): tolerances should say how far model and data may differ.
 *
 * The posterior is the last kept population with its normalised weights.
 * Kernel arithmetic runs on unit coordinates (each parameter scaled to its
 * bounds). Proposal j of generation t draws from its own seedrandom stream
 * `pgs-abc/<seed>/gen<t>/<j>`, every ranking breaks ties by (generation,
 * index), and a generation is evaluated as one batch, so the result is the
 * same for any number of workers and for a run resumed after any generation.
 */
import seedrandom from 'seedrandom';
import { inputError } from '../../core/errors.ts';
import type { CalibrationParameter } from '../calibrate-spec.ts';
import { unitLatinHypercube } from '../design.ts';
import { cholesky, drawNormal, normalKernel, weightedCovariance } from './stats.ts';
import type { RunSeries } from './targets.ts';

export const SMC_METHOD = 'pgs-abc-smc/1: adaptive population Monte Carlo ABC (Lenormand et al. 2013; Beaumont et al. 2009 kernel and weights; adaptive tolerance), uniform priors, common random numbers';
/** Share of each population kept as the next one. */
export const ALPHA = 0.5;
/** Stop when fewer than this share of a generation's proposals are kept. */
export const MIN_ACCEPTANCE = 0.05;
/** Stop when the tolerance (in the targets' tolerances) is at most this. */
export const MIN_TOLERANCE = 1;
/** Tries to draw a proposal inside the bounds before it is clipped to them. */
const MAX_TRIES = 100;

export interface Particle {
  generation: number;
  /** Index within its generation. */
  index: number;
  values: number[];
  distance: number;
  /** Importance weight (not normalised). */
  weight: number;
  /** Per replicate, the target columns by year (for the posterior predictive). */
  runs: RunSeries[];
}

export interface EvaluationRow {
  generation: number;
  index: number;
  values: number[];
  distance: number;
  weight: number;
  /** Kept in the population at the end of its own generation. */
  kept: boolean;
}

export interface GenerationInfo {
  generation: number;
  proposals: number;
  /** The K-th smallest distance: every kept particle is within it. */
  tolerance: number;
  /** Proposals of this generation kept, and their share. */
  kept_new: number;
  acceptance: number;
  runs: number;
}

export type StopReason = 'tolerance' | 'converged' | 'budget';

/** Everything needed to continue: saved after every generation (abc/state.ts). */
export interface SmcState {
  generations: GenerationInfo[];
  population: Particle[];
  evaluations: EvaluationRow[];
  runsUsed: number;
  stopped?: StopReason | undefined;
}

export interface SmcOptions {
  parameters: readonly CalibrationParameter[];
  seed: number;
  replicates: number;
  budget: number;
  /** N, the particles per population. */
  particles: number;
  alpha?: number;
  minAcceptance?: number;
  minTolerance?: number;
  evaluate: (points: number[][]) => Promise<{ distance: number; runs: RunSeries[] }[]>;
  /** A state saved after some generation of the same calibration. */
  resume?: SmcState | undefined;
  onGeneration?: ((state: SmcState) => void) | undefined;
}

/** Rounded to 6 significant digits (so what is written is exactly what was run), whole for integer fields, within the bounds. */
export function roundValue(p: CalibrationParameter, x: number): number {
  if (p.integer) return Math.min(Math.floor(p.to), Math.max(Math.ceil(p.from), Math.round(x)));
  return Math.min(p.to, Math.max(p.from, Number(x.toPrecision(6))));
}

export const toUnit = (p: CalibrationParameter, x: number): number => (x - p.from) / (p.to - p.from);
const fromUnit = (p: CalibrationParameter, u: number): number => roundValue(p, p.from + u * (p.to - p.from));

/** K for N particles. */
export function keptCount(particles: number, alpha = ALPHA): number {
  return Math.max(2, Math.floor(alpha * particles));
}

/** The default N for a budget: about seven generations' worth, 10 to 200, but no more than the budget allows. */
export function defaultParticles(budget: number, replicates: number): number {
  const points = Math.floor(budget / replicates);
  return Math.min(points, Math.max(10, Math.min(200, Math.floor(points / 4))));
}

const byDistance = (a: Particle, b: Particle): number =>
  (a.distance !== b.distance ? (a.distance < b.distance ? -1 : 1) : 0) || a.generation - b.generation || a.index - b.index;

export async function smc(opts: SmcOptions): Promise<SmcState> {
  const { parameters: ps, seed, replicates, budget, particles: n } = opts;
  const alpha = opts.alpha ?? ALPHA;
  const keep = keptCount(n, alpha);
  const m = n - keep;
  const minTolerance = opts.minTolerance ?? MIN_TOLERANCE;
  if (!Number.isSafeInteger(n) || n < 4) throw inputError(`--particles must be at least 4, got ${n}`);
  if (n * replicates > budget) {
    throw inputError(`--budget ${budget} is below one population: ${n} particles x ${replicates} replicates = ${n * replicates} runs; raise --budget or lower --particles`);
  }
  const state: SmcState = opts.resume ?? { generations: [], population: [], evaluations: [], runsUsed: 0 };
  const record = (g: number, all: Particle[], kept: Particle[], proposals: number) => {
    const keptSet = new Set(kept);
    for (const p of all) if (p.generation === g) state.evaluations.push({ generation: g, index: p.index, values: p.values, distance: p.distance, weight: p.weight, kept: keptSet.has(p) });
    const keptNew = kept.filter((p) => p.generation === g).length;
    state.generations.push({ generation: g, proposals, tolerance: kept[kept.length - 1]!.distance, kept_new: keptNew, acceptance: keptNew / proposals, runs: proposals * replicates });
    state.runsUsed += proposals * replicates;
    state.population = kept;
  };

  if (state.generations.length === 0) {
    const points = unitLatinHypercube(n, ps.length, seed, `pgs-abc/${seed}/gen0`).map((row) => row.map((u, d) => fromUnit(ps[d]!, u)));
    const results = await opts.evaluate(points);
    const all = results.map((r, i): Particle => ({ generation: 0, index: i, values: points[i]!, distance: r.distance, weight: 1, runs: r.runs }));
    record(0, all, [...all].sort(byDistance).slice(0, keep), n);
    if (state.generations[0]!.tolerance <= minTolerance) state.stopped = 'tolerance';
    opts.onGeneration?.(state);
  }

  while (state.stopped === undefined) {
    if (state.runsUsed + m * replicates > budget) {
      state.stopped = 'budget';
      opts.onGeneration?.(state);
      break;
    }
    const g = state.generations.length;
    const pop = state.population;
    let total = 0;
    for (const p of pop) total += p.weight;
    const w = pop.map((p) => (total > 0 ? p.weight / total : 1 / pop.length));
    const units = pop.map((p) => p.values.map((x, d) => toUnit(ps[d]!, x)));
    const l = cholesky(weightedCovariance(units, w).map((row) => row.map((x) => 2 * x)), 1e-10);
    const points: number[][] = [];
    const weights: number[] = [];
    for (let j = 0; j < m; j++) {
      const rng = seedrandom.xor4096(`pgs-abc/${seed}/gen${g}/${j}`);
      let u = rng();
      let a = 0;
      while (a < pop.length - 1 && u >= w[a]!) u -= w[a++]!;
      let x: number[] = [];
      for (let tries = 0; tries < MAX_TRIES; tries++) {
        x = drawNormal(units[a]!, l, rng);
        if (x.every((v) => v >= 0 && v <= 1)) break;
      }
      const values = x.map((v, d) => fromUnit(ps[d]!, Math.min(1, Math.max(0, v))));
      const ux = values.map((v, d) => toUnit(ps[d]!, v));
      let q = 0;
      for (let i = 0; i < pop.length; i++) q += w[i]! * normalKernel(ux, units[i]!, l);
      points.push(values);
      weights.push(q > 0 ? 1 / q : 0);
    }
    const results = await opts.evaluate(points);
    const fresh = results.map((r, j): Particle => ({ generation: g, index: j, values: points[j]!, distance: r.distance, weight: weights[j]!, runs: r.runs }));
    const kept = [...pop, ...fresh].sort(byDistance).slice(0, keep);
    record(g, fresh, kept, m);
    if (state.generations[g]!.tolerance <= minTolerance) state.stopped = 'tolerance';
    else if (state.generations[g]!.acceptance < (opts.minAcceptance ?? MIN_ACCEPTANCE)) state.stopped = 'converged';
    opts.onGeneration?.(state);
  }
  return state;
}
