/**
 * From outputs to indices (pure): the replicate means of each design point
 * go to the estimator (morris.ts or saltelli.ts); the bootstrap resamples
 * its units (trajectories or base samples) from a stream of the seed; the
 * estimates at a quarter, a half and all of the units show convergence; and
 * the replicates say how much of the output's variance is the seed's.
 *
 * Seed share (stochastic models, two or more replicates), from a two-way
 * analysis of variance of the runs (design points x replicates):
 *  - seed_share: the share of the variance of single runs that is not
 *    between design points (replicate main effect and interaction);
 *  - seed_share_mean: the share of the variance of the replicate means (what
 *    the indices use) that is noise: the interaction variance / replicates
 *    over the variance of the means. Common random numbers remove the
 *    replicate main effect from the means' differences, so only the
 *    interaction counts. A large seed_share_mean warns that more replicates
 *    are needed: the noise inflates ST and sigma and blurs S1 and mu*.
 */
import { percentileIntervals, resamples } from './bootstrap.ts';
import { elementaryEffects, morrisEstimates } from './morris.ts';
import { prefix, sobolEstimates } from './saltelli.ts';
import type { Method } from './sensitivity-file.ts';

export interface IndexRow {
  metric: string;
  parameter: string;
  index: string;
  value: number;
  lo: number;
  hi: number;
}

export interface ConvergenceRow {
  metric: string;
  parameter: string;
  index: string;
  /** Units used: base samples (Sobol) or trajectories (Morris). */
  n: number;
  value: number;
}

export interface AnalysisInput {
  method: Method;
  parameters: readonly string[];
  replicates: number;
  bootstrap: number;
  /** The unit design (rows x D), Morris needs it for the steps. */
  unit: Float64Array;
  /** Bootstrap stream of a metric. */
  stream: (metric: string) => string;
}

/** Parameter label of a second-order index. */
export const pairLabel = (a: string, b: string) => `${a}:${b}`;
/** Parameter label of the seed-share rows. */
export const SEED = '(seed)';

/** Per metric: index rows and convergence rows. `runs`: outputs by run id (point * replicates + replicate). */
export function analyseMetric(input: AnalysisInput, metric: string, runs: ArrayLike<number>): { indices: IndexRow[]; convergence: ConvergenceRow[] } {
  const r = input.replicates;
  const points = runs.length / r;
  const y = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    let s = 0;
    for (let j = 0; j < r; j++) s += runs[k * r + j]!;
    y[k] = s / r;
  }
  const names = input.parameters;
  const d = names.length;
  const indices: IndexRow[] = [];
  const convergence: ConvergenceRow[] = [];
  const push = (index: string, values: readonly number[], ci: readonly { lo: number; hi: number }[], labels: readonly string[] = names) =>
    values.forEach((value, i) => indices.push({ metric, parameter: labels[i]!, index, value, lo: ci[i]?.lo ?? Number.NaN, hi: ci[i]?.hi ?? Number.NaN }));
  const conv = (n: number, index: string, values: readonly number[], labels: readonly string[] = names) =>
    values.forEach((value, i) => convergence.push({ metric, parameter: labels[i]!, index, n, value }));
  const steps = (units: number) => [...new Set([Math.floor(units / 4), Math.floor(units / 2), units])].filter((n) => n >= 2);

  if (input.method.kind === 'morris') {
    const t = input.method.trajectories;
    const design = { dims: d, trajectories: t, rows: input.unit };
    const ee = elementaryEffects(design, y);
    const e = morrisEstimates(ee, d);
    const draws = [...resamples(t, input.bootstrap, input.stream(metric))].map((u) => {
      const b = morrisEstimates(ee, d, u);
      return [...b.mu, ...b.mu_star, ...b.sigma];
    });
    const ci = percentileIntervals(draws);
    push('mu', e.mu, ci.slice(0, d));
    push('mu_star', e.mu_star, ci.slice(d, 2 * d));
    push('sigma', e.sigma, ci.slice(2 * d));
    for (const n of steps(t)) {
      const c = morrisEstimates(ee, d, prefix(n));
      conv(n, 'mu', c.mu);
      conv(n, 'mu_star', c.mu_star);
      conv(n, 'sigma', c.sigma);
    }
  } else {
    const shape = { n: input.method.samples, dims: d, second: input.method.second_order };
    const e = sobolEstimates(y, shape);
    const pairs: [number, number][] = [];
    if (shape.second) for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) pairs.push([i, j]);
    const pairLabels = pairs.map(([i, j]) => pairLabel(names[i]!, names[j]!));
    const flat = (x: typeof e) => [...x.S1, ...x.ST, ...pairs.map(([i, j]) => x.S2![i]![j]!)];
    const draws = [...resamples(shape.n, input.bootstrap, input.stream(metric))].map((u) => flat(sobolEstimates(y, shape, u)));
    const ci = percentileIntervals(draws);
    push('S1', e.S1, ci.slice(0, d));
    push('ST', e.ST, ci.slice(d, 2 * d));
    if (shape.second) push('S2', pairs.map(([i, j]) => e.S2![i]![j]!), ci.slice(2 * d), pairLabels);
    for (const n of steps(shape.n)) {
      const c = sobolEstimates(y, shape, prefix(n));
      conv(n, 'S1', c.S1);
      conv(n, 'ST', c.ST);
      if (shape.second) conv(n, 'S2', pairs.map(([i, j]) => c.S2![i]![j]!), pairLabels);
    }
  }

  if (r > 1) {
    const share = seedShare(runs, r);
    indices.push({ metric, parameter: SEED, index: 'seed_share', value: share.run, lo: Number.NaN, hi: Number.NaN });
    indices.push({ metric, parameter: SEED, index: 'seed_share_mean', value: share.mean, lo: Number.NaN, hi: Number.NaN });
  }
  return { indices, convergence };
}

/**
 * Share of output variance from the seed (see the header): a two-way
 * analysis of variance of the runs, points x replicates. With common random
 * numbers replicate k is the same draw of households and shocks at every
 * point, so its main effect shifts every point's mean alike and does not
 * blur the indices; only the point-by-replicate interaction does.
 */
export function seedShare(runs: ArrayLike<number>, replicates: number): { run: number; mean: number } {
  const r = replicates;
  const points = runs.length / r;
  let grand = 0;
  for (let i = 0; i < runs.length; i++) grand += runs[i]!;
  grand /= runs.length;
  const repMean = new Float64Array(r);
  let ssTotal = 0;
  let ssPoints = 0;
  for (let k = 0; k < points; k++) {
    let s = 0;
    for (let j = 0; j < r; j++) {
      const v = runs[k * r + j]!;
      s += v;
      repMean[j] = repMean[j]! + v / points;
      ssTotal += (v - grand) ** 2;
    }
    ssPoints += r * (s / r - grand) ** 2;
  }
  let ssReps = 0;
  for (let j = 0; j < r; j++) ssReps += points * (repMean[j]! - grand) ** 2;
  const ssResid = Math.max(0, ssTotal - ssPoints - ssReps);
  const ratio = (a: number, b: number) => (b > 0 ? Math.min(1, a / b) : a > 0 ? 1 : Number.NaN);
  const residVar = points > 1 ? ssResid / ((points - 1) * (r - 1)) : Number.NaN;
  const meansVar = points > 1 ? ssPoints / (r * (points - 1)) : Number.NaN;
  return { run: ratio(ssReps + ssResid, ssTotal), mean: ratio(residVar / r, meansVar) };
}

/** Parameters in order of importance for a metric: mu* (Morris) or ST (Sobol), largest first. */
export function ranking(rows: readonly IndexRow[], metric: string, method: Method['kind']): IndexRow[] {
  const key = method === 'morris' ? 'mu_star' : 'ST';
  return rows
    .filter((r) => r.metric === metric && r.index === key)
    .map((r, i) => [r, i] as const)
    .sort((a, b) => (Number.isNaN(b[0].value) ? -1 : Number.isNaN(a[0].value) ? 1 : b[0].value - a[0].value || a[1] - b[1]))
    .map(([r]) => r);
}
