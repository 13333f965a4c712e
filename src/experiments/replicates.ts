/**
 * Replicates on worker threads (`run` and `compare --workers`): one task per
 * replicate on the worker pool (pool.ts, tasks.ts), the results put back in
 * replicate order, so the rows are the same, in the same order, for any
 * number of workers. Kept apart from run.ts, which the workshop page bundles
 * for the browser (no worker_threads there).
 */
import { runError } from '../core/errors.ts';
import { HEADLINE, TRAJECTORY_COLUMNS } from '../metrics/catalogue.ts';
import type { Scenario } from '../scenario/schema.ts';
import { createThreadPool, type TaskPool } from './pool.ts';
import { LEDGER_COLUMNS, runReplicate, runScenario, type Row, type RunOptions, type RunOutput } from './run.ts';
import { runTasks } from './tasks.ts';

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
