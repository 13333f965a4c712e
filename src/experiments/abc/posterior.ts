/**
 * What a calibration's posterior says: per parameter its spread against the
 * prior, with two flags, and per target the posterior predictive.
 *
 *  - not identified: the posterior standard deviation is more than half the
 *    prior's (NOT_IDENTIFIED_RATIO; a uniform over half the range has half
 *    the sd): the targets did not narrow the parameter to half its range.
 *    The sd, not the 95% interval, because the extreme quantiles of a few
 *    dozen weighted particles are too noisy to decide on (both are reported);
 *  - at bound: the posterior piles up at one end: its 95% interval reaches
 *    into the outer 5% of the range there (BOUND_ZONE) and its median lies
 *    in the outer quarter at that end (BOUND_MEDIAN); the bound, or the
 *    model, is wrong there. A flat posterior (median mid-range) is not flagged.
 *  - posterior predictive of an observation: every replicate of every
 *    posterior particle, each counted with its particle's weight over the
 *    replicates; its mean and 2.5%-97.5% weighted quantiles, and whether the
 *    observed value lies inside. These are the runs the calibration already
 *    made (no extra budget); since they are the accepted ones, the band is
 *    a little narrower than fresh draws from the posterior would give
 *    (`run --posterior` gives those).
 */
import type { CalibrationParameter } from '../calibrate-spec.ts';
import type { Particle } from './smc.ts';
import { weightedMean, weightedQuantile } from './stats.ts';
import { observationValue, type Observation, type ResolvedTarget } from './targets.ts';

export const NOT_IDENTIFIED_RATIO = 0.5;
export const BOUND_ZONE = 0.05;
export const BOUND_MEDIAN = 0.25;

export interface ParameterSummary {
  path: string;
  prior_from: number;
  prior_to: number;
  mean: number;
  median: number;
  sd: number;
  q025: number;
  q975: number;
  /** Posterior 95% interval width / prior 95% interval width. */
  width_ratio: number;
  /** Posterior sd / prior sd (uniform: width / sqrt(12)). */
  sd_ratio: number;
  not_identified: boolean;
  at_bound: 'lower' | 'upper' | null;
}

export interface TargetSummary {
  target: string;
  column: string;
  years: number[];
  stat: Observation['stat'];
  observed: number;
  tolerance: number;
  mean: number;
  q025: number;
  q975: number;
  inside: boolean;
}

export interface BandRow {
  column: string;
  year: number;
  mean: number;
  q025: number;
  q975: number;
}

export interface PosteriorSummary {
  /** Effective sample size of the weighted particles, 1 / sum of squared normalised weights. */
  ess: number;
  parameters: ParameterSummary[];
  targets: TargetSummary[];
  band: BandRow[];
}

/** Normalised weights of a population. */
export function normalisedWeights(pop: readonly Particle[]): number[] {
  let t = 0;
  for (const p of pop) t += p.weight;
  return pop.map((p) => (t > 0 ? p.weight / t : 1 / pop.length));
}

export function summarisePosterior(
  pop: readonly Particle[], parameters: readonly CalibrationParameter[], targets: readonly ResolvedTarget[], columns: readonly string[], start: number, end: number,
): PosteriorSummary {
  const w = normalisedWeights(pop);
  const params = parameters.map((p, d): ParameterSummary => {
    const xs = pop.map((q) => q.values[d]!);
    const mean = weightedMean(xs, w);
    let v = 0;
    xs.forEach((x, i) => (v += w[i]! * (x - mean) ** 2));
    const q025 = weightedQuantile(xs, w, 0.025);
    const q975 = weightedQuantile(xs, w, 0.975);
    const width = p.to - p.from;
    const ratio = (q975 - q025) / (0.95 * width);
    const sdRatio = Math.sqrt(v) / (width / Math.sqrt(12));
    const median = weightedQuantile(xs, w, 0.5);
    const lower = q025 <= p.from + BOUND_ZONE * width && median <= p.from + BOUND_MEDIAN * width;
    const upper = q975 >= p.to - BOUND_ZONE * width && median >= p.to - BOUND_MEDIAN * width;
    return {
      path: p.path, prior_from: p.from, prior_to: p.to, mean, median, sd: Math.sqrt(v), q025, q975,
      width_ratio: ratio, sd_ratio: sdRatio, not_identified: sdRatio > NOT_IDENTIFIED_RATIO,
      at_bound: lower ? 'lower' : upper ? 'upper' : null,
    };
  });
  // The predictive pool: (particle, replicate) pairs.
  const poolWeights: number[] = [];
  pop.forEach((q, i) => q.runs.forEach(() => poolWeights.push(w[i]! / q.runs.length)));
  const predictive = (value: (run: number[][]) => number) => {
    const xs: number[] = [];
    for (const q of pop) for (const r of q.runs) xs.push(value(r));
    return { mean: weightedMean(xs, poolWeights), q025: weightedQuantile(xs, poolWeights, 0.025), q975: weightedQuantile(xs, poolWeights, 0.975) };
  };
  const targetRows = targets.flatMap((t) =>
    t.observations.map((o): TargetSummary => {
      const p = predictive((r) => observationValue(o, r, columns, start));
      return { target: t.name, column: o.column, years: o.years, stat: o.stat, observed: o.observed, tolerance: t.tolerance, ...p, inside: o.observed >= p.q025 && o.observed <= p.q975 };
    }),
  );
  const band: BandRow[] = [];
  columns.forEach((c, k) => {
    for (let y = start; y <= end; y++) band.push({ column: c, year: y, ...predictive((r) => r[k]![y - start]!) });
  });
  let sq = 0;
  for (const x of w) sq += x * x;
  return { ess: 1 / sq, parameters: params, targets: targetRows, band };
}
