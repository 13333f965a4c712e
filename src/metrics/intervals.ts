/**
 * Across-replicate uncertainty: 95% Student-t intervals for a mean and for
 * a paired difference between two arms run on the same seeds.
 *
 * Bounded quantities (ODD §4.12): with few replicates the t interval of a
 * share can leave [0, 1] and that of a count can go below 0. Given the
 * values a quantity can take (`range`), the interval is cut to them and
 * marked `clipped`, so no output shows an impossible value and a reader
 * sees where the t interval was wider than the range allows. The mean is
 * never changed, and an interval inside the range is the plain t interval.
 */
import { mean as ssMean, sampleStandardDeviation } from 'simple-statistics';
import { runError } from '../core/errors.ts';
import * as libm from '../core/libm.ts';

export interface Interval {
  mean: number;
  /** 95% interval: mean ∓ t(0.975, n−1) · sd / √n. Equal to mean when n = 1 or sd = 0. */
  lo: number;
  hi: number;
  /** Sample standard deviation (n − 1 denominator); 0 when n = 1. */
  sd: number;
  n: number;
  /** Set when a range was given: true when the t interval was cut to it. */
  clipped?: boolean;
}

/** The values a quantity can take: [min, max], either end possibly infinite. */
export type Range = readonly [number, number];

export interface PairedDifference extends Interval {
  /**
   * Two-sided p-value of the paired t-test for "mean difference = 0"; null
   * when there is no test: fewer than 2 pairs, or the difference is the same
   * in every replicate (sd 0, e.g. a quantity neither arm lets vary), where
   * a p-value of 0 or 1 would claim evidence that does not exist.
   */
  p: number | null;
}

function checkFinite(xs: readonly number[], what: string): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw runError(`${what}: value ${i + 1} is ${xs[i]}, expected a finite number`);
  }
}

/**
 * Mean of `xs` with a 95% Student-t interval, cut to `range` when given
 * (then `clipped` says whether that changed it). Throws on an empty or
 * non-finite sample.
 */
export function meanInterval(xs: readonly number[], range?: Range): Interval {
  if (xs.length === 0) throw runError('meanInterval: no values');
  checkFinite(xs, 'meanInterval');
  const n = xs.length;
  // Values that do not vary have no spread: exactly, not up to the rounding of the mean.
  if (xs.every((x) => x === xs[0])) {
    const x = xs[0] as number;
    return bounded({ mean: x, lo: x, hi: x, sd: 0, n }, range);
  }
  const m = ssMean(xs as number[]);
  const sd = sampleStandardDeviation(xs as number[]);
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return bounded({ mean: m, lo: m - half, hi: m + half, sd, n }, range);
}

/** `iv` with its ends cut to `range` and `clipped` set; unchanged without a range. */
export function bounded<T extends Interval>(iv: T, range?: Range): T {
  if (!range) return iv;
  const [min, max] = range;
  const lo = Math.min(Math.max(iv.lo, min), max);
  const hi = Math.max(Math.min(iv.hi, max), min);
  return { ...iv, lo, hi, clipped: lo !== iv.lo || hi !== iv.hi };
}

/** The range of a difference of two quantities that each lie in `range`: a share's difference lies in [−1, 1]. */
export function differenceRange(range: Range): Range {
  const width = range[1] - range[0];
  return [-width, width];
}

/**
 * Interval and paired t-test for the differences a_i − b_i (same replicate
 * i in both arms); the interval is cut to `range` (that of the difference,
 * see differenceRange) when given.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], range?: Range): PairedDifference {
  if (a.length !== b.length) {
    throw runError(`pairedDifference: arms have ${a.length} and ${b.length} values; pairs need equal counts`);
  }
  checkFinite(a, 'pairedDifference (first arm)');
  checkFinite(b, 'pairedDifference (second arm)');
  const diffs = a.map((x, i) => x - (b[i] as number));
  const iv = meanInterval(diffs, range);
  let p: number | null = null;
  if (iv.n >= 2 && iv.sd > 0) {
    const t = Math.abs(iv.mean) / (iv.sd / Math.sqrt(iv.n));
    p = Math.max(0, 2 * (1 - studentTCdf(t, iv.n - 1)));
  }
  return { ...iv, p };
}

// ---------------------------------------------------------------------------
// Student t distribution, via the regularized incomplete beta function.
// Accurate to ~1e-12, far beyond what a 95% interval needs, and avoids a
// dependency or a lookup table with interpolation error.

/** P(T ≤ t) for Student t with `df` degrees of freedom (df > 0). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw runError(`studentTCdf: degrees of freedom must be positive, got ${df}`);
  if (t === 0) return 0.5;
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The p-quantile of Student t with `df` degrees of freedom (0 < p < 1, df > 0). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw runError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw runError(`studentTQuantile: degrees of freedom must be positive, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  // Bisection on the monotone CDF: robust for every df; 200 halvings reach
  // the limit of double precision from any bracket found below.
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** ln Γ(z) for z > 0 (Lanczos, g = 7, n = 9). */
function lnGamma(z: number): number {
  if (z < 0.5) return libm.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const x = z - 1;
  let a = c[0] as number;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (x + i);
  return 0.5 * libm.log(2 * Math.PI) + (x + 0.5) * libm.log(t) - t + libm.log(a);
}

/** I_x(a, b), the regularized incomplete beta function. */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = libm.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * libm.log(x) + b * libm.log(1 - x));
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Lentz's method for the incomplete beta continued fraction (Numerical Recipes `betacf`). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const eps = 1e-15;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < eps) return h;
  }
  return h;
}
