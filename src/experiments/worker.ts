/**
 * The worker side of a sweep: run one replicate of one design point and
 * return the kept metrics by year. Loaded in a worker thread as a bundle
 * (worker-bundle.ts) or through worker-entry.mjs (which registers tsx
 * first); `executeRun` is also the
 * in-process runner.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runReplicate, type Row } from './run.ts';
import { errorText, READY, type RunResult, type RunTask } from './pool.ts';

/** Run a task; a throw becomes {error} (the sweep records it and goes on). */
export function executeRun(task: RunTask): RunResult {
  try {
    const { trajectory, ledger, model } = runReplicate(task.scenario, task.seed, task.replicate);
    model.hh.release(); // the worker's next run reuses its buffers
    const rows = trajectory.map((r) => {
      const row: Row = { year: r['year']! };
      for (const m of task.metrics) {
        const v = r[m];
        if (v === undefined) throw new Error(`the trajectory has no column "${m}"`);
        row[m] = v;
      }
      return row;
    });
    return task.ledger ? { runId: task.runId, rows, ledger } : { runId: task.runId, rows };
  } catch (e) {
    return { runId: task.runId, error: errorText(e) };
  }
}

const port = parentPort;
if (port && (workerData as { pgsSweepWorker?: boolean } | null)?.pgsSweepWorker === true) {
  port.on('message', (task: RunTask) => port.postMessage(executeRun(task)));
  port.postMessage(READY);
}
