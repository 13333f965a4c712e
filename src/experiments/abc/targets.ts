/**
 * Calibration targets: what the model must reproduce, and how far it is.
 *
 * A target is one output column of trajectory.csv (`column`) and what was
 * observed of it, in the column's own units:
 *
 *  - a series: `file` (a CSV with a year column, relative to the spec file;
 *    `file_column` and `scale` as for --target) or inline `series: {year: value}`;
 *    every observed year inside the scenario's span is one observation;
 *  - a figure: `value` at `year`, or over `years` with `stat: mean` (the
 *    mean of those years, the default) or `stat: final` (the last of them).
 *
 * Each target has a `tolerance` (the error it may have, in the column's
 * units) and a `weight` (default 1). The distance of a model output to the
 * targets is the worst target's root mean square error in tolerances:
 *
 *     D = max_t sqrt( w_t * e_t ),   e_t = mean over t's observations of ((model - observed) / tolerance_t)^2
 *
 * so D <= 1 exactly when every target is within its tolerance (a series
 * over its years, in root mean square), each target counts once however
 * many years it has, a weight w acts as a tolerance divided by sqrt(w), and
 * adding a target never lowers D (the set of parameters that fit can only
 * shrink). With one series target of tolerance 1 it is the RMSE of issue 5's
 * calibration. "model" is the replicate mean (the runs of a point share
 * their seeds: common random numbers).
 */
import { parseCsv } from '../../io/csv.ts';
import { SimError } from '../../core/errors.ts';
import { suggest } from '../../scenario/fields.ts';
import { parseTarget, type Target } from '../calibrate-target.ts';
import { SWEEP_METRICS, type Issue } from '../sweep-file.ts';

export type Stat = 'value' | 'mean' | 'final';

/** One observed number: a year's value, or a figure over years. */
export interface Observation {
  target: string;
  column: string;
  years: number[];
  stat: Stat;
  observed: number;
}

export interface ResolvedTarget {
  name: string;
  column: string;
  tolerance: number;
  weight: number;
  /** Where the observation comes from (file, "inline" or "figure"). */
  source: string;
  observations: Observation[];
}

/** The spec's form of a target (validated by the schema in spec.ts). */
export interface TargetInput {
  column: string;
  file?: string | undefined;
  file_column?: string | undefined;
  scale?: number | undefined;
  series?: Record<string, number> | undefined;
  value?: number | undefined;
  year?: number | undefined;
  years?: number[] | undefined;
  stat?: 'mean' | 'final' | undefined;
  tolerance: number;
  weight: number;
}

export function columnProblem(column: string): string | undefined {
  if (SWEEP_METRICS.includes(column)) return undefined;
  const s = suggest(column, SWEEP_METRICS);
  return `"${column}" is not an output column${s ? `; did you mean "${s}"?` : ''} (the columns of trajectory.csv)`;
}

/**
 * A spec target as observations inside the scenario's years [start, end].
 * `read(file)` reads a file named in the spec (relative to it). Problems go to `issues`.
 */
export function resolveTarget(
  name: string, t: TargetInput, start: number, end: number, read: (file: string) => { text: string; path: string }, issues: Issue[],
): ResolvedTarget | undefined {
  const at = (field: string, message: string) => issues.push({ path: ['targets', name, field], message });
  const base = { name, column: t.column, tolerance: t.tolerance, weight: t.weight };
  const span = `the scenario's years ${start}-${end}`;
  if (t.value !== undefined) {
    const years = t.years ?? (t.year === undefined ? [] : [t.year]);
    const field = t.years ? 'years' : 'year';
    const out = years.filter((y) => y < start || y > end);
    if (out.length > 0) {
      at(field, `${out.join(', ')} ${out.length > 1 ? 'are' : 'is'} outside ${span}`);
      return undefined;
    }
    const stat: Stat = years.length === 1 ? 'value' : (t.stat ?? 'mean');
    const sorted = [...years].sort((a, b) => a - b);
    return { ...base, source: 'figure', observations: [{ target: name, column: t.column, years: sorted, stat, observed: t.value }] };
  }
  let observed: { year: number; value: number }[];
  let source: string;
  if (t.series !== undefined) {
    source = 'inline';
    observed = Object.entries(t.series).map(([y, v]) => ({ year: Number(y), value: v * (t.scale ?? 1) }));
    observed.sort((a, b) => a.year - b.year);
  } else {
    let file;
    try {
      file = read(t.file!);
    } catch (e) {
      at('file', e instanceof Error ? e.message : String(e));
      return undefined;
    }
    source = t.file!;
    let target: Target;
    try {
      const columns = parseCsv(file.text, file.path).columns;
      const fileColumn = t.file_column ?? (columns.includes(t.column) ? t.column : columns.includes(`${t.column}_pct`) ? `${t.column}_pct` : undefined);
      if (fileColumn === undefined) {
        at('file_column', `${t.file} has no column "${t.column}" or "${t.column}_pct"; name the column with file_column (columns: ${columns.filter((c) => c !== 'year').join(', ')})`);
        return undefined;
      }
      target = parseTarget(file.text, file.path, { column: fileColumn, metric: t.column, scale: t.scale });
    } catch (e) {
      at(t.file_column !== undefined ? 'file_column' : 'file', e instanceof SimError || e instanceof Error ? e.message : String(e));
      return undefined;
    }
    observed = target.observed;
  }
  if (t.years !== undefined) {
    const missing = t.years.filter((y) => !observed.some((o) => o.year === y));
    if (missing.length > 0) {
      at('years', `no observation in ${missing.join(', ')}`);
      return undefined;
    }
    observed = observed.filter((o) => t.years!.includes(o.year));
  }
  const inside = observed.filter((o) => o.year >= start && o.year <= end);
  if (inside.length === 0) {
    const ys = observed.map((o) => o.year);
    at(t.series !== undefined ? 'series' : 'file', `no observation falls inside ${span}${ys.length > 0 ? ` (the target has ${ys[0]}-${ys[ys.length - 1]})` : ''}`);
    return undefined;
  }
  return { ...base, source, observations: inside.map((o) => ({ target: name, column: t.column, years: [o.year], stat: 'value', observed: o.value })) };
}

/**
 * A run's output as the calibration keeps it: per output column (in
 * `columns` order) the value of every simulated year from `start`.
 */
export type RunSeries = number[][];

/** The model's value of an observation in one run. */
export function observationValue(o: Observation, run: RunSeries, columns: readonly string[], start: number): number {
  const series = run[columns.indexOf(o.column)]!;
  if (o.stat === 'final') return series[o.years[o.years.length - 1]! - start]!;
  let s = 0;
  for (const y of o.years) s += series[y - start]!;
  return s / o.years.length;
}

/** Every observation of the targets, in order. */
export function observationsOf(targets: readonly ResolvedTarget[]): Observation[] {
  return targets.flatMap((t) => t.observations);
}

/** The replicate mean of an observation. */
export function observationMean(o: Observation, runs: readonly RunSeries[], columns: readonly string[], start: number): number {
  let m = 0;
  for (const r of runs) m += observationValue(o, r, columns, start);
  return m / runs.length;
}

/** One target's root mean square error in tolerances, of the replicate means (NaN when the model gives NaN). */
export function targetDistance(t: ResolvedTarget, runs: readonly RunSeries[], columns: readonly string[], start: number): number {
  let e = 0;
  for (const o of t.observations) e += ((observationMean(o, runs, columns, start) - o.observed) / t.tolerance) ** 2;
  return Math.sqrt((t.weight * e) / t.observations.length);
}

/** D of the replicate means (see the top of this file); Infinity when the model gives NaN. */
export function distance(targets: readonly ResolvedTarget[], runs: readonly RunSeries[], columns: readonly string[], start: number): number {
  let worst = 0;
  for (const t of targets) {
    const d = targetDistance(t, runs, columns, start);
    if (!Number.isFinite(d)) return Infinity;
    if (d > worst) worst = d;
  }
  return worst;
}

/** A one-line label of an observation: "headcount_ratio 2014", "registered_people mean 2014-2016". */
export function observationLabel(o: Observation): string {
  const ys = o.years.length === 1 ? String(o.years[0]) : `${o.years[0]}-${o.years[o.years.length - 1]}`;
  return o.stat === 'value' ? `${o.column} ${ys}` : `${o.column} ${o.stat} ${ys}`;
}
