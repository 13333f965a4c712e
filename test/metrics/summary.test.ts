import { describe, expect, it } from 'vitest';
import { summarise } from '../../src/metrics/summary.ts';
import { SimError } from '../../src/core/errors.ts';

// Two replicates × two years; replicate 1 listed first to check sorting.
const rows = [
  { replicate: 1, year: 2020, headcount: 0.4, gini: 0.3, label: 'x' },
  { replicate: 1, year: 2021, headcount: 0.3, gini: 0.32, label: 'x' },
  { replicate: 0, year: 2020, headcount: 0.5, gini: 0.35, label: 'x' },
  { replicate: 0, year: 2021, headcount: 0.2, gini: 0.34, label: 'x' },
];

describe('summarise', () => {
  it('builds final, by_year and per-replicate sections with a fixed key order', () => {
    const s = summarise(rows, { headline: ['headcount', 'gini'] });
    expect(Object.keys(s)).toEqual(['final_year', 'replicates', 'final', 'by_year', 'per_replicate_final']);
    expect(s.final_year).toBe(2021);
    expect(s.replicates).toBe(2);
    expect(Object.keys(s.final)).toEqual(['headcount', 'gini']);
    // final headcount: mean of 0.2, 0.3 = 0.25; sd = 0.0707...; t(0.975,1) = 12.706...
    expect(s.final.headcount!.mean).toBeCloseTo(0.25, 14);
    expect(s.final.headcount!.n).toBe(2);
    expect(s.final.headcount!.hi - 0.25).toBeCloseTo(12.706204736174698 * (Math.SQRT1_2 * 0.1) / Math.SQRT2, 9);
    expect(s.by_year.map((y) => y.year)).toEqual([2020, 2021]);
    expect(s.by_year[0]!.headcount).toEqual(expect.objectContaining({ mean: expect.closeTo(0.45, 14) }));
    expect(Object.keys(s.by_year[0]!)).toEqual(['year', 'headcount', 'gini']);
    expect(s.per_replicate_final).toEqual([
      { replicate: 0, headcount: 0.2, gini: 0.34 },
      { replicate: 1, headcount: 0.3, gini: 0.32 },
    ]);
  });

  it('is byte-stable regardless of row order', () => {
    const a = JSON.stringify(summarise(rows, { headline: ['gini'] }));
    const b = JSON.stringify(summarise([...rows].reverse(), { headline: ['gini'] }));
    expect(a).toBe(b);
  });

  it('groups by key columns in order of first appearance', () => {
    const arms = [
      ...rows.map((r) => ({ ...r, arm: 'b' })),
      ...rows.map((r) => ({ ...r, arm: 'a', headcount: r.headcount / 2 })),
    ];
    const s = summarise(arms, { headline: ['headcount'], keyColumns: ['arm'] });
    if (!('groups' in s)) throw new Error('expected groups');
    expect(s.key_columns).toEqual(['arm']);
    expect(s.groups.map((g) => g.key)).toEqual([{ arm: 'b' }, { arm: 'a' }]);
    expect(s.groups[1]!.final.headcount!.mean).toBeCloseTo(0.125, 14);
  });

  it('rejects duplicates, missing final years, missing or non-numeric metrics', () => {
    const cases: Array<[Array<Record<string, string | number>>, RegExp]> = [
      [[...rows, rows[0]!], /two rows for year 2020/],
      [rows.slice(0, 3), /replicate 0 has no row for the final year 2021/],
      [[{ replicate: 0, year: 1 }], /row 1 has no column 'headcount'/],
      [[{ replicate: 0, year: 1, headcount: 'high' }], /column 'headcount' in row 1 is "high"/],
      [[{ replicate: 0, year: 1, headcount: Number.NaN }], /is NaN/],
      [[], /no rows/],
    ];
    for (const [input, message] of cases) {
      expect(() => summarise(input, { headline: ['headcount'] })).toThrow(message);
      expect(() => summarise(input, { headline: ['headcount'] })).toThrow(SimError);
    }
  });
});

describe('summary intervals stay within what a metric can take', () => {
  it('two replicates: headcount_ratio never below 0, registered_poor never below 0, flagged', () => {
    const rows = [
      { replicate: 0, year: 2020, headcount_ratio: 0.01, registered_poor: 10 },
      { replicate: 1, year: 2020, headcount_ratio: 0.06, registered_poor: 900 },
    ];
    const s = summarise(rows, { headline: ['headcount_ratio', 'registered_poor'] });
    expect(s.final['headcount_ratio']!.lo).toBe(0);
    expect(s.final['headcount_ratio']!.clipped).toBe(true);
    expect(s.final['registered_poor']!.lo).toBe(0);
    const y = s.by_year[0]!['headcount_ratio'] as { lo: number; clipped?: true };
    expect(y.lo).toBe(0);
    expect(y.clipped).toBe(true);
  });
});
