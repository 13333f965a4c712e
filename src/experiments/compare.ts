/**
 * Comparing scenarios with common random numbers. Every scenario is run with
 * the same seed, and the model derives its streams (population, shocks,
 * behaviour, observation) from (seed, replicate) only, so replicate r faces
 * the same synthetic households and the same shocks in every scenario. The
 * difference between two scenarios is then taken replicate by replicate
 * (a_r − b_r) and summarised with a paired Student-t interval, which is much
 * narrower than the interval of two independent means.
 *
 * Pure apart from running the model: no I/O; the CLI writes
 * comparison.csv and differences.csv and prints the table
 * (src/report/compare-table.ts).
 */
import { inputError, runError } from '../core/errors.ts';
import { HEADLINE, TRAJECTORY_COLUMNS } from '../metrics/catalogue.ts';
import { differenceRange, meanInterval, pairedDifference, type Interval, type PairedDifference } from '../metrics/intervals.ts';
import { rangeOf } from '../metrics/summary.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runReplicates, type ReplicatesOptions } from './replicates.ts';
import { runScenario, type Row } from './run.ts';

type Id = string | number;

/** One scenario's runs: its label (unique among the arms) and its trajectory rows (replicate × year). */
export interface Arm {
  label: string;
  trajectory: readonly Row[];
}

/** Mean and 95% interval of one metric, for one scenario and year, across replicates. */
export interface ArmInterval {
  scenario: string;
  year: number;
  metric: string;
  interval: Interval;
}

/** One pair (a before b in the order given), year and metric: both means and the paired difference a − b. */
export interface PairInterval {
  scenario_a: string;
  scenario_b: string;
  year: number;
  metric: string;
  a: Interval;
  b: Interval;
  difference: PairedDifference;
}

export interface Comparison {
  /** Scenario labels, in the order given. */
  labels: string[];
  /** Metrics compared, in output order. */
  metrics: string[];
  /** Years every scenario simulated, ascending. */
  years: number[];
  /** The last of `years`. */
  finalYear: number;
  /** Replicate ids (the same in every scenario), ascending. */
  replicateIds: Id[];
  /** Order: scenario (as given), year, metric. */
  arms: ArmInterval[];
  /** Order: pair (a < b in the order given), year, metric. */
  pairs: PairInterval[];
}

/** comparison.csv: the trajectory columns with `scenario` holding the unique label. */
export const COMPARISON_COLUMNS: string[] = [...TRAJECTORY_COLUMNS];

/** differences.csv: one row per pair, year and metric. */
export const DIFFERENCE_COLUMNS = [
  'scenario_a',
  'scenario_b',
  'year',
  'metric',
  'mean_a',
  'lo_a',
  'hi_a',
  'mean_b',
  'lo_b',
  'hi_b',
  'difference',
  'diff_lo',
  'diff_hi',
  'p_value',
  'replicates',
  'clipped_a',
  'clipped_b',
  'diff_clipped',
];

/**
 * Unique labels for scenarios, deterministically. The first occurrence of a
 * name keeps it; later ones get `#2`, `#3`, ... (the smallest suffix not
 * taken by any name or earlier label): ['a', 'a', 'b'] → ['a', 'a#2', 'b'].
 *
 * With `sources` (e.g. the files' basenames), every occurrence of a repeated
 * name is labelled `name (source)` instead; `#k` then only separates what
 * is still equal. Empty names become `scenario`.
 */
export function uniqueLabels(names: readonly string[], sources?: readonly string[]): string[] {
  if (sources !== undefined && sources.length !== names.length) {
    throw runError(`uniqueLabels: ${names.length} names but ${sources.length} sources`);
  }
  const base = names.map((n) => (n === '' ? 'scenario' : n));
  const count = new Map<string, number>();
  for (const n of base) count.set(n, (count.get(n) ?? 0) + 1);
  const wanted = base.map((n, i) => (sources !== undefined && (count.get(n) ?? 0) > 1 && sources[i] !== '' ? `${n} (${sources[i]})` : n));
  const taken = new Set(wanted);
  const used = new Set<string>();
  return wanted.map((w) => {
    let label = w;
    if (used.has(label)) {
      let k = 2;
      while (taken.has(`${w}#${k}`) || used.has(`${w}#${k}`)) k++;
      label = `${w}#${k}`;
    }
    used.add(label);
    return label;
  });
}

/** Trajectory rows of every arm, with the scenario column set to the arm's label (comparison.csv). */
export function comparisonRows(arms: readonly Arm[]): Row[] {
  const out: Row[] = [];
  for (const arm of arms) for (const row of arm.trajectory) out.push({ ...row, scenario: arm.label });
  return out;
}

/**
 * Per scenario, year and metric: mean and 95% interval across replicates; per
 * pair of scenarios (a before b), year and metric: the paired difference
 * a − b by replicate. Scenarios must have the same replicate ids; years are
 * those every scenario simulated. Throws (naming the scenario and row) on
 * duplicate or missing rows and on non-numeric metrics.
 */
export function compareTrajectories(arms: readonly Arm[], metrics: readonly string[] = HEADLINE): Comparison {
  if (arms.length === 0) throw runError('compare: no scenarios');
  const labels = arms.map((a) => a.label);
  const seen = new Set<string>();
  for (const l of labels) {
    if (seen.has(l)) throw runError(`compare: two scenarios are labelled '${l}'; labels must be unique (see uniqueLabels)`);
    seen.add(l);
  }
  const grids = arms.map((arm) => grid(arm, metrics));

  // The same replicates everywhere: pairs are formed by replicate id.
  const replicateIds = grids[0]!.replicates;
  grids.forEach((g, k) => {
    if (JSON.stringify(g.replicates) !== JSON.stringify(replicateIds)) {
      throw runError(
        `compare: scenario '${labels[k]}' has replicates ${JSON.stringify(g.replicates)} but '${labels[0]}' has ${JSON.stringify(replicateIds)}; ` +
          'paired differences need the same replicates in every scenario',
      );
    }
  });

  const years = grids[0]!.years.filter((y) => grids.every((g) => g.years.includes(y)));
  if (years.length === 0) {
    throw inputError(`compare: the scenarios share no simulated year (${grids.map((g, k) => `'${labels[k]}' ${span(g.years)}`).join(', ')})`);
  }
  // Every replicate needs every compared year.
  grids.forEach((g, k) => {
    for (const rep of replicateIds) {
      for (const year of years) {
        if (!g.rows.get(rep)?.has(year)) throw runError(`compare: scenario '${labels[k]}', replicate ${rep} has no row for year ${year}`);
      }
    }
  });

  const values = (k: number, year: number, metric: string): number[] =>
    replicateIds.map((rep) => grids[k]!.rows.get(rep)!.get(year)![metric] as number);

  const out: ArmInterval[] = [];
  const cache = new Map<string, Interval>();
  arms.forEach((_, k) => {
    for (const year of years) {
      for (const metric of metrics) {
        const interval = meanInterval(values(k, year, metric), rangeOf(metric));
        cache.set(JSON.stringify([k, year, metric]), interval);
        out.push({ scenario: labels[k]!, year, metric, interval });
      }
    }
  });

  const pairs: PairInterval[] = [];
  for (let i = 0; i < arms.length; i++) {
    for (let j = i + 1; j < arms.length; j++) {
      for (const year of years) {
        for (const metric of metrics) {
          pairs.push({
            scenario_a: labels[i]!,
            scenario_b: labels[j]!,
            year,
            metric,
            a: cache.get(JSON.stringify([i, year, metric]))!,
            b: cache.get(JSON.stringify([j, year, metric]))!,
            difference: pairedDifference(values(i, year, metric), values(j, year, metric), diffRange(metric)),
          });
        }
      }
    }
  }

  return { labels, metrics: [...metrics], years, finalYear: years[years.length - 1]!, replicateIds, arms: out, pairs };
}

function diffRange(metric: string) {
  const r = rangeOf(metric);
  return r ? differenceRange(r) : undefined;
}

/**
 * The rows of differences.csv (columns DIFFERENCE_COLUMNS), in the order of
 * `c.pairs`. Intervals are cut to the possible values (a share's to [0, 1],
 * a share's difference to [−1, 1]; clipped_* say where); p_value is empty
 * where there is no test (the difference is the same in every replicate).
 */
export function differenceRows(c: Comparison): Row[] {
  return c.pairs.map((p) => ({
    scenario_a: p.scenario_a,
    scenario_b: p.scenario_b,
    year: p.year,
    metric: p.metric,
    mean_a: p.a.mean,
    lo_a: p.a.lo,
    hi_a: p.a.hi,
    mean_b: p.b.mean,
    lo_b: p.b.lo,
    hi_b: p.b.hi,
    difference: p.difference.mean,
    diff_lo: p.difference.lo,
    diff_hi: p.difference.hi,
    p_value: p.difference.p ?? '',
    replicates: p.difference.n,
    clipped_a: String(p.a.clipped === true),
    clipped_b: String(p.b.clipped === true),
    diff_clipped: String(p.difference.clipped === true),
  }));
}

export interface CompareOptions {
  /** One seed for every scenario (common random numbers). */
  seed: number;
  replicates: number;
  /** Called after every simulated year of every replicate of every scenario; `total` covers all scenarios. */
  onProgress?: (done: number, total: number) => void;
  /** Labels for the scenarios (unique); default uniqueLabels of their names. */
  labels?: string[];
  /** Metrics compared; default HEADLINE. */
  metrics?: string[];
}

export interface ComparisonOutput {
  labels: string[];
  comparisonColumns: string[];
  /** comparison.csv: scenario (label), replicate, year and every trajectory metric. */
  comparison: Row[];
  differencesColumns: string[];
  /** differences.csv. */
  differences: Row[];
  /** The metrics compared. */
  headline: string[];
  /** Everything the stdout table needs (src/report/compare-table.ts). */
  summary: Comparison;
}

/** Runs every scenario with the same seed and replicates, then compares them pairwise. */
export function runComparison(scenarios: readonly Scenario[], opts: CompareOptions): ComparisonOutput {
  const { labels, metrics } = checkComparison(scenarios, opts);
  const total = scenarios.reduce((sum, s) => sum + (s.time.end_year - s.time.start_year + 1) * opts.replicates, 0);
  let offset = 0;
  const arms: Arm[] = scenarios.map((s, k) => {
    const base = offset;
    const out = runScenario(s, {
      seed: opts.seed,
      replicates: opts.replicates,
      onProgress: opts.onProgress ? (done) => opts.onProgress!(base + done, total) : undefined,
    });
    offset += (s.time.end_year - s.time.start_year + 1) * opts.replicates;
    return { label: labels[k]!, trajectory: out.trajectory };
  });
  return assembleComparison(arms, labels, metrics);
}

/**
 * runComparison on `workers` threads: every scenario x replicate is one
 * task, and each arm's rows are put together in replicate order, so the
 * output is runComparison's for any number of workers (1: runComparison itself).
 */
export async function runComparisonOn(scenarios: readonly Scenario[], opts: CompareOptions & Omit<ReplicatesOptions, 'onProgress'>): Promise<ComparisonOutput> {
  if (!opts.pool && opts.workers <= 1) return runComparison(scenarios, opts);
  const { labels, metrics } = checkComparison(scenarios, opts);
  const jobs = scenarios.flatMap((scenario) => Array.from({ length: opts.replicates }, (_, replicate) => ({ scenario, seed: opts.seed, replicate })));
  const rows = await runReplicates(jobs, { workers: opts.workers, pool: opts.pool, onProgress: opts.onProgress });
  const arms: Arm[] = scenarios.map((_, k) => ({
    label: labels[k]!,
    trajectory: rows.slice(k * opts.replicates, (k + 1) * opts.replicates).flatMap((r) => r.trajectory),
  }));
  return assembleComparison(arms, labels, metrics);
}

function checkComparison(scenarios: readonly Scenario[], opts: CompareOptions): { labels: string[]; metrics: string[] } {
  if (scenarios.length < 2) throw inputError(`compare needs at least two scenarios, got ${scenarios.length}`);
  if (!Number.isInteger(opts.replicates) || opts.replicates < 1) throw inputError(`compare: replicates must be a whole number of at least 1, got ${opts.replicates}`);
  const labels = opts.labels ?? uniqueLabels(scenarios.map((s) => s.name));
  if (labels.length !== scenarios.length) throw runError(`compare: ${scenarios.length} scenarios but ${labels.length} labels`);
  return { labels, metrics: opts.metrics ?? HEADLINE };
}

function assembleComparison(arms: Arm[], labels: string[], metrics: readonly string[]): ComparisonOutput {
  const summary = compareTrajectories(arms, metrics);
  return {
    labels,
    comparisonColumns: [...COMPARISON_COLUMNS],
    comparison: comparisonRows(arms),
    differencesColumns: [...DIFFERENCE_COLUMNS],
    differences: differenceRows(summary),
    headline: [...metrics],
    summary,
  };
}

/**
 * The years every scenario simulates (each simulates start_year..end_year),
 * or undefined when they share none. Known before anything runs.
 */
export function sharedYears(scenarios: readonly Scenario[]): { from: number; to: number } | undefined {
  const from = Math.max(...scenarios.map((s) => s.time.start_year));
  const to = Math.min(...scenarios.map((s) => s.time.end_year));
  return from <= to ? { from, to } : undefined;
}

/**
 * Before running: the scenarios must share a year, and an extra year range
 * (compare --years) must include one of them. Input errors with the messages
 * the comparison and its table would give after running.
 */
export function checkYears(scenarios: readonly Scenario[], labels: readonly string[], years?: { from: number; to: number }): void {
  const shared = sharedYears(scenarios);
  if (!shared) {
    const spans = scenarios.map((s, k) => `'${labels[k]}' ${span(Array.from({ length: s.time.end_year - s.time.start_year + 1 }, (_, i) => s.time.start_year + i))}`);
    throw inputError(`compare: the scenarios share no simulated year (${spans.join(', ')})`);
  }
  if (years && (years.to < shared.from || years.from > shared.to)) {
    throw inputError(`compare: no compared year in ${years.from}–${years.to}; the comparison covers ${shared.from}–${shared.to}`);
  }
}

/**
 * Sections whose values shape the synthetic households or the shocks they
 * meet. Scenarios that differ in one of them do not face the same households
 * and shocks replicate by replicate, so the pairing (common random numbers)
 * does not hold for them.
 */
export const CRN_SECTIONS = ['population', 'time.start_year', 'health', 'disasters', 'events', 'market.products', 'economy.yield_luck_sd'] as const;

/** The CRN_SECTIONS in which some scenario differs from the first (compared as JSON, keys sorted). */
export function crnDifferences(scenarios: readonly Scenario[]): string[] {
  const at = (s: Scenario, path: string) => sortedJson(path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], s));
  return CRN_SECTIONS.filter((path) => scenarios.some((s) => at(s, path) !== at(scenarios[0]!, path)));
}

/** JSON with object keys sorted at every depth. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

// ---------------------------------------------------------------------------

interface Grid {
  replicates: Id[];
  years: number[];
  rows: Map<Id, Map<number, Row>>;
}

/** replicate → year → row for one arm, checking ids and metric cells. */
function grid(arm: Arm, metrics: readonly string[]): Grid {
  if (arm.trajectory.length === 0) throw runError(`compare: scenario '${arm.label}' has no rows`);
  const rows = new Map<Id, Map<number, Row>>();
  const years = new Set<number>();
  arm.trajectory.forEach((row, r) => {
    const where = `compare: scenario '${arm.label}', row ${r + 1}`;
    const rep = row['replicate'];
    if (rep === undefined) throw runError(`${where} has no column 'replicate'`);
    const year = row['year'];
    if (typeof year !== 'number' || !Number.isInteger(year)) throw runError(`${where}: column 'year' is ${JSON.stringify(year)}, expected a whole number`);
    for (const m of metrics) {
      const v = row[m];
      if (v === undefined) throw runError(`${where} has no column '${m}'`);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw runError(`${where}: column '${m}' is ${typeof v === 'number' ? String(v) : JSON.stringify(v)}, expected a finite number`);
    }
    let perYear = rows.get(rep);
    if (!perYear) rows.set(rep, (perYear = new Map()));
    if (perYear.has(year)) throw runError(`${where}: replicate ${rep} has two rows for year ${year}`);
    perYear.set(year, row);
    years.add(year);
  });
  return { replicates: [...rows.keys()].sort(compareIds), years: [...years].sort((a, b) => a - b), rows };
}

function span(years: number[]): string {
  return years.length === 1 ? String(years[0]) : `${years[0]}–${years[years.length - 1]}`;
}

/** Numbers numerically, then strings lexicographically. */
function compareIds(a: Id, b: Id): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
