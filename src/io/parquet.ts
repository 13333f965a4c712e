/**
 * A CSV file as an Apache Parquet file beside it (`--format parquet`: a big
 * sweep's runs.csv as runs.parquet, for pandas, polars, R arrow, DuckDB).
 *
 * The library is hyparquet-writer (hyparam): pure JavaScript with one
 * dependency (its reader, hyparquet), no native build or WebAssembly, and
 * maintained; @dsnp/parquetjs pulls in an S3 client and more, parquet-wasm a
 * 10 MB WebAssembly build.
 *
 * Same rows and column order as the CSV. Column types, from the cells:
 *  - the columns named in `integerColumns` whose every cell is a whole number:
 *    as named there, INT32 (INT64 when a value is beyond its range) or INT64;
 *  - every other column whose cells are all numbers or empty: DOUBLE, an empty
 *    cell null (a metric left empty because it is undefined);
 *  - all cells true or false: BOOLEAN; anything else: UTF8 strings.
 * So a metric column stays DOUBLE even when its values happen to be whole.
 *
 * Streams: one pass over the CSV finds the types, a second writes row groups
 * of ROW_GROUP rows, so memory holds one row group, not the file. The output
 * depends only on the CSV's bytes and the options (no time, no version), so
 * equal CSVs give byte-identical Parquet files. Written to a temp name in the
 * same folder and renamed into place, like the other outputs (write.ts).
 */
import { closeSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { basename, dirname, join } from 'node:path';
import { fileWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { runError } from '../core/errors.ts';

/** Rows per row group: large enough for good compression, small enough to hold in memory. */
export const ROW_GROUP = 100_000;

/** What the writer records in the file footer (created_by): fixed, so the bytes do not depend on the version. */
const CREATED_BY = 'poverty-governance-sim (hyparquet-writer)';

export interface CsvToParquetOptions {
  /** Columns written as integers when every cell is a whole number: INT32 (INT64 beyond its range) or INT64 (e.g. 32-bit unsigned seeds). */
  integerColumns?: Readonly<Record<string, 'INT32' | 'INT64'>>;
  /** Unit of each column, in words: stored as JSON in the key-value metadata under `units`. */
  units?: Readonly<Record<string, string>>;
  /** More key-value metadata (e.g. the source file). */
  metadata?: Readonly<Record<string, string>>;
}

type ColumnType = 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'STRING';

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Write `csvPath` as the Parquet file `parquetPath` (atomically). Returns the number of rows. */
export function writeCsvAsParquet(csvPath: string, parquetPath: string, options: CsvToParquetOptions = {}): number {
  const { columns, types, rows } = inferTypes(csvPath, options.integerColumns ?? {});
  const dir = dirname(parquetPath);
  const temp = join(dir, `.${basename(parquetPath)}.tmp-${process.pid}-${++tempCounter}`);
  try {
    const writer = new ParquetWriter({
      writer: fileWriter(temp),
      schema: schemaOf(columns, types),
      kvMetadata: keyValues(columns, options),
      createdBy: CREATED_BY,
    });
    const batch = columns.map(() => [] as string[]);
    const flush = () => {
      if (batch[0]!.length === 0) return;
      void writer.write({ columnData: columns.map((name, k) => ({ name, data: decode(batch[k]!, types[k]!) })), rowGroupSize: ROW_GROUP });
      for (const b of batch) b.length = 0;
    };
    let header = true;
    for (const record of csvRecords(csvPath)) {
      if (header) {
        header = false;
        continue;
      }
      for (let k = 0; k < columns.length; k++) batch[k]!.push(record[k]!);
      if (batch[0]!.length === ROW_GROUP) flush();
    }
    flush();
    void writer.finish();
    renameSync(temp, parquetPath);
  } catch (e) {
    rmSync(temp, { force: true });
    throw runError(`could not write ${parquetPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return rows;
}

let tempCounter = 0;

/** Remove the temps of a killed writer of `parquetPath` (call it holding the folder's lock). */
export function removeStaleParquetTemps(parquetPath: string): void {
  const prefix = `.${basename(parquetPath)}.tmp-`;
  for (const name of readdirSync(dirname(parquetPath))) {
    if (name.startsWith(prefix)) rmSync(join(dirname(parquetPath), name), { force: true });
  }
}

/** The first pass: the header and each column's type. */
function inferTypes(csvPath: string, integerColumns: Readonly<Record<string, 'INT32' | 'INT64'>>): { columns: string[]; types: ColumnType[]; rows: number } {
  let columns: string[] | undefined;
  let integer: boolean[] = [];
  let number: boolean[] = [];
  let boolean: boolean[] = [];
  let int32: boolean[] = [];
  let rows = 0;
  for (const record of csvRecords(csvPath)) {
    if (!columns) {
      columns = record;
      integer = columns.map((c) => integerColumns[c] !== undefined);
      number = columns.map(() => true);
      boolean = columns.map(() => true);
      int32 = columns.map((c) => integerColumns[c] !== 'INT64');
      continue;
    }
    rows++;
    if (record.length !== columns.length) throw runError(`${csvPath}: row ${rows} has ${record.length} fields where the header has ${columns.length}`);
    for (let k = 0; k < record.length; k++) {
      const cell = record[k]!;
      if (integer[k]) {
        if (!INTEGER.test(cell) || !Number.isSafeInteger(Number(cell))) integer[k] = false;
        else if (Math.abs(Number(cell)) > 2 ** 31 - 1) int32[k] = false;
      }
      if (number[k] && cell !== '' && !NUMBER.test(cell)) number[k] = false;
      if (boolean[k] && cell !== 'true' && cell !== 'false') boolean[k] = false;
    }
  }
  if (!columns) throw runError(`${csvPath}: empty; expected a header line`);
  const types = columns.map((_, k): ColumnType =>
    integer[k] ? (int32[k] ? 'INT32' : 'INT64') : number[k] ? 'DOUBLE' : boolean[k] && rows > 0 ? 'BOOLEAN' : 'STRING',
  );
  return { columns, types, rows };
}

function schemaOf(columns: readonly string[], types: readonly ColumnType[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((name, k): SchemaElement => {
      const t = types[k]!;
      // Only a DOUBLE column can hold an empty cell (null); the others are always filled.
      const repetition_type = t === 'DOUBLE' ? 'OPTIONAL' : 'REQUIRED';
      return t === 'STRING' ? { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type } : { name, type: t, repetition_type };
    }),
  ];
}

function decode(cells: readonly string[], type: ColumnType): unknown[] {
  switch (type) {
    case 'INT32':
      return Int32Array.from(cells, Number) as unknown as unknown[];
    case 'INT64':
      return BigInt64Array.from(cells, (c) => BigInt(c)) as unknown as unknown[];
    case 'DOUBLE':
      return cells.map((c) => (c === '' ? null : Number(c)));
    case 'BOOLEAN':
      return cells.map((c) => c === 'true');
    case 'STRING':
      return [...cells];
  }
}

function keyValues(columns: readonly string[], options: CsvToParquetOptions): { key: string; value: string }[] {
  const kv = Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value }));
  const units = options.units;
  if (units) {
    // Column order, only the columns that have a unit: the same bytes for the same CSV.
    const known = Object.fromEntries(columns.filter((c) => units[c] !== undefined && units[c] !== '').map((c) => [c, units[c]!]));
    kv.push({ key: 'units', value: JSON.stringify(known) });
  }
  return kv;
}

const CHUNK = 1 << 20;

/**
 * The records of a CSV file (RFC 4180: quoted fields with `""` escapes and
 * embedded commas or line breaks; `\n` or `\r\n`), streamed in 1 MiB chunks.
 */
export function* csvRecords(path: string): Generator<string[]> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    let record: string[] = [];
    let field = '';
    let inQuotes = false;
    let afterQuote = false; // a quote in a quoted field: its end, or the first of `""`
    let pending = false; // something since the last record ended
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, CHUNK, pos);
      const text = n === 0 ? decoder.end() : decoder.write(buf.subarray(0, n));
      pos += n;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (afterQuote) {
          afterQuote = false;
          if (c === '"') {
            field += '"';
            inQuotes = true;
            continue;
          }
        }
        if (inQuotes) {
          if (c === '"') {
            inQuotes = false;
            afterQuote = true;
          } else field += c;
          continue;
        }
        pending = true;
        if (c === '"') inQuotes = true;
        else if (c === ',') {
          record.push(field);
          field = '';
        } else if (c === '\n') {
          record.push(field.endsWith('\r') ? field.slice(0, -1) : field);
          yield record;
          record = [];
          field = '';
          pending = false;
        } else field += c;
      }
      if (n === 0) break;
    }
    if (inQuotes) throw runError(`${path}: a quoted field is not closed`);
    if (pending) {
      record.push(field);
      yield record;
    }
  } finally {
    closeSync(fd);
  }
}
