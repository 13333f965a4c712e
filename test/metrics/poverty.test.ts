import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fgt, fgtAll, headcountHouseholds } from '../../src/metrics/poverty.ts';
import { SimError } from '../../src/core/errors.ts';

// Worked example used throughout:
//   household      0    1    2    3
//   income (pc)   50   80  120  200     line z = 100
//   size           2    1    3    1
//   weight         1    1    1    2
//   people w·s     2    1    3    2     → total 8 people
// Poor: hh0 (gap (100−50)/100 = 0.5, 2 people) and hh1 (gap 0.2, 1 person).
//   FGT0 = (2 + 1) / 8                       = 0.375
//   FGT1 = (2·0.5 + 1·0.2) / 8 = 1.2 / 8     = 0.15
//   FGT2 = (2·0.25 + 1·0.04) / 8 = 0.54 / 8  = 0.0675
//   household headcount = (1 + 1) / (1+1+1+2) = 0.4
const income = new Float64Array([50, 80, 120, 200]);
const size = new Uint8Array([2, 1, 3, 1]);
const weight = new Float64Array([1, 1, 1, 2]);

describe('fgt', () => {
  it('matches the hand-computed example', () => {
    expect(fgt(income, weight, size, 100, 0)).toBeCloseTo(0.375, 15);
    expect(fgt(income, weight, size, 100, 1)).toBeCloseTo(0.15, 15);
    expect(fgt(income, weight, size, 100, 2)).toBeCloseTo(0.0675, 15);
  });

  it('fgtAll gives the three indices in one pass', () => {
    const out = new Float64Array(3);
    expect(fgtAll(income, weight, size, 100, out)).toBe(out);
    expect(out[0]).toBeCloseTo(0.375, 15);
    expect(out[1]).toBeCloseTo(0.15, 15);
    expect(out[2]).toBeCloseTo(0.0675, 15);
  });

  it('accepts Float32Array income and Float32Array sizes', () => {
    expect(fgt(new Float32Array(income), weight, new Float32Array([2, 1, 3, 1]), 100, 1)).toBeCloseTo(0.15, 7);
  });

  it('counts strictly below the line as poor', () => {
    // income exactly at the line is not poor: only hh0 (2 of 3 people).
    expect(fgt([100, 40], [1, 1], [1, 2], 100, 0)).toBeCloseTo(2 / 3, 15);
  });

  it('reads only the first n households', () => {
    // first two only: people 2 + 1, both poor
    expect(fgt(income, weight, size, 100, 0, 2)).toBe(1);
    // FGT1 over first two = (2·0.5 + 0.2) / 3 = 0.4
    expect(fgt(income, weight, size, 100, 1, 2)).toBeCloseTo(0.4, 15);
  });

  it('clamps negative incomes so the gap is at most 1', () => {
    // y = −50 → gap 1 (not 1.5); one person of two is poor with gap 1.
    expect(fgt([-50, 500], [1, 1], [1, 1], 100, 1)).toBe(0.5);
    expect(fgt([-50, 500], [1, 1], [1, 1], 100, 2)).toBe(0.5);
  });

  it('returns 0 for an empty or zero-weight population', () => {
    expect(fgt([], [], [], 100, 0)).toBe(0);
    expect(fgt([10], [0], [3], 100, 2)).toBe(0);
    const out = new Float64Array([9, 9, 9]);
    fgtAll([10], [1], [0], 100, out);
    expect([...out]).toEqual([0, 0, 0]);
  });

  it('rejects a non-positive or non-finite line', () => {
    for (const line of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => fgt(income, weight, size, line, 0)).toThrow(SimError);
    }
  });

  it('with integer weights equals the statistic on the expanded (one row per person) sample', () => {
    const household = fc.record({
      y: fc.double({ min: -100, max: 400, noNaN: true }),
      w: fc.integer({ min: 0, max: 4 }),
      s: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(
      fc.property(fc.array(household, { maxLength: 12 }), fc.double({ min: 1, max: 300, noNaN: true }), (hh, z) => {
        const expanded: number[] = [];
        for (const h of hh) for (let k = 0; k < h.w * h.s; k++) expanded.push(h.y);
        const ones = expanded.map(() => 1);
        const out = new Float64Array(3);
        fgtAll(
          hh.map((h) => h.y),
          hh.map((h) => h.w),
          hh.map((h) => h.s),
          z,
          out,
        );
        for (const alpha of [0, 1, 2] as const) {
          const want = fgt(expanded, ones, ones, z, alpha);
          expect(out[alpha]).toBeCloseTo(want, 12);
          expect(fgt(hh.map((h) => h.y), hh.map((h) => h.w), hh.map((h) => h.s), z, alpha)).toBeCloseTo(want, 12);
        }
      }),
    );
  });

  it('orders FGT0 ≥ FGT1 ≥ FGT2, all in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })), {
          maxLength: 20,
        }),
        (hh) => {
          const out = new Float64Array(3);
          fgtAll(hh.map((h) => h[0]), hh.map((h) => h[1]), hh.map(() => 1), 100, out);
          expect(out[0]).toBeLessThanOrEqual(1);
          expect(out[1]).toBeLessThanOrEqual((out[0] as number) + 1e-12);
          expect(out[2]).toBeLessThanOrEqual((out[1] as number) + 1e-12);
          expect(out[2]).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('headcountHouseholds', () => {
  it('weights households, not people', () => {
    expect(headcountHouseholds(income, weight, 100)).toBeCloseTo(0.4, 15);
  });
  it('returns 0 when total weight is 0', () => {
    expect(headcountHouseholds([1, 2], [0, 0], 100)).toBe(0);
  });
});
