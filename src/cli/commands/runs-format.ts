/**
 * `--format csv|parquet` of sweep, merge and sensitivity: with parquet, a
 * finished runs.csv is also written as runs.parquet beside it (io/parquet.ts),
 * typed, with the columns' units in its key-value metadata. runs.csv stays
 * the record (resume and merge read it); runs.parquet is made from it, so a
 * resumed or merged sweep gets the same bytes as an uninterrupted one.
 */
import { join } from 'node:path';
import { inputError } from '../../core/errors.ts';
import { withFolderLock } from '../../io/lock.ts';
import { metricEntry } from '../../metrics/catalogue.ts';
import { nonEmpty, single, type Option } from '../options.ts';

export type RunsFormat = 'csv' | 'parquet';

export const RUNS_PARQUET_FILE = 'runs.parquet';

export const format = (): Option<RunsFormat> => ({
  kind: 'string',
  description: 'Also write runs.parquet (typed columns, for pandas, polars, R arrow, DuckDB) beside runs.csv when the runs are finished: csv or parquet',
  default: 'csv',
  parse: (raw, hint) => {
    const value = nonEmpty(single(raw, '--format', hint), '--format', hint) ?? 'csv';
    if (value !== 'csv' && value !== 'parquet') throw inputError(`--format must be csv or parquet, got '${value}'. ${hint}`);
    return value;
  },
});

/** The identity columns of runs.csv and their units; a metric's unit comes from the catalogue. */
const LEAD_UNITS: Readonly<Record<string, string>> = { run_id: 'index', point: 'index', replicate: 'index', seed: 'seed', year: 'calendar year' };
/** Their types: seeds are 32-bit unsigned, beyond INT32. */
const LEAD_TYPES = { run_id: 'INT32', point: 'INT32', replicate: 'INT32', seed: 'INT64', year: 'INT32' } as const;

/** Write `out`/runs.parquet from `out`/runs.csv, holding the folder's lock (`command` names the holder). */
export async function writeRunsParquet(out: string, command: string): Promise<void> {
  const { csvRecords, removeStaleParquetTemps, writeCsvAsParquet } = await import('../../io/parquet.ts');
  const csv = join(out, 'runs.csv');
  const target = join(out, RUNS_PARQUET_FILE);
  await withFolderLock(out, command, () => {
    removeStaleParquetTemps(target);
    let header: string[] = [];
    for (const record of csvRecords(csv)) {
      header = record;
      break; // closes the file
    }
    const units = Object.fromEntries(header.map((c) => [c, LEAD_UNITS[c] ?? metricEntry(c)?.unit ?? '']));
    writeCsvAsParquet(csv, target, { integerColumns: LEAD_TYPES, units });
  });
}
