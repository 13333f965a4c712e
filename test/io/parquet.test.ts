// io/parquet.ts: a CSV as a typed Parquet file, read back with hyparquet (the
// reader of the same project) and, when python3 has pyarrow, with pyarrow.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetSchema } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.ts';
import { csvRecords, ROW_GROUP, writeCsvAsParquet } from '../../src/io/parquet.ts';
import { parquetMetadataOf as metadataOf, readParquet } from '../helpers/parquet.ts';

const dir = mkdtempSync(join(tmpdir(), 'pgs-parquet-'));
let n = 0;
const file = (text: string) => {
  const path = join(dir, `t${++n}.csv`);
  writeFileSync(path, text);
  return path;
};

const MIXED =
  'run_id,seed,label,flag,x,m\n' +
  '0,4294967295,"a, ""quoted""\nlabel",true,0.5,1\n' +
  '1,4294967295,plain,false,-1e-7,\r\n' +
  '2,4294967295,,true,12199978.64,3';

describe('csvRecords', () => {
  it('reads quoted fields, escaped quotes, embedded line breaks, CRLF and a last line without a line end as parseCsv does', () => {
    const path = file(MIXED);
    const parsed = parseCsv(readFileSync(path, 'utf8'));
    const records = [...csvRecords(path)];
    expect(records[0]).toEqual(parsed.columns);
    expect(records.slice(1)).toEqual(parsed.rows.map((r) => parsed.columns.map((c) => r[c])));
  });

  it('streams across chunk boundaries (a file of several MiB with quoted fields and multi-byte characters)', () => {
    const lines = ['k,text,v'];
    for (let i = 0; i < 60_000; i++) lines.push(`${i},"贫困 ""${i}"",\n治理",${i / 7}`);
    const path = file(lines.join('\n') + '\n');
    const parsed = parseCsv(readFileSync(path, 'utf8'));
    let k = 0;
    for (const record of csvRecords(path)) {
      if (k > 0) expect(record).toEqual(parsed.columns.map((c) => parsed.rows[k - 1]![c]));
      k++;
    }
    expect(k).toBe(60_001);
  });
});

describe('writeCsvAsParquet', () => {
  it('types the columns (INT32, INT64, UTF8, BOOLEAN, DOUBLE with nulls) and keeps the rows, the order and the values', async () => {
    const csv = file(MIXED);
    const out = join(dir, 'mixed.parquet');
    const rows = writeCsvAsParquet(csv, out, { integerColumns: { run_id: 'INT32', seed: 'INT64', m: 'INT32' }, units: { x: 'yuan per year', label: '' } });
    expect(rows).toBe(3);
    const meta = metadataOf(out);
    const types = Object.fromEntries(meta.schema.slice(1).map((e) => [e.name, [e.type, e.converted_type].filter(Boolean).join('/')]));
    // m is named an integer column but has an empty cell: DOUBLE with a null.
    expect(types).toEqual({ run_id: 'INT32', seed: 'INT64', label: 'BYTE_ARRAY/UTF8', flag: 'BOOLEAN', x: 'DOUBLE', m: 'DOUBLE' });
    expect(parquetSchema(meta).children.map((c) => c.element.name)).toEqual(['run_id', 'seed', 'label', 'flag', 'x', 'm']);
    expect(meta.key_value_metadata).toEqual([{ key: 'units', value: '{"x":"yuan per year"}' }]);
    expect(await readParquet(out)).toEqual([
      { run_id: 0, seed: 4294967295n, label: 'a, "quoted"\nlabel', flag: true, x: 0.5, m: 1 },
      { run_id: 1, seed: 4294967295n, label: 'plain', flag: false, x: -1e-7, m: null },
      { run_id: 2, seed: 4294967295n, label: '', flag: true, x: 12199978.64, m: 3 },
    ]);
  });

  it('a column not named an integer column is DOUBLE even when every value is whole; INT32 past its range becomes INT64', async () => {
    const out = join(dir, 'whole.parquet');
    writeCsvAsParquet(file('a,b\n1,3000000000\n2,4\n'), out, { integerColumns: { b: 'INT32' } });
    expect(metadataOf(out).schema.slice(1).map((e) => e.type)).toEqual(['DOUBLE', 'INT64']);
    expect(await readParquet(out)).toEqual([{ a: 1, b: 3000000000n }, { a: 2, b: 4n }]);
  });

  it('many rows: several row groups, the same values, and the same bytes when written again', async () => {
    const rows = ROW_GROUP * 2 + 7;
    const lines = ['run_id,x'];
    for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 0.37) % 1}`);
    const csv = file(lines.join('\n') + '\n');
    const a = join(dir, 'big-a.parquet');
    const b = join(dir, 'big-b.parquet');
    writeCsvAsParquet(csv, a, { integerColumns: { run_id: 'INT32' } });
    writeCsvAsParquet(csv, b, { integerColumns: { run_id: 'INT32' } });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(metadataOf(a).row_groups.length).toBe(3);
    const back = await readParquet(a);
    expect(back.length).toBe(rows);
    for (let i = 0; i < rows; i += 9973) expect(back[i]).toEqual({ run_id: i, x: Number(lines[i + 1]!.split(',')[1]) });
  }, 60_000);

  it('is atomic: no temp file is left, and a target it cannot replace leaves nothing behind', () => {
    const sub = join(dir, 'atomic');
    mkdirSync(join(sub, 'runs.parquet'), { recursive: true }); // a directory where the file should go
    expect(() => writeCsvAsParquet(file('a\n1\n'), join(sub, 'runs.parquet'))).toThrow(/could not write/);
    expect(readdirSync(sub)).toEqual(['runs.parquet']);
    writeCsvAsParquet(file('a\n1\n'), join(sub, 'ok.parquet'));
    expect(readdirSync(sub).sort()).toEqual(['ok.parquet', 'runs.parquet']);
  });
});

// pandas, polars and DuckDB read Parquet through Arrow or their own readers;
// pyarrow is the reference implementation. Skipped where python3 has no pyarrow.
const hasPyarrow = spawnSync('python3', ['-c', 'import pyarrow.parquet'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasPyarrow)('read by pyarrow', () => {
  it('gives the same types, values and units', () => {
    const csv = file(MIXED);
    const out = join(dir, 'pyarrow.parquet');
    writeCsvAsParquet(csv, out, { integerColumns: { run_id: 'INT32', seed: 'INT64' }, units: { x: 'yuan per year' } });
    const script = [
      'import json, sys, pyarrow.parquet as pq',
      't = pq.read_table(sys.argv[1])',
      'print(json.dumps({"types": [str(f.type) for f in t.schema], "names": t.column_names, "rows": t.to_pylist(),',
      '  "units": json.loads(t.schema.metadata[b"units"])}))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout);
    expect(got.names).toEqual(['run_id', 'seed', 'label', 'flag', 'x', 'm']);
    expect(got.types).toEqual(['int32', 'int64', 'string', 'bool', 'double', 'double']);
    expect(got.units).toEqual({ x: 'yuan per year' });
    expect(got.rows).toEqual([
      { run_id: 0, seed: 4294967295, label: 'a, "quoted"\nlabel', flag: true, x: 0.5, m: 1 },
      { run_id: 1, seed: 4294967295, label: 'plain', flag: false, x: -1e-7, m: null },
      { run_id: 2, seed: 4294967295, label: '', flag: true, x: 12199978.64, m: 3 },
    ]);
  });
});
