/**
 * Running a decomposition: every subset of channels the orders need
 * (decompose.ts) × every replicate, as runs on a pool (runTasks, tasks.ts),
 * all with the same seed, so replicate r of every subset faces the same
 * households and shocks (common random numbers). Then the Shapley values per
 * replicate, year and metric, and their mean and 95% interval across
 * replicates. No I/O: the CLI writes contributions.csv and prints the table.
 */
import { runError } from '../core/errors.ts';
import { HEADLINE } from '../metrics/catalogue.ts';
import { meanInterval } from '../metrics/intervals.ts';
import type { Scenario } from '../scenario/schema.ts';
import { channelGame, type Channel } from './channels.ts';
import { ordersFor, shapleyValues, subsetsNeeded } from './decompose.ts';
import type { RunTask, TaskPool } from './pool.ts';
import type { Row } from './run.ts';
import { runTasks } from './tasks.ts';

export interface DecomposeOptions {
  seed: number;
  replicates: number;
  /** Sampled orders when there are more than EXACT_MAX_CHANNELS channels. */
  orders: number;
  pool: TaskPool;
  metrics?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

/** contributions.csv: one row per channel (then `total`), year and metric. */
export const CONTRIBUTION_COLUMNS = ['channel', 'year', 'metric', 'contribution', 'lo', 'hi'];

/** The row of contributions.csv that holds b − a (the sum of the channels' rows). */
export const TOTAL_CHANNEL = 'total';

export interface Decomposition {
  channels: Channel[];
  exact: boolean;
  orders: number[][];
  /** Distinct subsets run (each × replicates). */
  subsets: number;
  years: number[];
  metrics: string[];
  /** Per channel, per replicate: Shapley values, index (year k, metric m) = k * metrics.length + m. */
  perReplicate: Float64Array[][];
  /** Per replicate: v(all) − v(none), same layout. */
  totals: Float64Array[];
  /** Order: channel (as `channels`, then total), year, metric. */
  rows: Row[];
}

export async function runDecomposition(a: Scenario, b: Scenario, opts: DecomposeOptions): Promise<Decomposition> {
  const game = channelGame(a, b);
  const n = game.channels.length;
  const { orders, exact } = ordersFor(n, opts.orders, opts.seed);
  const masks = subsetsNeeded(orders);
  const metrics = [...(opts.metrics ?? HEADLINE)];
  const years = Array.from({ length: b.time.end_year - b.time.start_year + 1 }, (_, k) => b.time.start_year + k);
  const width = years.length * metrics.length;
  const R = opts.replicates;

  // values[subset index][replicate]: the run's metrics, year-major.
  const values = masks.map(() => Array.from({ length: R }, () => new Float64Array(width)));
  const scenarios = masks.map((m) => game.scenarioFor(m));
  function* tasks(): Generator<RunTask> {
    for (let r = 0; r < R; r++) {
      for (let k = 0; k < masks.length; k++) yield { runId: k * R + r, scenario: scenarios[k]!, seed: opts.seed, replicate: r, metrics };
    }
  }
  const total = masks.length * R;
  let done = 0;
  const outcome = await runTasks(opts.pool, tasks(), (result) => {
    const k = Math.floor(result.runId / R);
    const r = result.runId % R;
    if ('error' in result) throw runError(`decompose: the run of subset ${describe(game.channels, masks[k]!)}, replicate ${r} failed: ${result.error}`);
    if ('lost' in result) return;
    const v = values[k]![r]!;
    for (const row of result.rows) {
      const y = years.indexOf(row['year'] as number);
      if (y < 0) continue;
      metrics.forEach((m, j) => (v[y * metrics.length + j] = row[m] as number));
    }
    opts.onProgress?.(++done, total);
  });
  if (outcome !== 'complete') throw runError(`decompose: the runs stopped (${outcome === 'lost' ? 'a worker thread died twice' : 'aborted'}); nothing written`);

  const index = new Map(masks.map((m, k) => [m, k]));
  const full = (1 << n) - 1;
  const perReplicate: Float64Array[][] = game.channels.map(() => []);
  const totals: Float64Array[] = [];
  for (let r = 0; r < R; r++) {
    const shap = shapleyValues(n, orders, (mask) => values[index.get(mask)!]![r]!);
    shap.forEach((s, i) => perReplicate[i]!.push(s));
    const t = new Float64Array(width);
    const top = values[index.get(full)!]![r]!;
    const bottom = values[index.get(0)!]![r]!;
    for (let j = 0; j < width; j++) t[j] = top[j]! - bottom[j]!;
    totals.push(t);
  }

  const rows: Row[] = [];
  const emit = (channel: string, series: Float64Array[]) => {
    years.forEach((year, y) =>
      metrics.forEach((metric, m) => {
        const iv = meanInterval(series.map((s) => s[y * metrics.length + m]!));
        rows.push({ channel, year, metric, contribution: iv.mean, lo: iv.lo, hi: iv.hi });
      }),
    );
  };
  game.channels.forEach((c, i) => emit(c.name, perReplicate[i]!));
  emit(TOTAL_CHANNEL, totals);
  return { channels: game.channels, exact, orders, subsets: masks.length, years, metrics, perReplicate, totals, rows };
}

function describe(channels: readonly Channel[], mask: number): string {
  const on = channels.filter((_, i) => (mask & (1 << i)) !== 0).map((c) => c.name);
  return on.length === 0 ? '{}' : `{${on.join(', ')}}`;
}
