import { describe, expect, it } from 'vitest';
import { SimError } from '../../src/core/errors.ts';
import { compareTrajectories, type Arm } from '../../src/experiments/compare.ts';
import type { Row } from '../../src/experiments/run.ts';
import { decimalsFor, fixed, formatP, renderComparisonTable } from '../../src/report/compare-table.ts';

/** Three replicates per year; `shift` moves scenario b, `noise` varies it by replicate. */
function arms(labels: string[], years: number[] = [2014, 2015, 2016]): Arm[] {
  return labels.map((label, k) => {
    const trajectory: Row[] = [];
    for (const year of years) {
      for (let replicate = 0; replicate < 3; replicate++) {
        const t = year - years[0]!;
        trajectory.push({
          scenario: label,
          replicate,
          year,
          headcount_ratio: 0.2 - 0.03 * t + 0.01 * replicate - 0.002 * k + 0.0005 * k * (replicate % 2),
          income_mean: 5000 + 700 * t + 150 * replicate + 12 * k * (replicate + 1),
        });
      }
    }
    return { label, trajectory };
  });
}

const METRICS = ['headcount_ratio', 'income_mean'];

describe('renderComparisonTable', () => {
  it('prints a known table for the final year', () => {
    // Final year, headcount_ratio: baseline 0.14, 0.15, 0.16 (mean 0.15, sd 0.01, half-width
    // t(0.975, 2)·0.01/√3 = 0.02484); paired differences 0.002, 0.0015, 0.002 (t = 11, p = 1 − 11/√123).
    // income_mean: paired differences −12, −24, −36 (mean −24, half-width 29.8, p = 1 − √12/√14).
    const c = compareTrajectories(arms(['baseline', 'reform']), METRICS);
    expect(renderComparisonTable(c, { seed: 42 })).toBe(
      [
        'Comparison of 2 scenarios, 3 replicates each, seed 42: replicate r of every scenario faces the same',
        'households and shocks (common random numbers).',
        'Mean [95% interval] across replicates; a - b: mean of the paired differences [95% interval], p of',
        'the paired t-test (n/a where the difference is the same in every replicate); * interval cut at the',
        'possible values (shares 0-1, counts at least 0).',
        '',
        'Final year 2016',
        '',
        'headcount_ratio',
        '  scenario / a - b      mean  [95% interval]',
        '  baseline           0.15000  [0.12516, 0.17484]',
        '  reform             0.14817  [0.12331, 0.17302]',
        '  baseline - reform  0.00183  [0.00112, 0.00255]  p=0.0082',
        '',
        'income_mean',
        '  scenario / a - b      mean  [95% interval]',
        '  baseline              6550  [6177, 6923]',
        '  reform                6574  [6172, 6976]',
        '  baseline - reform      -24  [-54, 6]            p=0.074',
        '',
      ].join('\n'),
    );
  });

  it('shows every scenario, every pair, the metric names, the final year and bracketed intervals', () => {
    const c = compareTrajectories(arms(['baseline', 'tech+0.1', 'budget+10%']), METRICS);
    const text = renderComparisonTable(c);
    for (const s of ['baseline', 'tech+0.1', 'budget+10%', 'baseline - tech+0.1', 'baseline - budget+10%', 'tech+0.1 - budget+10%']) {
      expect(text).toContain(`  ${s} `);
    }
    for (const m of METRICS) expect(text).toMatch(new RegExp(`^${m}$`, 'm'));
    expect(text).toContain('Final year 2016');
    expect(text).toMatch(/\[-?\d+\.\d+, -?\d+\.\d+\]/);
    expect(text).toContain('3 scenarios, 3 replicates each:');
    expect(text).not.toContain('Years');
    expect(text).not.toMatch(/NaN|Infinity|-0\.0+\b(?![1-9])/);
  });

  it('adds a section for a range of years, with a year column', () => {
    const c = compareTrajectories(arms(['a', 'b']), METRICS);
    const text = renderComparisonTable(c, { years: { from: 2010, to: 2015 } });
    const range = text.slice(text.indexOf('Years 2014–2015'));
    expect(range).toContain('  year  scenario / a - b');
    expect(range).toMatch(/^ {2}2014 {2}a {2}/m);
    expect(range).toMatch(/^ {2}2015 {2}a {2}/m);
    expect(range).not.toContain('2016');
    // Each year's rows: the scenarios, then the pair; only the first carries the year.
    const block = range.split('\n').slice(range.split('\n').indexOf('headcount_ratio') + 2, range.split('\n').indexOf('headcount_ratio') + 8);
    expect(block.map((l) => l.slice(0, 11))).toEqual(['  2014  a  ', '        b  ', '        a -', '  2015  a  ', '        b  ', '        a -']);
    expect(renderComparisonTable(c, { years: { from: 2015, to: 2015 } })).toContain('Year 2015');
  });

  it('rejects an empty or uncovered range and unknown metrics (bad input)', () => {
    const c = compareTrajectories(arms(['a', 'b']), METRICS);
    const cases: Array<[() => unknown, RegExp]> = [
      [() => renderComparisonTable(c, { years: { from: 2016, to: 2015 } }), /year range 2016–2015 is empty/],
      [() => renderComparisonTable(c, { years: { from: 2020, to: 2030 } }), /no compared year in 2020–2030; the comparison covers 2014–2016/],
      [() => renderComparisonTable(c, { metrics: ['gini'] }), /unknown metric 'gini'/],
    ];
    for (const [f, message] of cases) {
      expect(f).toThrow(message);
      try {
        f();
      } catch (e) {
        expect((e as SimError).exitCode).toBe(2);
      }
    }
    expect(renderComparisonTable(c, { metrics: ['income_mean'] })).not.toContain('headcount_ratio');
  });

  it('fits 100 columns, shortening long labels', () => {
    const long = ['a scenario with a very long descriptive name indeed', 'another scenario whose name also goes on and on'];
    const c = compareTrajectories(arms(long), METRICS);
    const text = renderComparisonTable(c, { years: { from: 2014, to: 2016 }, seed: 123456789 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).toContain('…');
    expect(text).toMatch(/a scenario with a very long descriptive name indeed {2,}0\.150/); // arm labels fit
    expect(text).toMatch(/a scenario with[^\n]*… - another scenario[^\n]*…/);
    // Narrower terminals too.
    const narrow = renderComparisonTable(c, { width: 80 });
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('keeps one count of decimals per metric so columns align', () => {
    const c = compareTrajectories(arms(['a', 'b']), METRICS);
    const lines = renderComparisonTable(c).split('\n');
    const start = lines.indexOf('headcount_ratio') + 2;
    const means = lines.slice(start, start + 3).map((l) => /(\S+) {2}\[/.exec(l)![1]!);
    expect(new Set(means.map((m) => m.split('.')[1]!.length)).size).toBe(1);
    // Right-aligned: the numbers end in the same column.
    const ends = lines.slice(start, start + 3).map((l) => l.indexOf('  ['));
    expect(new Set(ends).size).toBe(1);
  });
});

describe('number formatting', () => {
  it('decimalsFor: two significant digits of the half-width, four of the value without spread', () => {
    expect(decimalsFor({ mean: 0.1234, lo: 0.12, hi: 0.127, sd: 0, n: 3 })).toBe(4); // half 0.0035
    expect(decimalsFor({ mean: 4567, lo: 4367, hi: 4767, sd: 0, n: 3 })).toBe(0); // half 200
    expect(decimalsFor({ mean: -0.0002, lo: -0.0005, hi: 0.0001, sd: 0, n: 3 })).toBe(5); // half 0.0003
    expect(decimalsFor({ mean: 0.5, lo: 0.5, hi: 0.5, sd: 0, n: 3 })).toBe(4);
    expect(decimalsFor({ mean: 13643598, lo: 13643598, hi: 13643598, sd: 0, n: 3 })).toBe(0);
    expect(decimalsFor({ mean: 0, lo: 0, hi: 0, sd: 0, n: 3 })).toBe(0);
    expect(decimalsFor({ mean: 1e-12, lo: 0, hi: 2e-12, sd: 0, n: 3 })).toBe(8); // capped
  });

  it('fixed never prints -0; formatP keeps two significant digits', () => {
    expect(fixed(-0.00001, 3)).toBe('0.000');
    expect(fixed(-0, 0)).toBe('0');
    expect(fixed(-1.25, 1)).toBe('-1.3');
    expect(fixed(2, 2)).toBe('2.00');
    expect(formatP(0.0004)).toBe('p<0.001');
    expect(formatP(0.001)).toBe('p=0.001');
    expect(formatP(0.0456)).toBe('p=0.046');
    expect(formatP(0.5)).toBe('p=0.5');
    expect(formatP(1)).toBe('p=1');
  });
});

describe('honest numbers in the table', () => {
  const arm = (label: string, hc: number[], funds: number[]): Arm => ({
    label,
    trajectory: hc.map((h, replicate) => ({ scenario: label, replicate, year: 2020, headcount_ratio: h, funds_public: funds[replicate]! })),
  });
  const c = compareTrajectories([arm('a', [0.01, 0.06], [12199978.64, 12199978.64]), arm('b', [0.02, 0.03], [2000000, 2000000])], ['headcount_ratio', 'funds_public']);
  const text = renderComparisonTable(c);

  it('cuts a share at 0 and marks it, with two replicates', () => {
    // t interval of a: 0.035 ∓ 12.71 · 0.0354 / √2 = [−0.283, 0.353]
    expect(text).toContain('\n  a                    0.035  [0.000, 0.353]*\n');
    expect(text).toContain('\n  b                    0.025  [0.000, 0.089]*\n');
    expect(text).toContain('\n  a - b                0.010  [-0.244, 0.264]       p=0.7\n'); // a difference may be negative
  });
  it('gives a quantity that does not vary no p-value, and no run of zeros', () => {
    expect(text).toContain('\n  a                 12199979  [12199979, 12199979]\n');
    expect(text).toContain('\n  a - b             10199979  [10199979, 10199979]  p=n/a\n');
    expect(text).not.toMatch(/\.\d{5,}/);
  });
  it('never shows more than six significant digits for a tiny half-width', () => {
    expect(decimalsFor({ mean: 12199978.64, lo: 12199978.6399, hi: 12199978.6401, sd: 0, n: 3 })).toBe(0);
    expect(decimalsFor({ mean: 0.074, lo: 0.048, hi: 0.1, sd: 0, n: 3 })).toBe(3);
  });
});
