/**
 * The plan of a sweep (pure): how many runs, the columns of runs.csv and
 * errors.csv, how many rows a complete run has, and a finished run's text
 * in those files. Parameter values are written at full precision (the
 * shortest text that reads back as the same number), so runs.csv reproduces
 * each design point exactly; metrics use the project's CSV number format.
 */
import { toCsv } from '../io/csv.ts';
import { pointOf, replicateOf, type Value } from './design.ts';
import { errorText, type RunResult } from './pool.ts';
import type { Row } from './run.ts';
import type { Sweep } from './sweep-file.ts';

export interface Plan {
  points: number;
  replicates: number;
  /** Runs in the whole sweep: points x replicates. */
  total: number;
  parameters: string[];
  runColumns: string[];
  errorColumns: string[];
  /** Rows a complete run has in runs.csv (its point's simulated years). */
  rowsOf(runId: number): number;
}

export function planSweep(sweep: Sweep): Plan {
  const parameters = sweep.parameters.map((p) => p.path);
  const lead = ['run_id', 'point', 'replicate', 'seed', ...parameters];
  return {
    points: sweep.points.length,
    replicates: sweep.replicates,
    total: sweep.points.length * sweep.replicates,
    parameters,
    runColumns: [...lead, 'year', ...sweep.metrics],
    errorColumns: [...lead, 'error'],
    rowsOf: (id) => sweep.years[pointOf(id, sweep.replicates)]!,
  };
}

/** The identifying cells of a run's rows. */
export function runCells(sweep: Sweep, runId: number): Row {
  const point = pointOf(runId, sweep.replicates);
  const row: Row = { run_id: runId, point, replicate: replicateOf(runId, sweep.replicates), seed: sweep.seed };
  sweep.parameters.forEach((p, i) => (row[p.path] = parameterCell(sweep.points[point]![i]!)));
  return row;
}

/**
 * A parameter value as its CSV cell: numbers at full precision (String(v),
 * the shortest text that reads back as the same double; not the 10
 * significant digits of metrics), so runs.csv reproduces a design point.
 */
export function parameterCell(v: Value): string {
  return String(v);
}

/** CSV header line (with its newline) for these columns. */
export function headerLine(columns: readonly string[]): string {
  return toCsv([], columns);
}

/** CSV lines of rows without the header. */
function csvBody(rows: Row[], columns: readonly string[]): string {
  const text = toCsv(rows, columns);
  return text.slice(text.indexOf('\n') + 1);
}

/** A finished run's block for runs.csv, or its line for errors.csv. */
export function formatResult(sweep: Sweep, plan: Plan, result: Exclude<RunResult, { lost: string }>): { file: 'runs' | 'errors'; text: string } {
  const ids = runCells(sweep, result.runId);
  const asError = (error: string) => ({ file: 'errors' as const, text: csvBody([{ ...ids, error }], plan.errorColumns) });
  if ('error' in result) return asError(errorText(result.error));
  try {
    const expected = plan.rowsOf(result.runId);
    if (result.rows.length !== expected) throw new Error(`the run returned ${result.rows.length} rows for ${expected} years`);
    return { file: 'runs', text: csvBody(result.rows.map((r) => ({ ...ids, ...r })), plan.runColumns) };
  } catch (e) {
    return asError(errorText(e));
  }
}
