import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { SimError } from '../../src/core/errors.ts';
import { checkSeriesRanges, compileSeries, expressionError, timeSeries } from '../../src/scenario/expressions.ts';
import { section, share } from '../../src/scenario/fields.ts';

describe('expression whitelist', () => {
  it.each([
    '2300',
    'year',
    '2e8 * 1.1^(year - 2011)',
    '-year + 2 * pi + e',
    '+3',
    '2 year',
    'min(0.9, 0.2 + 0.08 * (year - 2011))',
    'max(1, 2, 3)',
    'abs(sqrt(year)) + exp(1) + log(10) + log(8, 2) + log10(100) + pow(2, 3) + floor(1.5) + ceil(1.2) + round(2.567, 2)',
    'year >= 2015 ? 1 : 0',
    'year < 2015 and year > 2010 ? 1 : (not (year == 2020) or year != 2021 ? 2 : 3)',
    'year <= 2015 ? 1 : year > 2018 ? 3 : 2',
    '(year)(2)', // implicit multiplication
  ])('accepts %s', (text) => {
    expect(expressionError(text)).toBeUndefined();
  });

  it.each([
    ['import', /unknown variable "import"/],
    ['import({}, {})', /function "import" is not allowed/],
    ['evaluate("1")', /function "evaluate" is not allowed/],
    ['createUnit("foo")', /function "createUnit" is not allowed/],
    ['x = 3', /assignment/],
    ['f(x) = x', /defining functions/],
    ['[1, 2]', /lists and matrices/],
    ['{a: 1}', /objects/],
    ['"str"', /text strings/],
    ['1 cm', /units \("cm"\)/],
    ['5 kg to g', /units|operator "to"/],
    ['year.foo', /property access/],
    ['year[1]', /property access and indexing/],
    ['1:3', /ranges/],
    ['1; 2', /only one expression/],
    ['sin(year)', /function "sin" is not allowed; allowed functions: abs/],
    ['yeer + 1', /unknown variable "yeer" \(did you mean "year"\?\); allowed: year/],
    ['Infinity', /constant Infinity is not allowed/],
    ['NaN * 0', /constant NaN is not allowed/],
    ['i', /unknown variable "i"/],
    ['true', /constant true is not allowed/],
    ['5!', /operator "!" is not allowed/],
    ['year mod 4', /operator "mod" is not allowed/],
    ["year'", /operator "'" is not allowed/],
    ['year > 2015', /gives true\/false/],
    ['year ? 1 : 2', /condition of "\? :" must be a comparison/],
    ['(year > 1) + 1', /needs numbers/],
    ['abs', /is a function; call it like abs\(x\)/],
    ['abs(1, 2)', /abs\(\) takes 1 argument, got 2/],
    ['pow(2)', /pow\(\) takes 2 arguments, got 1/],
    ['1 +', /syntax error/],
    ['', /empty/],
  ])('rejects %s', (text, pattern) => {
    expect(expressionError(text)).toMatch(pattern);
  });

  it('never throws for arbitrary text, only reports', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = expressionError(s);
        expect(r === undefined || typeof r === 'string').toBe(true);
      }),
    );
  });
});

describe('compileSeries', () => {
  it('constant', () => {
    const f = compileSeries(7.5);
    expect([f(2000), f(2030)]).toEqual([7.5, 7.5]);
  });

  it('expression of year', () => {
    const f = compileSeries('2e8 * 1.1^(year - 2011)');
    expect(f(2011)).toBeCloseTo(2e8);
    expect(f(2013)).toBeCloseTo(2e8 * 1.21);
    const g = compileSeries('year >= 2015 ? 1 : 0.5');
    expect([g(2014), g(2015)]).toEqual([0.5, 1]);
    expect(compileSeries('min(0.9, 0.2 + 0.1 * (year - 2011))')(2030)).toBe(0.9);
  });

  it('table: linear between years, constant outside, order of keys irrelevant', () => {
    const f = compileSeries({ '2016': 2952, '2010': 2300, '2011': 2536 });
    expect(f(2000)).toBe(2300);
    expect(f(2010)).toBe(2300);
    expect(f(2011)).toBe(2536);
    expect(f(2013.5)).toBeCloseTo(2536 + (2952 - 2536) * 0.5);
    expect(f(2016)).toBe(2952);
    expect(f(2050)).toBe(2952);
  });

  it('non-finite results throw an input error naming the year', () => {
    const f = compileSeries('log(year - 2020)');
    expect(f(2021)).toBe(0);
    expect(() => f(2020)).toThrow(SimError);
    expect(() => f(2020)).toThrow(/at year 2020/);
    expect(() => compileSeries('sqrt(year - 2030)')(2020)).toThrow(/NaN/); // predictable mode: no complex numbers
    expect(() => compileSeries('1 / (year - 2020)')(2020)).toThrow(/Infinity/);
    expect(() => compileSeries('evaluate("1")')).toThrow(/not allowed/);
    expect(() => compileSeries(Infinity)).toThrow(SimError);
  });
});

describe('timeSeries field', () => {
  const S = z.strictObject({
    budget: section('Budget.', {
      central: timeSeries({ description: 'Central budget.', unit: 'yuan/year', min: 0, max: 1e12, default: '2e8 * 1.1^(year - 2011)' }),
    }),
    line: timeSeries({ description: 'Poverty line.', min: 0, default: { '2010': 2300 } }),
    coverage: timeSeries({ description: 'Coverage.', unit: 'share', min: 0, max: 1, default: 0.5 }),
    other: share('Not a series.', 0.2),
  });

  it('accepts the three forms', () => {
    expect(S.parse({}).budget.central).toBe('2e8 * 1.1^(year - 2011)');
    expect(S.parse({ line: { '2011': 2536, '2016': 2952 } }).line).toEqual({ '2011': 2536, '2016': 2952 });
    expect(S.parse({ coverage: 0.7 }).coverage).toBe(0.7);
  });

  it('reports what is wrong with an expression', () => {
    const r = S.safeParse({ coverage: 'yeer * 2' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/unknown variable "yeer".*allowed: year/);
    expect(S.safeParse({ coverage: 2 }).success).toBe(false); // constants checked by zod
    expect(S.safeParse({ line: { abc: 1 } }).success).toBe(false);
    expect(S.safeParse({ line: {} }).success).toBe(false);
  });

  it('checkSeriesRanges evaluates every series at the years and reports path and year', () => {
    const value = S.parse({ budget: { central: 'year >= 2015 ? 1e99 : 1' }, coverage: '0.1 * (year - 2010)' });
    const problems = checkSeriesRanges(S, value, [2010, 2011, 2015, 2016, 2020, 2021]);
    expect(problems).toEqual([
      { path: 'budget.central', message: 'value 1e99 at year 2015 is above the maximum 1e12 (and at 3 other years)' },
      { path: 'coverage', message: 'value 1.1 at year 2021 is above the maximum 1' },
    ]);
    expect(checkSeriesRanges(S, S.parse({ coverage: 'log(year - 2015)' }), [2015])).toEqual([
      { path: 'coverage', message: 'value is not a finite number at year 2015' },
    ]);
    expect(checkSeriesRanges(S, S.parse({ coverage: 'year - 2015' }), [2014])[0]!.message).toBe(
      'value -1 at year 2014 is below the minimum 0',
    );
    expect(checkSeriesRanges(S, S.parse({}), [2010, 2020])).toEqual([]);
  });

  it('finds series inside arrays and records', () => {
    const T = z.strictObject({
      list: z.array(z.strictObject({ s: timeSeries({ description: 's', max: 10, default: 1 }) })).default([]),
      map: z.record(z.string(), timeSeries({ description: 'm', max: 10, default: 1 })).default({}),
    });
    const v = T.parse({ list: [{ s: 1 }, { s: 'year' }], map: { a: 'year / 1000', b: '11' } });
    expect(checkSeriesRanges(T, v, [2000]).map((p) => p.path)).toEqual(['list.1.s', 'map.b']);
  });
});
