import { describe, expect, it } from 'vitest';
import { formatNumber, toCsv } from '../../src/io/csv.ts';
import { SimError } from '../../src/core/errors.ts';

describe('formatNumber', () => {
  it.each([
    [42, '42'],
    [-3, '-3'],
    [-0, '0'],
    [0.1 + 0.2, '0.3'],
    [2 / 3, '0.6666666667'],
    [-2 / 3, '-0.6666666667'],
    [1234567.891234, '1234567.891'],
    [12345678901.5, '12345678900'],
    [1.5e-7, '0.00000015'],
    [-1.23456789012e-9, '-0.00000000123456789'],
    [1e-6 + 1e-18, '0.000001'],
    [1e21, '1000000000000000000000'],
    [2.5, '2.5'],
  ])('%d → %s', (x, want) => {
    expect(formatNumber(x)).toBe(want);
  });

  it('never uses an exponent for typical magnitudes', () => {
    for (let e = -12; e <= 20; e++) expect(formatNumber(1.2345 * 10 ** e)).not.toMatch(/e/i);
  });
});

describe('toCsv', () => {
  it('writes a header, RFC 4180 quoting, \\n line ends and a trailing newline', () => {
    const csv = toCsv(
      [
        { year: 2020, name: 'plain', share: 0.25 },
        { year: 2021, name: 'a, "quoted"\nvalue', share: 1 / 3 },
      ],
      ['year', 'name', 'share'],
    );
    expect(csv).toBe('year,name,share\n2020,plain,0.25\n2021,"a, ""quoted""\nvalue",0.3333333333\n');
  });

  it('follows the column order given, not the row key order', () => {
    expect(toCsv([{ b: 2, a: 1 }], ['a', 'b'])).toBe('a,b\n1,2\n');
  });

  it('writes just the header for no rows', () => {
    expect(toCsv([], ['x', 'y'])).toBe('x,y\n');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %d, naming column and row', (bad) => {
    try {
      toCsv([{ a: 1, b: 2 }, { a: 3, b: bad }], ['a', 'b']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimError);
      expect((e as SimError).exitCode).toBe(1);
      expect((e as Error).message).toContain("column 'b' in row 2");
    }
  });

  it('refuses a missing cell', () => {
    expect(() => toCsv([{ a: 1 }], ['a', 'b'])).toThrow("row 1 has no value for column 'b'");
  });
});
