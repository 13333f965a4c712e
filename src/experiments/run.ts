/**
 * Running a scenario: replicates of the model, each with its own streams
 * derived from (seed, replicate), the data collector reading each year, and
 * the ledger's year closed into rows. Pure: no I/O; the CLI writes the files.
 *
 * runReplicates runs them on worker threads (`run`/`compare --workers`), one
 * task per replicate, and puts the results back in replicate order: the rows
 * are the same, in the same order, for any number of workers.
 */
import type { Model } from '../core/model.ts';
import { createModel, step } from '../schedule.ts';
import { runError } from '../core/errors.ts';
import { Collector } from '../metrics/collect.ts';
import { HEADLINE, TRAJECTORY_COLUMNS } from '../metrics/catalogue.ts';
import type { Scenario } from '../scenario/schema.ts';
import { createThreadPool, type TaskPool } from './pool.ts';
import { runTasks } from './tasks.ts';

export type Row = Record<string, string | number>;

export interface RunOptions {
  seed: number;
  replicates: number;
  /** Called after every simulated year of every replicate. */
  onProgress?: (done: number, total: number) => void;
  /** Called after every tick (tests use it to check invariants). */
  onTick?: (model: Model) => void;
  /** Called with each trajectory row as its year closes (the workshop page draws as it runs). */
  onRow?: (row: Row) => void;
}

export interface RunOutput {
  trajectoryColumns: string[];
  trajectory: Row[];
  ledgerColumns: string[];
  ledger: Row[];
  headline: string[];
}

export const LEDGER_COLUMNS = ['scenario', 'replicate', 'year', 'payer', 'payee', 'purpose', 'amount_yuan'];

/** One replicate: warm-up year, then every simulated year. */
export function runReplicate(s: Scenario, seed: number, replicate: number, opts: Pick<RunOptions, 'onTick'> & { onYear?: (row: Row) => void } = {}) {
  const model = createModel(s, seed, replicate);
  const collector = new Collector(s.name, replicate);
  const trajectory: Row[] = [];
  const ledger: Row[] = [];
  while (!model.finished) {
    const year = model.year;
    for (let t = 0; t < 12; t++) {
      step(model);
      opts.onTick?.(model);
    }
    if (year < s.time.start_year) {
      model.ledger.closeYear(); // the warm-up year is not reported
      collector.setBaseline(model);
      continue;
    }
    const row = collector.collect(model) as Row; // the row of the year just closed
    trajectory.push(row);
    for (const r of model.ledger.closeYear()) {
      ledger.push({ scenario: s.name, replicate, year, payer: r.payer, payee: r.payee, purpose: r.purpose, amount_yuan: r.yuan });
    }
    opts.onYear?.(row);
  }
  if (model.ledger.imbalanceFen() !== 0) throw runError(`ledger does not balance in replicate ${replicate}`);
  return { model, trajectory, ledger };
}

export function runScenario(s: Scenario, opts: RunOptions): RunOutput {
  const years = s.time.end_year - s.time.start_year + 1;
  const total = years * opts.replicates;
  let done = 0;
  const trajectory: Row[] = [];
  const ledger: Row[] = [];
  for (let r = 0; r < opts.replicates; r++) {
    const out = runReplicate(s, opts.seed, r, {
      onTick: opts.onTick,
      onYear: (row) => {
        opts.onRow?.(row);
        opts.onProgress?.(++done, total);
      },
    });
    trajectory.push(...out.trajectory);
    ledger.push(...out.ledger);
    out.model.hh.release(); // the next replicate's columns reuse its buffers
  }
  return {
    trajectoryColumns: [...TRAJECTORY_COLUMNS],
    trajectory,
    ledgerColumns: LEDGER_COLUMNS,
    ledger,
    headline: HEADLINE,
  };
}

/** One replicate to run: its scenario (a posterior run's differs by replicate), seed and replicate number. */
export interface ReplicateJob {
  scenario: Scenario;
  seed: number;
  replicate: number;
}

export interface ReplicatesOptions {
  /** Worker threads; 1 (or a single job) runs in this thread, with no worker start-up. */
  workers: number;
  /** Simulated years done of all jobs' years; on workers it moves a replicate at a time. */
  onProgress?: (done: number, total: number) => void;
  /** Tests: the pool to run on (default: createThreadPool(workers)); closed by the caller. */
  pool?: TaskPool;
}

export interface ReplicateRows {
  trajectory: Row[];
  ledger: Row[];
}

const yearsOf = (s: Scenario) => s.time.end_year - s.time.start_year + 1;

/**
 * Every job's trajectory and ledger rows, in job order whatever order the
 * workers finish in. A replicate that fails (or whose worker dies twice)
 * fails the whole batch, as it would in this thread.
 */
export async function runReplicates(jobs: readonly ReplicateJob[], opts: ReplicatesOptions): Promise<ReplicateRows[]> {
  const total = jobs.reduce((sum, j) => sum + yearsOf(j.scenario), 0);
  let done = 0;
  const size = Math.min(opts.workers, jobs.length);
  if (!opts.pool && size <= 1) {
    return jobs.map((j) => {
      const out = runReplicate(j.scenario, j.seed, j.replicate, { onYear: () => opts.onProgress?.(++done, total) });
      out.model.hh.release(); // the next replicate's columns reuse its buffers
      return { trajectory: out.trajectory, ledger: out.ledger };
    });
  }
  const pool = opts.pool ?? createThreadPool(size);
  const results: ReplicateRows[] = new Array(jobs.length);
  const metrics = TRAJECTORY_COLUMNS.filter((c) => c !== 'year');
  const tasks = jobs.map((j, runId) => ({ runId, scenario: j.scenario, seed: j.seed, replicate: j.replicate, metrics, ledger: true }));
  try {
    await runTasks(pool, tasks, (result, task) => {
      const where = `replicate ${task.replicate} of ${task.scenario.name}`;
      if ('error' in result) throw runError(`${where}: ${result.error}`);
      if ('lost' in result) throw runError(`${where}: ${result.lost}`);
      // The worker's rows start with `year`; restore the trajectory's column order (JSON, CSV).
      results[task.runId] = { trajectory: result.rows.map(inColumnOrder), ledger: result.ledger ?? [] };
      done += yearsOf(task.scenario);
      opts.onProgress?.(done, total);
    });
  } finally {
    if (!opts.pool) await pool.close();
  }
  return results;
}

function inColumnOrder(row: Row): Row {
  const out: Row = {};
  for (const c of TRAJECTORY_COLUMNS) out[c] = row[c]!;
  return out;
}

/** runScenario on `workers` threads (1: runScenario itself, with its per-year progress). */
export async function runScenarioOn(s: Scenario, opts: Pick<RunOptions, 'seed' | 'replicates' | 'onProgress'> & Omit<ReplicatesOptions, 'onProgress'>): Promise<RunOutput> {
  if (!opts.pool && Math.min(opts.workers, opts.replicates) <= 1) return runScenario(s, opts);
  const jobs = Array.from({ length: opts.replicates }, (_, replicate) => ({ scenario: s, seed: opts.seed, replicate }));
  return assembleRun(await runReplicates(jobs, opts));
}

/** RunOutput of replicates' rows, in the order given. */
export function assembleRun(replicates: readonly ReplicateRows[]): RunOutput {
  return {
    trajectoryColumns: [...TRAJECTORY_COLUMNS],
    trajectory: replicates.flatMap((r) => r.trajectory),
    ledgerColumns: LEDGER_COLUMNS,
    ledger: replicates.flatMap((r) => r.ledger),
    headline: HEADLINE,
  };
}
