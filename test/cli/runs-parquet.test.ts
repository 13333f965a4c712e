// `--format parquet` on sweep, merge and sensitivity (issue 14): runs.parquet
// beside runs.csv with the same rows, columns and values, typed; the same
// bytes for a resumed, a merged and an uninterrupted sweep. Through main(),
// in-process (the thread pool replaced by the inline one), with fake signals.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type Io, type ProcessSignals } from '../../src/cli/main.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { parquetMetadataOf, readParquet } from '../helpers/parquet.ts';

const fake = vi.hoisted(() => ({ onRun: undefined as undefined | ((runId: number) => void) }));

vi.mock('../../src/experiments/pool.ts', async (importOriginal) =>
  (await import('../helpers/inline-pool.ts')).inlinePoolModule(importOriginal, (task) => {
    fake.onRun?.(task.runId);
    return undefined;
  }),
);

const dir = mkdtempSync(join(tmpdir(), 'pgs-runs-parquet-'));
writeFileSync(join(dir, 'base.yaml'), 'name: tiny\npopulation: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2015}\n');
writeFileSync(join(dir, 's.yaml'), 'name: s\nbase: base.yaml\nseed: 3\nreplicates: 2\nparameters:\n  levers.fund: [0, 0.5]\n  governance.arrangement: [multi, single]\nmetrics: [headcount_ratio, gini, exits]\n');
writeFileSync(join(dir, 'ishigami.yaml'), 'name: ish\nmodel: ishigami\nseed: 1\nmethod: {kind: sobol, samples: 16}\nbootstrap: 10\n');

function fakeSignals() {
  const listeners = new Map<string, () => void>();
  const signals: ProcessSignals = { on: (s, l) => listeners.set(s, l), removeListener: (s, l) => listeners.get(s) === l && listeners.delete(s), exit: () => {} };
  return { signals, send: (s: string) => listeners.get(s)!() };
}

async function sim(args: string[], signals: ProcessSignals = fakeSignals().signals) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {}, signals };
  const code = await main(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const bytes = (folder: string) => readFileSync(join(dir, folder, 'runs.parquet'));

/** runs.parquet read back equals runs.csv: same columns in order, same rows, numbers equal to the CSV's text. */
async function expectSameAsCsv(folder: string) {
  const csv = parseCsv(readFileSync(join(dir, folder, 'runs.csv'), 'utf8'));
  const rows = await readParquet(join(dir, folder, 'runs.parquet'));
  expect(rows.length).toBe(csv.rows.length);
  expect(Object.keys(rows[0]!)).toEqual(csv.columns);
  rows.forEach((row, i) => {
    for (const c of csv.columns) {
      const cell = csv.rows[i]![c]!;
      const value = row[c];
      if (typeof value === 'string') expect(value).toBe(cell);
      else expect(value === null ? '' : Number(value)).toBe(cell === '' ? '' : Number(cell));
    }
  });
}

beforeEach(() => {
  fake.onRun = undefined;
});

describe('sweep --format parquet', () => {
  it('writes runs.parquet with the rows, columns and values of runs.csv, typed, units in the metadata', async () => {
    expect((await sim(['sweep', 's.yaml', '--out', 'whole', '--format', 'parquet'])).code).toBe(0);
    await expectSameAsCsv('whole');
    const meta = parquetMetadataOf(join(dir, 'whole', 'runs.parquet'));
    const types = Object.fromEntries(meta.schema.slice(1).map((e) => [e.name, e.converted_type ?? e.type]));
    expect(types).toMatchObject({ run_id: 'INT32', point: 'INT32', replicate: 'INT32', seed: 'INT64', 'levers.fund': 'DOUBLE', 'governance.arrangement': 'UTF8', year: 'INT32', headcount_ratio: 'DOUBLE', gini: 'DOUBLE', exits: 'DOUBLE' });
    const units = JSON.parse(meta.key_value_metadata!.find((kv) => kv.key === 'units')!.value!);
    expect(units).toMatchObject({ year: 'calendar year', headcount_ratio: 'share of people (0–1)', exits: 'households per year' });
  });

  it('without the flag, or with --format csv, there is no runs.parquet; another format is refused (exit 2)', async () => {
    expect((await sim(['sweep', 's.yaml', '--out', 'plain'])).code).toBe(0);
    expect(existsSync(join(dir, 'plain', 'runs.parquet'))).toBe(false);
    expect((await sim(['sweep', 's.yaml', '--out', 'csv', '--format', 'csv'])).code).toBe(0);
    expect(existsSync(join(dir, 'csv', 'runs.parquet'))).toBe(false);
    const bad = await sim(['sweep', 's.yaml', '--out', 'bad', '--format', 'feather']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be csv or parquet, got 'feather'/);
  });

  it('interrupted: no runs.parquet; resumed: byte-identical to the uninterrupted sweep', async () => {
    if (!existsSync(join(dir, 'whole', 'runs.parquet'))) await sim(['sweep', 's.yaml', '--out', 'whole', '--format', 'parquet']);
    const s = fakeSignals();
    fake.onRun = (id) => id === 3 && s.send('SIGINT');
    const stopped = await sim(['sweep', 's.yaml', '--out', 'resumed', '--workers', '1', '--format', 'parquet'], s.signals);
    expect(stopped.code).toBe(130);
    expect(existsSync(join(dir, 'resumed', 'runs.parquet'))).toBe(false);
    fake.onRun = undefined;
    expect((await sim(['sweep', 's.yaml', '--out', 'resumed', '--resume', '--format', 'parquet'])).code).toBe(0);
    expect(bytes('resumed').equals(bytes('whole'))).toBe(true);
  });

  it('merge --format parquet of two shards: byte-identical to the unsharded sweep', async () => {
    if (!existsSync(join(dir, 'whole', 'runs.parquet'))) await sim(['sweep', 's.yaml', '--out', 'whole', '--format', 'parquet']);
    for (const k of [1, 2]) expect((await sim(['sweep', 's.yaml', '--shard', `${k}/2`, '--out', `shard${k}`, '--format', 'parquet'])).code).toBe(0);
    await expectSameAsCsv('shard2');
    expect((await sim(['merge', 'shard1', 'shard2', '--out', 'merged', '--format', 'parquet'])).code).toBe(0);
    expect(bytes('merged').equals(bytes('whole'))).toBe(true);
  });
});

describe('sensitivity --format parquet', () => {
  it('writes runs.parquet beside runs.csv (an analytic model: one column y)', async () => {
    const r = await sim(['sensitivity', 'ishigami.yaml', '--out', 'ish', '--format', 'parquet']);
    expect(r.code).toBe(0);
    await expectSameAsCsv('ish');
    const names = parquetMetadataOf(join(dir, 'ish', 'runs.parquet')).schema.slice(1).map((e) => e.name);
    expect(names.at(-1)).toBe('y');
  });
});
