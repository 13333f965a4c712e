/**
 * CSV output (RFC 4180 quoting, `\n` line ends, trailing newline).
 *
 * Number format — chosen so files are byte-stable across runs and platforms
 * and diff cleanly, while keeping more precision than any model output needs:
 *  - integers (|x| < 1e21) are written plainly: `42`, `-3`, `0` (also for −0);
 *  - other numbers are rounded to 10 significant digits and written in the
 *    shortest plain decimal form of that rounded value, never with an
 *    exponent: 0.1 + 0.2 → `0.3`, 2/3 → `0.6666666667`, 1234567.891234 →
 *    `1234567.891`, 1.5e-7 → `0.00000015`; magnitudes ≥ 1e10 round to integers;
 *  - NaN and ±Infinity throw a run error naming the column and row: outputs
 *    must never contain them.
 */
import { runError } from '../core/errors.ts';

export type CsvRow = Readonly<Record<string, string | number>>;

export function toCsv(rows: readonly CsvRow[], columns: readonly string[]): string {
  const lines: string[] = [columns.map(quote).join(',')];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as CsvRow;
    const cells = new Array<string>(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as string;
      const v = row[column];
      if (v === undefined) throw runError(`CSV: row ${r + 1} has no value for column '${column}'`);
      cells[c] = typeof v === 'number' ? formatNumber(v, column, r + 1) : quote(v);
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** The CSV number format described above; `column`/`row` only name the culprit in errors. */
export function formatNumber(x: number, column = '?', row = 0): string {
  if (!Number.isFinite(x)) throw runError(`CSV: column '${column}' in row ${row} is ${x}; outputs must be finite numbers`);
  if (Number.isInteger(x)) return formatInteger(x);
  const r = Number(x.toPrecision(10));
  if (Number.isInteger(r)) return formatInteger(r);
  // JavaScript prints 1e-6 ≤ |r| < 1e21 without an exponent.
  if (Math.abs(r) >= 1e-6) return String(r);
  const decimals = Math.min(100, 9 - Math.floor(Math.log10(Math.abs(r))));
  const fixed = r.toFixed(decimals).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

function formatInteger(x: number): string {
  // String(-0) is already '0'; beyond 1e21 String() switches to exponent form.
  return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
