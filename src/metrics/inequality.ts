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

// Reused sort buffers: the Gini runs once per simulated year, so growing one
// set of scratch arrays avoids reallocating them every year. Two (key,
// weight) buffers the radix sort moves between, 32 bytes per entry.
let keyA = new Float64Array(0);
let keyB = new Float64Array(0);
let wA = new Float64Array(0);
let wB = new Float64Array(0);
// Counts of the four 16-bit digits of a key, one block of 65,536 per digit.
const digitCounts = new Uint32Array(4 * 65536);

function reserve(m: number): void {
  if (keyA.length >= m) return;
  const len = Math.max(m, keyA.length * 2);
  keyA = new Float64Array(len);
  keyB = new Float64Array(len);
  wA = new Float64Array(len);
  wB = new Float64Array(len);
}

/**
 * Sorts the first m (key, weight) pairs of keyA/wA by key, stably (ties keep
 * their order, so the weight below a value sums in index order exactly as a
 * stable comparator sort would), and returns the buffers holding the result.
 * Keys are non-negative doubles, whose IEEE bit patterns sort as the numbers
 * do, so an LSD radix sort on four 16-bit digits of the bits orders them; a
 * digit that all keys share is skipped.
 */
function radixSort(m: number): { key: Float64Array; w: Float64Array } {
  let srcK = keyA;
  let srcW = wA;
  let dstK = keyB;
  let dstW = wB;
  countDigits(srcK, m);
  for (let d = 0; d < 4; d++) {
    if (!startSlots(d, m)) continue; // a digit all keys share
    scatter(srcK, srcW, dstK, dstW, m, d);
    const tk = srcK;
    srcK = dstK;
    dstK = tk;
    const tw = srcW;
    srcW = dstW;
    dstW = tw;
  }
  return { key: srcK, w: srcW };
}

// The passes are functions of their own so that V8's on-stack compilation of
// each loop never reaches code that has not yet run (see fillKeys).

function countDigits(keys: Float64Array, m: number): void {
  const counts = digitCounts; // a local: V8 reloads a module binding at every use
  counts.fill(0);
  const bits = new Uint32Array(keys.buffer, 0, 2 * m);
  for (let i = 0; i < m; i++) {
    const lo = bits[2 * i]!;
    const hi = bits[2 * i + 1]!;
    counts[lo & 0xffff]!++;
    counts[65536 + (lo >>> 16)]!++;
    counts[131072 + (hi & 0xffff)]!++;
    counts[196608 + (hi >>> 16)]!++;
  }
}

/** Turns digit d's counts into each value's first slot; false when one value holds all m keys. */
function startSlots(d: number, m: number): boolean {
  const counts = digitCounts;
  const base = d * 65536;
  let sum = 0;
  let spread = true;
  for (let v = 0; v < 65536; v++) {
    const c = counts[base + v]!;
    if (c === m) spread = false;
    counts[base + v] = sum;
    sum += c;
  }
  return spread;
}

function scatter(srcK: Float64Array, srcW: Float64Array, dstK: Float64Array, dstW: Float64Array, m: number, d: number): void {
  const bits = new Uint32Array(srcK.buffer, 0, 2 * m);
  const counts = digitCounts;
  const base = d * 65536;
  const word = d >> 1; // 0: low 32 bits, 1: high 32 bits (little-endian)
  const shift = (d & 1) * 16;
  for (let i = 0; i < m; i++) {
    const digit = (bits[2 * i + word]! >>> shift) & 0xffff;
    const to = counts[base + digit]!++;
    dstK[to] = srcK[i]!;
    dstW[to] = srcW[i]!;
  }
}

// The sums of the fill pass (module scratch: the pass returns two numbers).
let totalWeight = 0;
let totalIncome = 0;

/**
 * Fills keyA/wA with the clamped keys and the weights, and the totals. Its own
 * function, as is the sweep below: the Gini runs once a year, so V8 compiles
 * its loops on the stack (OSR); code after a loop that has never run would
 * deoptimise each year, and a function that only returns after its loop does not.
 */
function fillKeys(values: Numbers, weight: Numbers, size: Numbers | undefined, m: number): void {
  const key = keyA;
  const wt = wA;
  let tw = 0;
  let ti = 0;
  for (let i = 0; i < m; i++) {
    const y = values[i] as number;
    if (Number.isNaN(y)) throw runError(`gini: income of entry ${i} is NaN`);
    const w = size === undefined ? (weight[i] as number) : (weight[i] as number) * (size[i] as number);
    tw += w;
    if (y > 0) ti += w * y;
    key[i] = y > 0 ? y : 0; // negatives (and -0) clamped to +0
    wt[i] = w;
  }
  totalWeight = tw;
  totalIncome = ti;
}

/** Σ_k (y_(k) − y_(k−1)) · C_(k−1) · (W − C_(k−1)) over the sorted pairs. */
function sweepSorted(ys: Float64Array, ws: Float64Array, m: number, W: number): number {
  let below = 0; // weight strictly below the current value
  let prev = 0;
  let acc = 0;
  for (let k = 0; k < m; k++) {
    const y = ys[k]!;
    if (k > 0) acc += (y - prev) * below * (W - below);
    below += ws[k]!;
    prev = y;
  }
  return acc;
}

function giniCore(values: Numbers, weight: Numbers, size: Numbers | undefined, n: number | undefined): number {
  const m = n === undefined ? values.length : Math.min(n, values.length);
  reserve(m);
  fillKeys(values, weight, size, m);
  const W = totalWeight;
  const T = totalIncome;
  if (!(W > 0) || !(T > 0)) return 0;
  const sorted = radixSort(m);
  const acc = sweepSorted(sorted.key, sorted.w, m, W);
  // Divide in two steps so W·T cannot overflow or underflow; `!(g >= 0)`
  // also maps a NaN from denormal totals to 0. Clamping only trims rounding.
  const g = acc / W / T;
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
