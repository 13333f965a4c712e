import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SimError } from '../../src/core/errors.ts';
import {
  designPoints, factorialCount, factorialLevels, factorialPoints, fromUnit, inShard, parseShard, pointOf, rangeValues, replicateOf, runId,
  shardRunIds, shardSize, shardSlot, unitLatinHypercube, type ParameterSpec,
} from '../../src/experiments/design.ts';
import { inputErrorOf } from '../helpers/errors.ts';

const list = (path: string, values: (number | string)[], integer = false): ParameterSpec => ({ path, kind: 'list', values, integer });
const range = (path: string, from: number, to: number, steps?: number, integer = false): ParameterSpec =>
  ({ path, kind: 'range', from, to, ...(steps === undefined ? {} : { steps }), integer });

describe('full factorial', () => {
  it('runs every combination, the first parameter varying slowest', () => {
    const pts = designPoints([list('a', [0, 0.5, 1]), range('b', 0, 1, 3)], { kind: 'factorial' }, 1);
    expect(pts).toEqual([[0, 0], [0, 0.5], [0, 1], [0.5, 0], [0.5, 0.5], [0.5, 1], [1, 0], [1, 0.5], [1, 1]]);
  });

  it('has the product of the level counts as its size', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (sizes) => {
      const levels = sizes.map((n) => Array.from({ length: n }, (_, i) => i));
      const pts = factorialPoints(levels);
      expect(pts.length).toBe(factorialCount(levels));
      expect(new Set(pts.map((p) => p.join(','))).size).toBe(pts.length);
    }));
  });

  it('spaces range values evenly with both ends exact, rounding on integer fields', () => {
    expect(rangeValues(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(rangeValues(0.1, 0.7, 4).at(-1)).toBe(0.7);
    expect(designPoints([range('n', 1000, 2000, 4, true)], { kind: 'factorial' }, 1)).toEqual([[1000], [1333], [1667], [2000]]);
  });

  it('rejects integer steps that round to the same level twice, naming the parameter', () => {
    const e = inputErrorOf(() => factorialLevels(range('population.counties', 1, 2, 5, true)));
    expect(e.message).toMatch(/population\.counties.*round to repeated levels \(1, 1, 2, 2, 2\); use at most 2 steps/);
    expect(e.problems[0]!.path).toBe('parameters.population.counties.steps');
    expect(factorialLevels(range('population.counties', 1, 2, 2, true))).toEqual([1, 2]);
    expect(factorialLevels(range('x', 1, 2, 5))).toEqual([1, 1.25, 1.5, 1.75, 2]); // not an integer field: fine
  });
});

describe('Latin hypercube', () => {
  it('puts exactly one sample in each stratum of every dimension', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, dims, seed) => {
      const u = unitLatinHypercube(n, dims, seed);
      expect(u.length).toBe(n);
      for (let d = 0; d < dims; d++) {
        const strata = u.map((row) => Math.floor(row[d]! * n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      }
    }));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const specs = [range('a', 0, 1), range('b', 10, 20)];
    const a = designPoints(specs, { kind: 'latin_hypercube', samples: 8 }, 42);
    expect(designPoints(specs, { kind: 'latin_hypercube', samples: 8 }, 42)).toEqual(a);
    expect(designPoints(specs, { kind: 'latin_hypercube', samples: 8 }, 43)).not.toEqual(a);
    for (const [x, y] of a as number[][]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(y).toBeGreaterThanOrEqual(10);
      expect(y).toBeLessThan(20);
    }
  });

  it('treats a list as discrete levels, balanced when the level count divides the samples', () => {
    const pts = designPoints([list('g', ['single', 'multi']), range('a', 0, 1)], { kind: 'latin_hypercube', samples: 10 }, 7);
    const counts = new Map<unknown, number>();
    for (const p of pts) counts.set(p[0], (counts.get(p[0]) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ single: 5, multi: 5 });
    expect(fromUnit(list('x', [1, 2, 3]), 0.999999)).toBe(3);
    expect(fromUnit(range('n', 10, 20, undefined, true), 0.26)).toBe(12); // floor(10 + 0.26 * 11)
  });

  it('gives every whole number of an integer range the same weight, ends included', () => {
    // Rounding gave the ends half the weight of the inner values: 1..3 → 1 ×1/4, 2 ×1/2, 3 ×1/4.
    const counts = new Map<unknown, number>();
    for (const [v] of designPoints([range('n', 1, 3, undefined, true)], { kind: 'latin_hypercube', samples: 300 }, 5)) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 1: 100, 2: 100, 3: 100 });
    expect(fromUnit(range('n', 1, 3, undefined, true), 0)).toBe(1);
    expect(fromUnit(range('n', 1, 3, undefined, true), 1 - 1e-12)).toBe(3);
    expect(fromUnit(range('n', 1, 3, undefined, true), 1)).toBe(3); // clamped to `to`
    expect(fromUnit(range('n', 0.5, 3.5, undefined, true), 0)).toBe(1); // ends rounded inwards
  });
});

describe('runs and shards', () => {
  it('numbers runs densely: point * replicates + replicate', () => {
    expect(runId(4, 2, 3)).toBe(14);
    expect(pointOf(14, 3)).toBe(4);
    expect(replicateOf(14, 3)).toBe(2);
  });

  it('splits the runs into disjoint shards that cover them all', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 9 }), (total, count) => {
      const seen = new Array<number>(total).fill(0);
      let sum = 0;
      for (let index = 1; index <= count; index++) {
        const shard = { index, count };
        const ids = [...shardRunIds(total, shard)];
        expect(ids.length).toBe(shardSize(total, shard));
        ids.forEach((id, slot) => {
          expect(inShard(id, shard)).toBe(true);
          expect(shardSlot(id, shard)).toBe(slot);
          seen[id]!++;
        });
        sum += ids.length;
      }
      expect(sum).toBe(total);
      expect(seen.every((k) => k === 1)).toBe(true);
    }));
  });

  it('parses --shard i/n and rejects anything else as bad input', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0', '-1/2']) {
      expect(() => parseShard(bad)).toThrow(SimError);
    }
    expect(() => parseShard('3/2', "Run 'sim sweep --help' for usage.")).toThrow("--shard must be i/n with 1 <= i <= n, e.g. 2/8, got '3/2'. Run 'sim sweep --help' for usage.");
  });
});
