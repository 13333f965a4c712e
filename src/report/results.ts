/**
 * Reading a results folder for the report: which command wrote it (run,
 * compare or sweep, from the files present and the manifest's `command`),
 * and its tables parsed into rows whose numeric columns are numbers.
 *
 *   run      trajectory.csv (required), ledger.csv, summary.json, manifest.json
 *   compare  comparison.csv and differences.csv (required), manifest.json
 *   sweep    runs.csv (required), manifest.json (command sweep or merge)
 *
 * Problems (no such folder, no recognisable result files, a malformed CSV or
 * JSON file) are input errors naming the file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../core/errors.ts';
import { parseCsv } from '../io/csv.ts';

export type ResultsKind = 'run' | 'compare' | 'sweep';

/** One CSV record; numeric columns hold numbers, the others strings. */
export type DataRow = Record<string, string | number>;

export interface Table {
  columns: string[];
  rows: DataRow[];
}

/** A manifest.json as written by the CLI: only read, never trusted to have any field. */
export type Manifest = Record<string, unknown>;

export interface RunResults {
  kind: 'run';
  dir: string;
  trajectory: Table;
  ledger?: Table;
  summary?: Record<string, unknown>;
  manifest?: Manifest;
}

export interface CompareResults {
  kind: 'compare';
  dir: string;
  /** comparison.csv: the trajectory columns, `scenario` holding each scenario's label. */
  comparison: Table;
  differences: Table;
  manifest?: Manifest;
}

export interface SweepResults {
  kind: 'sweep';
  dir: string;
  runs: Table;
  /** Varied parameters (runs.csv columns), in sweep-file order. */
  parameters: string[];
  /** Kept metrics (runs.csv columns after `year`). */
  metrics: string[];
  manifest?: Manifest;
}

export type Results = RunResults | CompareResults | SweepResults;

/** Columns that are labels even when every value looks like a number. */
const TEXT_COLUMNS = new Set(['scenario', 'scenario_a', 'scenario_b', 'metric', 'payer', 'payee', 'purpose', 'error']);

/** Which command wrote `dir`, from its files (and manifest.json's `command` when several could fit). */
export function detectKind(dir: string): ResultsKind {
  const has = (f: string) => existsSync(join(dir, f));
  const command = readManifestCommand(dir);
  if (command === 'compare' || (command === undefined && has('comparison.csv') && has('differences.csv'))) return 'compare';
  if (command === 'sweep' || command === 'merge' || (command === undefined && has('runs.csv'))) return 'sweep';
  if (command === 'run' || (command === undefined && has('trajectory.csv'))) return 'run';
  throw inputError(
    `${dir}: not a results folder; expected the files of run (trajectory.csv), compare (comparison.csv, differences.csv) or sweep (runs.csv)`,
    [{ file: dir, path: '', message: 'no result files found' }],
  );
}

export function readResults(dir: string): Results {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw inputError(`${dir}: no such results folder`, [{ file: dir, path: '', message: 'not a directory' }]);
  const kind = detectKind(dir);
  const manifest = readJsonIfPresent(dir, 'manifest.json') as Manifest | undefined;
  switch (kind) {
    case 'run': {
      const ledger = readTableIfPresent(dir, 'ledger.csv');
      const summary = readJsonIfPresent(dir, 'summary.json') as Record<string, unknown> | undefined;
      return {
        kind,
        dir,
        trajectory: readTable(dir, 'trajectory.csv', ['scenario', 'replicate', 'year']),
        ...(ledger ? { ledger } : {}),
        ...(summary ? { summary } : {}),
        ...(manifest ? { manifest } : {}),
      };
    }
    case 'compare':
      return {
        kind,
        dir,
        comparison: readTable(dir, 'comparison.csv', ['scenario', 'replicate', 'year']),
        differences: readTable(dir, 'differences.csv', ['scenario_a', 'scenario_b', 'year', 'metric', 'difference', 'diff_lo', 'diff_hi']),
        ...(manifest ? { manifest } : {}),
      };
    case 'sweep': {
      const runs = readTable(dir, 'runs.csv', ['run_id', 'point', 'replicate', 'year']);
      const seedAt = runs.columns.indexOf('seed');
      const yearAt = runs.columns.indexOf('year');
      const fromManifest = Array.isArray(manifest?.['parameters']) ? (manifest['parameters'] as unknown[]).map(String) : undefined;
      const parameters = fromManifest?.filter((p) => runs.columns.includes(p)) ?? runs.columns.slice(seedAt + 1, yearAt);
      const metrics = runs.columns.slice(yearAt + 1);
      return { kind, dir, runs, parameters, metrics, ...(manifest ? { manifest } : {}) };
    }
  }
}

function readManifestCommand(dir: string): string | undefined {
  const m = readJsonIfPresent(dir, 'manifest.json');
  const c = m && typeof m === 'object' ? (m as Record<string, unknown>)['command'] : undefined;
  return typeof c === 'string' ? c : undefined;
}

function readText(dir: string, name: string): string {
  const path = join(dir, name);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw inputError(`${path}: cannot be read (${e instanceof Error ? e.message : String(e)})`, [{ file: path, path: '', message: 'cannot be read' }]);
  }
}

function readJsonIfPresent(dir: string, name: string): unknown {
  const path = join(dir, name);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readText(dir, name)) as unknown;
  } catch (e) {
    if (e instanceof SyntaxError) throw inputError(`${path}: not valid JSON (${e.message})`, [{ file: path, path: '', message: 'not valid JSON' }]);
    throw e;
  }
}

function readTableIfPresent(dir: string, name: string): Table | undefined {
  return existsSync(join(dir, name)) ? readTable(dir, name, []) : undefined;
}

/** Parse a CSV file; columns whose every value is a finite number (and that are not label columns) become numbers. */
export function readTable(dir: string, name: string, required: readonly string[]): Table {
  const path = join(dir, name);
  if (!existsSync(path)) throw inputError(`${path}: missing`, [{ file: path, path: '', message: 'file not found' }]);
  return toTable(parseCsv(readText(dir, name), path), path, required);
}

export function toTable(parsed: { columns: string[]; rows: Record<string, string>[] }, file: string, required: readonly string[] = []): Table {
  const missing = required.filter((c) => !parsed.columns.includes(c));
  if (missing.length > 0) {
    throw inputError(`${file}: missing column(s) ${missing.join(', ')}`, [{ file, line: 1, path: '', message: `missing column(s) ${missing.join(', ')}` }]);
  }
  const numeric = parsed.columns.filter((c) => !TEXT_COLUMNS.has(c) && parsed.rows.every((r) => isNumber(r[c]!)));
  const rows: DataRow[] = parsed.rows.map((r) => {
    const out: DataRow = { ...r };
    for (const c of numeric) out[c] = Number(r[c]);
    return out;
  });
  return { columns: parsed.columns, rows };
}

function isNumber(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}
