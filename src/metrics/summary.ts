/**
 * Turns a trajectory (one row per replicate × year, optionally × key) into
 * the JSON summary written as summary.json. Key order in the result is
 * fixed (construction order, metrics in `headline` order) so the file is
 * byte-stable for identical inputs.
 *
 * Intervals of catalogue metrics are cut to the values the metric can take
 * (a share to [0, 1], a count at 0; intervals.ts): `final` entries carry
 * `clipped` (true or false), `by_year` entries carry `clipped: true` only
 * where the cut changed the interval.
 */
import { runError } from '../core/errors.ts';
import { meanInterval, type Interval, type Range } from './intervals.ts';
import { metricEntry, metricRange } from './catalogue.ts';

export type Row = Record<string, string | number>;
type Id = string | number;

export interface SummariseOptions {
  /** Metric columns to summarise, in output order. */
  headline: string[];
  /**
   * Extra columns that, with `replicate` and `year`, identify a row (e.g. an
   * experiment arm). When given, each distinct key gets its own summary in
   * `groups`, in order of first appearance.
   */
  keyColumns?: string[];
}

export interface GroupSummary {
  final_year: number;
  replicates: number;
  final: Record<string, Interval>;
  by_year: Array<{ year: number } & Record<string, number | { mean: number; lo: number; hi: number; clipped?: true }>>;
  per_replicate_final: Array<{ replicate: Id } & Record<string, Id>>;
}

export interface GroupedSummary {
  key_columns: string[];
  groups: Array<{ key: Record<string, Id> } & GroupSummary>;
}

export function summarise(rows: readonly Row[], opts: { headline: string[] }): GroupSummary;
export function summarise(rows: readonly Row[], opts: SummariseOptions): GroupSummary | GroupedSummary;
export function summarise(rows: readonly Row[], opts: SummariseOptions): GroupSummary | GroupedSummary {
  if (rows.length === 0) throw runError('summary: the trajectory has no rows');
  const keys = opts.keyColumns ?? [];
  if (keys.length === 0) return summariseGroup(rows, opts.headline, '');

  const groups = new Map<string, { key: Record<string, Id>; rows: Row[] }>();
  rows.forEach((row, r) => {
    const key: Record<string, Id> = {};
    for (const k of keys) key[k] = cell(row, k, r);
    checkRow(row, opts.headline, r); // here, so messages count rows of the whole input
    const id = JSON.stringify(keys.map((k) => key[k]));
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, rows: [] }));
    g.rows.push(row);
  });
  return {
    key_columns: [...keys],
    groups: [...groups.values()].map((g) => ({
      key: g.key,
      ...summariseGroup(g.rows, opts.headline, ` (group ${JSON.stringify(g.key)})`),
    })),
  };
}

function summariseGroup(rows: readonly Row[], headline: string[], where: string): GroupSummary {
  // replicate -> year -> row
  const byReplicate = new Map<Id, Map<number, Row>>();
  const years = new Set<number>();
  rows.forEach((row, r) => {
    const rep = cell(row, 'replicate', r);
    checkRow(row, headline, r);
    const year = row['year'] as number;
    let perYear = byReplicate.get(rep);
    if (!perYear) byReplicate.set(rep, (perYear = new Map()));
    if (perYear.has(year)) throw runError(`summary: replicate ${rep} has two rows for year ${year}${where}`);
    perYear.set(year, row);
    years.add(year);
  });
  const replicates = [...byReplicate.keys()].sort(compareIds);
  const sortedYears = [...years].sort((a, b) => a - b);
  const finalYear = sortedYears[sortedYears.length - 1] as number;

  const finalRows = replicates.map((rep) => {
    const row = byReplicate.get(rep)?.get(finalYear);
    if (!row) throw runError(`summary: replicate ${rep} has no row for the final year ${finalYear}${where}`);
    return row;
  });

  const ranges = new Map(headline.map((metric) => [metric, rangeOf(metric)]));
  const final: Record<string, Interval> = {};
  for (const metric of headline) final[metric] = meanInterval(finalRows.map((row) => row[metric] as number), ranges.get(metric));

  const byYear = sortedYears.map((year) => {
    const entry: { year: number } & Record<string, number | { mean: number; lo: number; hi: number; clipped?: true }> = { year };
    const present = replicates.map((rep) => byReplicate.get(rep)?.get(year)).filter((x): x is Row => x !== undefined);
    for (const metric of headline) {
      const iv = meanInterval(present.map((row) => row[metric] as number), ranges.get(metric));
      entry[metric] = iv.clipped ? { mean: iv.mean, lo: iv.lo, hi: iv.hi, clipped: true } : { mean: iv.mean, lo: iv.lo, hi: iv.hi };
    }
    return entry;
  });

  const perReplicate = replicates.map((rep, r) => {
    const entry: { replicate: Id } & Record<string, Id> = { replicate: rep };
    for (const metric of headline) entry[metric] = (finalRows[r] as Row)[metric] as number;
    return entry;
  });

  return {
    final_year: finalYear,
    replicates: replicates.length,
    final,
    by_year: byYear,
    per_replicate_final: perReplicate,
  };
}

/** The values a catalogue metric can take; undefined (no cut) for other columns. */
export function rangeOf(metric: string): Range | undefined {
  const e = metricEntry(metric);
  return e ? metricRange(e) : undefined;
}

/** Fail early, naming the input row, rather than deep inside the statistics. */
function checkRow(row: Row, headline: string[], r: number): void {
  cell(row, 'replicate', r);
  numberCell(row, 'year', r);
  for (const metric of headline) numberCell(row, metric, r);
}

function cell(row: Row, column: string, r: number): Id {
  const v = row[column];
  if (v === undefined) throw runError(`summary: row ${r + 1} has no column '${column}'`);
  return v;
}

function numberCell(row: Row, column: string, r: number): number {
  const v = cell(row, column, r);
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw runError(`summary: column '${column}' in row ${r + 1} is ${typeof v === 'number' ? String(v) : JSON.stringify(v)}, expected a finite number`);
  }
  return v;
}

/** Numbers numerically, then strings lexicographically: replicate ids are usually 0..R−1. */
function compareIds(a: Id, b: Id): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
