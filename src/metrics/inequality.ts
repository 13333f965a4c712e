/**
 * Inequality of per-capita income.
 *
 * Gini definition (population form, no small-sample correction):
 *   G = Σ_i Σ_j w_i w_j |y_i − y_j| / (2 W² μ),   W = Σ w,  μ = Σ w y / W
 * so Gini([1,2,3,4]) = 0.25 and "one has everything" among n equal weights
 * gives (n − 1)/n. It is computed from the sorted values as
 *   G = Σ_k (y_(k) − y_(k−1)) · C_(k−1) · (W − C_(k−1)) / (W · Σ w y)
 * where C_(k−1) is the weight strictly below the k-th sorted value: every
 * gap between neighbours is crossed by (weight below) × (weight above) pairs.
 * This form is exactly 0 for equal incomes (all gaps are 0), never negative,
 * and independent of how ties are ordered.
 *
 * - Negative incomes are clamped at 0: the Gini is only a meaningful share
 *   in [0, 1] for non-negative values.
 * - Zero total weight or zero total income returns 0 (nothing to share
 *   unequally) so outputs never carry NaN. A NaN income throws.
 * - Weights are assumed non-negative.
 */
import { runError } from '../core/errors.ts';
import type { Numbers } from './poverty.ts';

// Reused index buffer: the Gini runs once per simulated year, so growing a
// single scratch array avoids reallocating it every year.
let order = new Uint32Array(0);

function indexBuffer(m: number): Uint32Array {
  if (order.length < m) order = new Uint32Array(Math.max(m, order.length * 2));
  const view = order.subarray(0, m);
  for (let i = 0; i < m; i++) view[i] = i;
  return view;
}

function giniCore(values: Numbers, weight: Numbers, size: Numbers | undefined, n: number | undefined): number {
  const m = n === undefined ? values.length : Math.min(n, values.length);
  let totalWeight = 0;
  let totalIncome = 0;
  for (let i = 0; i < m; i++) {
    const y = values[i] as number;
    if (Number.isNaN(y)) throw runError(`gini: income of entry ${i} is NaN`);
    const w = size === undefined ? (weight[i] as number) : (weight[i] as number) * (size[i] as number);
    totalWeight += w;
    if (y > 0) totalIncome += w * y;
  }
  if (!(totalWeight > 0) || !(totalIncome > 0)) return 0;

  const idx = indexBuffer(m);
  idx.sort((a, b) => Math.max(values[a] as number, 0) - Math.max(values[b] as number, 0));

  let below = 0; // weight strictly below the current value
  let prev = 0;
  let acc = 0;
  for (let k = 0; k < m; k++) {
    const i = idx[k] as number;
    const y = Math.max(values[i] as number, 0);
    const w = size === undefined ? (weight[i] as number) : (weight[i] as number) * (size[i] as number);
    if (k > 0) acc += (y - prev) * below * (totalWeight - below);
    below += w;
    prev = y;
  }
  // Divide in two steps so W·T cannot overflow or underflow; `!(g >= 0)`
  // also maps a NaN from denormal totals to 0. Clamping only trims rounding.
  const g = acc / totalWeight / totalIncome;
  return !(g >= 0) ? 0 : g > 1 ? 1 : g;
}

/** Weighted Gini of `values` with weights `weights` (first `n` entries). */
export function gini(values: Numbers, weights: Numbers, n?: number): number {
  return giniCore(values, weights, undefined, n);
}

/**
 * Gini over people of household per-capita income: household i counts
 * `weight[i] * size[i]` times. Same as `gini(income, weight·size)` without
 * materialising the product array.
 */
export function giniPeople(income: Numbers, weight: Numbers, size: Numbers, n?: number): number {
  return giniCore(income, weight, size, n);
}
