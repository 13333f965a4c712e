/**
 * Rejection ABC (issue 5's method, `--method rejection`), in two rounds
 * under a budget of runs:
 *
 *  - round 1: a seeded Latin hypercube of n1 points over the bounds;
 *  - round 2: a Latin hypercube of n2 points inside the bounding box of the
 *    points accepted in round 1 (padded by 10% of its width on each side,
 *    clipped to the bounds);
 *  - accepted: the best k points, k = max(5, ceil(10% of the points)) (at
 *    most all of them), by distance then evaluation order, each of weight 1;
 *  - budget: total runs (points x replicates); n1 = floor(0.6 * budget / R)
 *    points, n2 = floor(budget / R) - n1.
 *
 * Round 2 samples a narrowed box without importance weights, so the accepted
 * set is a rough posterior; the SMC method (smc.ts) weights its particles.
 * The result has the SMC's shape: rounds are generations 0 and 1.
 */
import { inputError } from '../../core/errors.ts';
import type { CalibrationParameter } from '../calibrate-spec.ts';
import { unitLatinHypercube } from '../design.ts';
import { roundValue, type Particle, type SmcState } from './smc.ts';
import type { RunSeries } from './targets.ts';

export const REJECTION_METHOD = 'pgs-calibrate/1: rejection ABC, two rounds of Latin hypercube sampling, common random numbers';
/** Share of the points run in round 1. */
export const ROUND1_SHARE = 0.6;
/** Accepted: this share of the points, but at least MIN_ACCEPTED. */
export const ACCEPT_SHARE = 0.1;
export const MIN_ACCEPTED = 5;
/** Round 2's box: the accepted points' box widened by this share of its width on each side. */
export const PAD = 0.1;

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

function designIn(ps: readonly CalibrationParameter[], box: readonly CalibrationParameter[], n: number, seed: number, round: number): number[][] {
  if (n === 0) return [];
  return unitLatinHypercube(n, box.length, seed, `pgs-calibrate/${seed}/round${round}`).map((row) =>
    row.map((u, d) => {
      const b = box[d]!;
      if (!b.integer) return roundValue(ps[d]!, b.from + u * (b.to - b.from));
      const lo = Math.ceil(b.from);
      const hi = Math.floor(b.to);
      return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
    }),
  );
}

/** The bounding box of the accepted points, padded, clipped to the bounds. */
function shrink(ps: readonly CalibrationParameter[], accepted: readonly Particle[]): CalibrationParameter[] {
  return ps.map((p, d) => {
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

const byDistance = (a: Particle, b: Particle): number =>
  (a.distance !== b.distance ? (a.distance < b.distance ? -1 : 1) : 0) || a.generation - b.generation || a.index - b.index;

export interface RejectionOptions {
  parameters: readonly CalibrationParameter[];
  seed: number;
  replicates: number;
  budget: number;
  evaluate: (points: number[][]) => Promise<{ distance: number; runs: RunSeries[] }[]>;
}

export async function rejection(opts: RejectionOptions): Promise<SmcState> {
  const { parameters: ps, seed, replicates, budget } = opts;
  const [n1, n2] = roundSizes(budget, replicates);
  const all: Particle[] = [];
  const state: SmcState = { generations: [], population: [], evaluations: [], runsUsed: 0, stopped: 'budget' };
  const round = async (points: number[][], g: number) => {
    const results = await opts.evaluate(points);
    results.forEach((r, i) => all.push({ generation: g, index: i, values: points[i]!, distance: r.distance, weight: 1, runs: r.runs }));
    state.runsUsed += points.length * replicates;
    const accepted = [...all].sort(byDistance).slice(0, acceptedCount(all.length));
    state.generations.push({
      generation: g, proposals: points.length, tolerance: accepted[accepted.length - 1]!.distance,
      kept_new: accepted.filter((p) => p.generation === g).length, acceptance: accepted.filter((p) => p.generation === g).length / points.length, runs: points.length * replicates,
    });
    state.population = accepted;
  };
  await round(designIn(ps, ps, n1, seed, 1), 0);
  if (n2 > 0) await round(designIn(ps, shrink(ps, state.population), n2, seed, 2), 1);
  const keptSet = new Set(state.population);
  state.evaluations = all.map((p) => ({ generation: p.generation, index: p.index, values: p.values, distance: p.distance, weight: 1, kept: keptSet.has(p) }));
  return state;
}
