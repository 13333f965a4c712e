/**
 * Poverty measures over people, computed from household-level typed arrays.
 *
 * Conventions shared by every function here:
 *  - `income[i]` is the PER-CAPITA income of household i; `weight[i]` its
 *    sampling/representation weight; `size[i]` its number of members. A
 *    person-level statistic weights household i by `weight[i] * size[i]`.
 *  - Only the first `n` entries are read (default: `income.length`), so a
 *    caller may keep over-allocated buffers.
 *  - A household is poor when `income < line` (strictly below).
 *  - Negative incomes are clamped at 0 for the gap, so each person's
 *    normalised gap lies in [0, 1] and FGT1/FGT2 stay in [0, 1].
 *  - An empty population (total weight 0) has no poor: every index is 0.
 *    Outputs must never carry NaN, so 0/0 is defined rather than propagated.
 *  - No allocation: these run every simulated year for every replicate.
 */
import { runError } from '../core/errors.ts';

/** Any numeric array-like: the typed arrays the model uses, or a plain array in tests. */
export type Numbers = ArrayLike<number>;

export type FgtAlpha = 0 | 1 | 2;

function checkLine(line: number): void {
  // A non-positive line makes the normalised gap (z - y) / z meaningless.
  if (!(line > 0) || !Number.isFinite(line)) {
    throw runError(`poverty line must be a positive finite number, got ${line}`);
  }
}

function count(income: Numbers, n: number | undefined): number {
  return n === undefined ? income.length : Math.min(n, income.length);
}

/**
 * Foster–Greer–Thorbecke index over people:
 *   Σ w_i·s_i·[y_i < z]·((z − y_i)/z)^α  /  Σ w_i·s_i
 * α = 0 headcount ratio, 1 poverty gap index, 2 squared gap (severity).
 */
export function fgt(
  income: Numbers,
  weight: Numbers,
  size: Numbers,
  line: number,
  alpha: FgtAlpha,
  n?: number,
): number {
  return fgtAll(income, weight, size, line, scratch, n)[alpha]!;
}

const scratch = new Float64Array(3);

/**
 * FGT0, FGT1 and FGT2 in one pass, written into `out[0..2]` (returned).
 * Same definitions as `fgt`; pass a reusable `new Float64Array(3)`.
 */
export function fgtAll(
  income: Numbers,
  weight: Numbers,
  size: Numbers,
  line: number,
  out: Float64Array,
  n?: number,
): Float64Array {
  checkLine(line);
  sumGaps(income, weight, size, line, count(income, n), gapSums);
  const total = gapSums[0]!;
  const p0 = gapSums[1]!;
  const p1 = gapSums[2]!;
  const p2 = gapSums[3]!;
  if (total > 0) {
    out[0] = p0 / total;
    out[1] = p1 / total;
    out[2] = p2 / total;
  } else {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
  }
  return out;
}

const gapSums = new Float64Array(4);

// The loop of fgtAll, a function that ends with it (as sumBelow below): the
// code after the loop had no type feedback when V8 compiled the loop on the
// stack, which deoptimised fgtAll every year (26 times in 3 runs of 9 years).
function sumGaps(income: Numbers, weight: Numbers, size: Numbers, line: number, m: number, out: Float64Array): void {
  let total = 0;
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  for (let i = 0; i < m; i++) {
    const people = (weight[i] as number) * (size[i] as number);
    total += people;
    const y = income[i] as number;
    if (y < line) {
      const gap = y > 0 ? (line - y) / line : 1;
      p0 += people;
      p1 += people * gap;
      p2 += people * gap * gap;
    }
  }
  out[0] = total;
  out[1] = p0;
  out[2] = p1;
  out[3] = p2;
}

/** Share of households (weighted by `weight`, not by size) whose per-capita income is below `line`. */
export function headcountHouseholds(income: Numbers, weight: Numbers, line: number, n?: number): number {
  checkLine(line);
  sumBelow(income, weight, line, count(income, n), sums);
  const total = sums[0]!;
  return total > 0 ? sums[1]! / total : 0;
}

const sums = new Float64Array(2);

// The loop is a function of its own that ends with it: called once a year,
// it is compiled on the stack (OSR), and code after the loop that had never
// run would deoptimise it every year.
function sumBelow(income: Numbers, weight: Numbers, line: number, m: number, out: Float64Array): void {
  let total = 0;
  let poor = 0;
  for (let i = 0; i < m; i++) {
    const w = weight[i] as number;
    total += w;
    if ((income[i] as number) < line) poor += w;
  }
  out[0] = total;
  out[1] = poor;
}
