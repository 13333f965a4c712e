/**
 * One observed trajectory from a CSV of year and value columns (the
 * calibration's --target, and a spec target's `file`): which column, which
 * output column it measures, and the scale between them.
 */
import { inputError } from '../core/errors.ts';
import { parseCsv } from '../io/csv.ts';
import { suggest } from '../scenario/fields.ts';
import { readTextFile } from '../scenario/load.ts';
import { SWEEP_METRICS } from './sweep-file.ts';

export interface TargetOptions {
  /** Value column (default: the only column besides year). */
  column?: string | undefined;
  /** Trajectory metric (default: the column, without a `_pct` suffix). */
  metric?: string | undefined;
  /** Multiplier from the file's values to the metric's (default 0.01 for a `_pct` column, else 1). */
  scale?: number | undefined;
}

export interface Target {
  file: string;
  column: string;
  metric: string;
  scale: number;
  /** Every observation in the file, scaled, by year. */
  observed: { year: number; value: number }[];
}

export function loadTarget(file: string, opts: TargetOptions = {}): Target {
  return parseTarget(readTextFile(file), file, opts);
}

export function parseTarget(text: string, file: string, opts: TargetOptions = {}): Target {
  const csv = parseCsv(text, file);
  const bad = (message: string, path = ''): never => {
    throw inputError(`${file}: ${message}`, [{ file, path, message }]);
  };
  if (!csv.columns.includes('year')) bad(`the target needs a "year" column; it has ${csv.columns.join(', ')}`);
  const others = csv.columns.filter((c) => c !== 'year');
  let column = opts.column;
  if (column === undefined) {
    if (others.length !== 1) bad(`the target has several value columns (${others.join(', ')}); choose one with --column`);
    column = others[0]!;
  } else if (!csv.columns.includes(column) || column === 'year') {
    const s = suggest(column, others);
    bad(`no value column "${column}" in the target${s ? `; did you mean "${s}"?` : ''} (columns: ${others.join(', ')})`, column);
  }
  const pct = column.endsWith('_pct');
  const metric = opts.metric ?? (pct ? column.slice(0, -'_pct'.length) : column);
  if (!SWEEP_METRICS.includes(metric)) {
    const s = suggest(metric, SWEEP_METRICS);
    bad(`"${metric}" is not a trajectory metric${s ? `; did you mean "${s}"?` : ''}; name one with --metric (the columns of trajectory.csv)`, column);
  }
  const scale = opts.scale ?? (pct ? 0.01 : 1);
  if (!Number.isFinite(scale) || scale <= 0) bad(`--scale must be a positive number, got ${scale}`);
  const observed: Target['observed'] = [];
  const seen = new Set<number>();
  csv.rows.forEach((row, i) => {
    const line = i + 2;
    const y = Number(row['year']);
    const cell = (row[column] ?? '').trim();
    if (!Number.isInteger(y)) bad(`line ${line}: year must be a whole number, got "${row['year']}"`, 'year');
    if (cell === '') return; // not observed that year
    const x = Number(cell);
    if (!Number.isFinite(x)) bad(`line ${line}: ${column} must be a number, got "${cell}"`, column);
    if (seen.has(y)) bad(`line ${line}: year ${y} appears twice`, 'year');
    seen.add(y);
    observed.push({ year: y, value: x * scale });
  });
  observed.sort((a, b) => a.year - b.year);
  return { file, column, metric, scale, observed };
}

