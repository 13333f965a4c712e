import { describe, expect, it } from 'vitest';
import { differenceRange, meanInterval, pairedDifference, studentTCdf, studentTQuantile } from '../../src/metrics/intervals.ts';
import { SimError } from '../../src/core/errors.ts';

describe('studentTQuantile', () => {
  // Reference values: t(0.975, df) from standard tables (R: qt(0.975, df)).
  const table: Array<[number, number]> = [
    [1, 12.706204736174698],
    [2, 4.302652729749464],
    [4, 2.7764451051977987],
    [5, 2.570581835636314], // checked against the df = 5 closed-form CDF
    [9, 2.2621571627409915],
    [10, 2.2281388519649385],
    [30, 2.0422724563012373],
    [100, 1.9839715184496334],
  ];
  it.each(table)('t(0.975, %i) = %f', (df, want) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(want, 9);
  });
  it('tends to the normal quantile for large df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959963984540054, 5);
  });
  it('is antisymmetric', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });
});

describe('studentTCdf', () => {
  it('matches the closed forms for df = 1 and df = 2', () => {
    // df = 1 (Cauchy): F(t) = 1/2 + atan(t)/π; df = 2: F(t) = 1/2 + t / (2√(2 + t²))
    for (const t of [-3, -0.5, 0.7, 2, 10]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });
});

describe('meanInterval', () => {
  it('matches a hand computation for [1..5]', () => {
    // mean 3; sd = √(Σ(x−3)²/4) = √(10/4) = 1.5811388300841898
    // half-width = t(0.975, 4) · sd/√5 = 2.7764451051977987 · 0.7071067811865476 = 1.9632432...
    const iv = meanInterval([1, 2, 3, 4, 5]);
    expect(iv.mean).toBe(3);
    expect(iv.n).toBe(5);
    expect(iv.sd).toBeCloseTo(1.5811388300841898, 14);
    expect(iv.hi - iv.mean).toBeCloseTo(2.7764451051977987 * Math.sqrt(2.5 / 5), 9);
    expect(iv.mean - iv.lo).toBeCloseTo(iv.hi - iv.mean, 12);
  });
  it('n = 1 gives a degenerate interval, sd 0', () => {
    expect(meanInterval([0.3])).toEqual({ mean: 0.3, lo: 0.3, hi: 0.3, sd: 0, n: 1 });
  });
  it('identical values give a zero-width interval', () => {
    const iv = meanInterval([2, 2, 2]);
    expect(iv.lo).toBe(2);
    expect(iv.hi).toBe(2);
  });
  it('rejects empty and non-finite samples as run errors', () => {
    expect(() => meanInterval([])).toThrow(SimError);
    try {
      meanInterval([1, Number.NaN]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimError);
      expect((e as SimError).exitCode).toBe(1);
    }
  });
});

describe('bounded intervals', () => {
  it('keeps a share within [0, 1] with two replicates, flagged', () => {
    // two replicates of headcount_ratio: the plain t interval goes below 0
    const plain = meanInterval([0.01, 0.05]);
    expect(plain.lo).toBeLessThan(0);
    const iv = meanInterval([0.01, 0.05], [0, 1]);
    expect(iv.lo).toBe(0);
    expect(iv.hi).toBe(plain.hi);
    expect(iv.mean).toBe(plain.mean);
    expect(iv.clipped).toBe(true);
  });
  it('keeps a count at or above 0 and leaves an interval inside the range alone', () => {
    expect(meanInterval([1, 40], [0, Infinity]).lo).toBe(0);
    const inside = meanInterval([0.4, 0.5, 0.45], [0, 1]);
    expect(inside.clipped).toBe(false);
    expect(inside.lo).toBe(meanInterval([0.4, 0.5, 0.45]).lo);
  });
  it('gives values that do not vary no spread at all', () => {
    const iv = meanInterval([12199978.64, 12199978.64, 12199978.64]);
    expect(iv).toMatchObject({ mean: 12199978.64, lo: 12199978.64, hi: 12199978.64, sd: 0 });
  });
});

describe('pairedDifference', () => {
  it('is the interval of the differences plus a paired t-test p-value', () => {
    // differences [1, 2, 3]: mean 2, sd 1, t = 2/(1/√3) = √12, df = 2
    // df = 2 two-sided p = 1 − t/√(2 + t²) = 1 − √(12/14) = 0.07417990022744...
    const d = pairedDifference([11, 22, 33], [10, 20, 30]);
    expect(d.mean).toBeCloseTo(2, 14);
    expect(d.sd).toBeCloseTo(1, 14);
    expect(d.n).toBe(3);
    expect(d.hi - d.mean).toBeCloseTo(4.302652729749464 / Math.sqrt(3), 9);
    expect(d.p).toBeCloseTo(1 - Math.sqrt(12 / 14), 10);
  });
  it('gives no p-value (null, not 0, 1 or NaN) when there is no test', () => {
    expect(pairedDifference([1], [0]).p).toBeNull();
    expect(pairedDifference([1, 2], [1, 2]).p).toBeNull();
    expect(pairedDifference([2, 3], [1, 2]).p).toBeNull();
    // a quantity that does not vary in either arm: no spread even where the mean would round
    const d = pairedDifference([0.1, 0.1, 0.1], [0.3, 0.3, 0.3]);
    expect(d.p).toBeNull();
    expect(d.sd).toBe(0);
    expect(d.lo).toBe(d.hi);
  });
  it('cuts the interval of a difference to its range and says so', () => {
    const d = pairedDifference([0.9, 0.1], [0, 0], differenceRange([0, 1]));
    expect(d.lo).toBe(-1);
    expect(d.hi).toBe(1);
    expect(d.clipped).toBe(true);
    expect(d.mean).toBeCloseTo(0.5, 12);
  });
  it('rejects arms of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/equal counts/);
  });
});
