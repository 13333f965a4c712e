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
 *    must never contain them;
 *  - money columns (ledger.csv's amount_yuan) are written exactly, yuan with
 *    two decimals (formatYuan).
 */
import { inputError, runError } from '../core/errors.ts';

export type CsvRow = Readonly<Record<string, string | number>>;

/** A column's own number format (e.g. money: formatYuan), instead of formatNumber. */
export type NumberFormat = (x: number, column: string, row: number) => string;

export function toCsv(rows: readonly CsvRow[], columns: readonly string[], formats: Readonly<Record<string, NumberFormat>> = {}): string {
  const lines: string[] = [columns.map(quote).join(',')];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as CsvRow;
    const cells = new Array<string>(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as string;
      const v = row[column];
      if (v === undefined) throw runError(`CSV: row ${r + 1} has no value for column '${column}'`);
      cells[c] = typeof v === 'number' ? (formats[column] ?? formatNumber)(v, column, r + 1) : quote(v);
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

/**
 * Money kept in integer fen, written exactly as yuan with two decimals
 * (`105165000.00`, `-0.05`): ten significant digits lost a few yuan on a
 * national ledger, so a reader could not reconcile it.
 */
export function formatYuan(x: number, column = '?', row = 0): string {
  const fen = Math.round(x * 100);
  if (!Number.isSafeInteger(fen)) throw runError(`CSV: column '${column}' in row ${row} is ${x}; expected an amount in yuan within ±${Number.MAX_SAFE_INTEGER / 100}`);
  const abs = BigInt(Math.abs(fen));
  return `${fen < 0 ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function formatInteger(x: number): string {
  // String(-0) is already '0'; beyond 1e21 String() switches to exponent form.
  return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A parsed CSV file: its header and one record per line, every cell a string. */
export interface ParsedCsv {
  columns: string[];
  rows: Record<string, string>[];
}

/**
 * Parse RFC 4180 CSV: quoted fields with `""` escapes and embedded commas or
 * line breaks, `\n` or `\r\n` line ends, an optional final line end, an
 * optional byte-order mark. The first record is the header. A record with
 * another number of fields than the header, an unclosed quote or a quote
 * inside an unquoted field is an input error naming `file` and the line.
 */
export function parseCsv(text: string, file = '<csv>'): ParsedCsv {
  const records: string[][] = [];
  const starts: number[] = []; // line on which each record starts (1-based)
  let record: string[] = [];
  let field = '';
  let quoted = false; // the current field was a quoted one (and is closed)
  let line = 1;
  let recordLine = 1;
  const bad = (message: string, at = line) => inputError(`${file}:${at}: ${message}`, [{ file, line: at, path: '', message }]);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    starts.push(recordLine);
    record = [];
    field = '';
    quoted = false;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      if (field !== '' || quoted) throw bad('a quote inside an unquoted field (quote the whole field and double the quote)');
      const opened = line;
      i++;
      for (;;) {
        if (i >= n) throw bad('a quoted field is not closed', opened);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      quoted = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw bad('unexpected text after a closing quote');
    } else if (c === ',') {
      record.push(field);
      field = '';
      quoted = false;
      i++;
    } else if (c === '\n' || c === '\r') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (quoted) throw bad('unexpected text after a closing quote');
      field += c;
      i++;
    }
  }
  // The last record when the text does not end with a line break.
  if (field !== '' || quoted || record.length > 0) endRecord();
  // Blank lines (a record of one empty, unquoted field) at the end are not records.
  while (records.length > 0 && records[records.length - 1]!.length === 1 && records[records.length - 1]![0] === '') {
    records.pop();
    starts.pop();
  }
  if (records.length === 0) throw inputError(`${file}: empty CSV file; expected a header line`, [{ file, path: '', message: 'empty file' }]);
  const columns = records[0]!;
  const rows: Record<string, string>[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.length !== columns.length) throw bad(`${rec.length} fields where the header has ${columns.length}`, starts[r]!);
    const row: Record<string, string> = {};
    for (let k = 0; k < columns.length; k++) row[columns[k]!] = rec[k]!;
    rows.push(row);
  }
  return { columns, rows };
}
