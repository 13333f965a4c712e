import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gini, giniPeople } from '../../src/metrics/inequality.ts';

/** Textbook definition, O(n²): Σ Σ w_i w_j |y_i − y_j| / (2 W² μ), negatives clamped at 0. */
function giniPairwise(y: number[], w: number[]): number {
  const v = y.map((x) => Math.max(x, 0));
  let W = 0;
  let T = 0;
  for (let i = 0; i < v.length; i++) {
    W += w[i]!;
    T += w[i]! * v[i]!;
  }
  if (W <= 0 || T <= 0) return 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) for (let j = 0; j < v.length; j++) s += w[i]! * w[j]! * Math.abs(v[i]! - v[j]!);
  return s / (2 * W * T);
}

describe('gini', () => {
  it('[1,2,3,4] with equal weights is 0.25', () => {
    // ordered pairs' |differences|: 2·(1+2+3+1+2+1) = 20; 2·n²·μ = 2·16·2.5 = 80; 20/80 = 0.25
    expect(gini([1, 2, 3, 4], [1, 1, 1, 1])).toBeCloseTo(0.25, 15);
    expect(gini(new Float64Array([4, 3, 2, 1]), new Float64Array([1, 1, 1, 1]))).toBeCloseTo(0.25, 15);
  });

  it('is exactly 0 for equal incomes (including awkward decimals)', () => {
    expect(gini([0.1, 0.1, 0.1], [0.3, 1.7, 2])).toBe(0);
    expect(gini([7, 7], [1, 1])).toBe(0);
  });

  it('is (n − 1)/n when one person has everything', () => {
    for (const n of [2, 3, 5, 10]) {
      const y = Array.from({ length: n }, (_, i) => (i === n - 1 ? 100 : 0));
      expect(gini(y, y.map(() => 1))).toBeCloseTo((n - 1) / n, 14);
    }
  });

  it('is 0 for zero total income or zero total weight, and for an empty sample', () => {
    expect(gini([0, 0, 0], [1, 1, 1])).toBe(0);
    expect(gini([1, 2], [0, 0])).toBe(0);
    expect(gini([], [])).toBe(0);
  });

  it('clamps negative incomes at 0', () => {
    // [-5, 5] → [0, 5]: all-to-one with n = 2 → 1/2
    expect(gini([-5, 5], [1, 1])).toBe(0.5);
  });

  it('throws on a NaN income rather than hiding it', () => {
    expect(() => gini([1, Number.NaN], [1, 1])).toThrow(/NaN/);
  });

  it('giniPeople weights households by weight × size (hand-computed)', () => {
    // incomes 50,80,120,200; people w·s = 2,1,3,2; W = 8; Σ w·s·y = 100+80+360+400 = 940
    // gaps × (weight below)·(weight above): 30·2·6 + 40·3·5 + 80·6·2 = 360 + 600 + 960 = 1920
    // G = 1920 / (8 · 940) = 12/47
    const g = giniPeople(new Float64Array([50, 80, 120, 200]), new Float64Array([1, 1, 1, 2]), new Uint8Array([2, 1, 3, 1]));
    expect(g).toBeCloseTo(12 / 47, 15);
  });

  it('reads only the first n entries', () => {
    expect(gini([1, 2, 3, 4, 1000], [1, 1, 1, 1, 1], 4)).toBeCloseTo(0.25, 15);
  });

  it('matches the pairwise definition for arbitrary weights', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            // cents and thousandths: arbitrary non-integers, but no denormals that
            // would make the O(n²) oracle itself underflow to 0/0
            fc.integer({ min: -5_000, max: 100_000 }).map((c) => c / 100),
            fc.integer({ min: 0, max: 5_000 }).map((m) => m / 1000),
          ),
          { maxLength: 25 },
        ),
        (rows) => {
          const y = rows.map((r) => r[0]);
          const w = rows.map((r) => r[1]);
          expect(gini(y, w)).toBeCloseTo(giniPairwise(y, w), 10);
        },
      ),
    );
  });

  it('with integer weights equals the Gini of the expanded sample (weights × sizes)', () => {
    const household = fc.record({
      y: fc.integer({ min: -20, max: 300 }),
      w: fc.integer({ min: 0, max: 3 }),
      s: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(household, { maxLength: 15 }), (hh) => {
        const expanded: number[] = [];
        for (const h of hh) for (let k = 0; k < h.w * h.s; k++) expanded.push(h.y);
        const want = gini(expanded, expanded.map(() => 1));
        const y = hh.map((h) => h.y);
        expect(giniPeople(y, hh.map((h) => h.w), hh.map((h) => h.s))).toBeCloseTo(want, 12);
        expect(gini(y, hh.map((h) => h.w * h.s))).toBeCloseTo(want, 12);
      }),
    );
  });

  it('does not depend on input order (ties included)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }), (rows) => {
        const rev = [...rows].reverse();
        expect(gini(rev.map((r) => r[0]), rev.map((r) => r[1]))).toBeCloseTo(
          gini(rows.map((r) => r[0]), rows.map((r) => r[1])),
          13,
        );
      }),
    );
  });
});

/** The comparator-sort implementation the radix sort replaced (kept here as the reference). */
function giniComparatorSort(values: ArrayLike<number>, weight: ArrayLike<number>, size?: ArrayLike<number>): number {
  const m = values.length;
  const wOf = (i: number) => (size === undefined ? weight[i]! : weight[i]! * size[i]!);
  let totalWeight = 0;
  let totalIncome = 0;
  for (let i = 0; i < m; i++) {
    const y = values[i]!;
    const w = wOf(i);
    totalWeight += w;
    if (y > 0) totalIncome += w * y;
  }
  if (!(totalWeight > 0) || !(totalIncome > 0)) return 0;
  const idx = new Uint32Array(m);
  for (let i = 0; i < m; i++) idx[i] = i;
  idx.sort((a, b) => Math.max(values[a]!, 0) - Math.max(values[b]!, 0));
  let below = 0;
  let prev = 0;
  let acc = 0;
  for (let k = 0; k < m; k++) {
    const i = idx[k]!;
    const y = Math.max(values[i]!, 0);
    if (k > 0) acc += (y - prev) * below * (totalWeight - below);
    below += wOf(i);
    prev = y;
  }
  const g = acc / totalWeight / totalIncome;
  return !(g >= 0) ? 0 : g > 1 ? 1 : g;
}

describe('gini by radix sort', () => {
  it('is bit-identical to the comparator sort on random inputs (ties, negatives, zero weights, sizes)', () => {
    let state = 12345;
    const rand = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    for (let trial = 0; trial < 200; trial++) {
      const m = 1 + Math.floor(rand() * (trial < 150 ? 300 : 20000));
      const y = new Float64Array(m);
      const w = new Float64Array(m);
      const size = new Uint8Array(m);
      const levels = 1 + Math.floor(rand() * 50); // few distinct values: many ties
      for (let i = 0; i < m; i++) {
        const r = rand();
        y[i] = r < 0.1 ? -rand() * 1000 : r < 0.15 ? 0 : r < 0.17 ? -0 : r < 0.6 ? Math.floor(rand() * levels) * 37.3 : rand() * 1e5 * (trial % 3 === 0 ? 1e-300 : 1);
        w[i] = rand() < 0.1 ? 0 : rand() * 3.7 + (trial % 2) * 1e6;
        size[i] = 1 + Math.floor(rand() * 8);
      }
      expect(Object.is(gini(y, w), giniComparatorSort(y, w))).toBe(true);
      expect(Object.is(giniPeople(y, w, size), giniComparatorSort(y, w, size))).toBe(true);
      expect(Object.is(gini(Array.from(y), Array.from(w)), giniComparatorSort(y, w))).toBe(true);
    }
  });

  it('gives the same answer for a prefix (n) as for the prefix alone, after larger calls (buffers reused)', () => {
    const y = Float64Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) - 100);
    const w = Float64Array.from({ length: 1000 }, (_, i) => 1 + (i % 5));
    const whole = gini(y, w);
    expect(gini(y, w, 300)).toBe(giniComparatorSort(y.subarray(0, 300), w.subarray(0, 300)));
    expect(gini(y, w)).toBe(whole);
  });
});
