/**
 * Running a batch of runs on a pool (pool.ts): the loop that sweeps and
 * calibration share (and any later experiment over many runs).
 *
 *  - tasks are taken from the iterable lazily, in its order, one only when a
 *    place is free: at most `pool.size` in flight, so memory stays flat
 *    however many runs the batch has;
 *  - `onResult(result, task)` is called once per result, in completion
 *    order, with the task it belongs to: callers that need a fixed order
 *    store by run id, never by arrival;
 *  - the first error (the pool rejects, `onResult` or the iterable throws)
 *    stops new tasks from starting; the tasks in flight still finish and
 *    their results are still delivered; then runTasks rejects with it;
 *  - a lost run (its worker died twice) is delivered and stops new tasks
 *    from starting: the machine cannot run the batch reliably;
 *  - an aborted signal stops new tasks from starting, and results or errors
 *    that arrive after it are dropped. Close the pool to cut the tasks in
 *    flight short (their rejections are then ignored).
 *
 * runTasks settles only once every task it started has settled, so no
 * callback runs after it returns.
 */
import type { RunResult, RunTask, TaskPool } from './pool.ts';

/** Why runTasks stopped: every task ran and was delivered, or it stopped early. */
export type TasksOutcome = 'complete' | 'aborted' | 'lost';

export async function runTasks<T extends RunTask>(
  pool: TaskPool,
  tasks: Iterable<T>,
  onResult: (result: RunResult, task: T) => void,
  signal?: AbortSignal,
): Promise<TasksOutcome> {
  const inFlight = new Set<Promise<void>>();
  let stopped: 'aborted' | 'lost' | undefined;
  let failed = false;
  let failure: unknown;
  const fail = (e: unknown) => {
    if (signal?.aborted) {
      stopped ??= 'aborted';
      return;
    }
    if (!failed) {
      failed = true;
      failure = e;
    }
  };
  const it = tasks[Symbol.iterator]();
  try {
    for (;;) {
      if (signal?.aborted) stopped ??= 'aborted';
      if (failed || stopped !== undefined) break;
      const next = it.next();
      if (next.done) break;
      const task = next.value;
      const p: Promise<void> = pool
        .run(task)
        .then((result) => {
          if (signal?.aborted) {
            stopped ??= 'aborted';
            return;
          }
          if ('lost' in result) stopped ??= 'lost';
          onResult(result, task);
        })
        .catch(fail)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= pool.size) await Promise.race(inFlight);
    }
  } catch (e) {
    fail(e); // the iterable (or pool.run itself) threw
  } finally {
    if (failed || stopped !== undefined) it.return?.();
  }
  await Promise.all(inFlight);
  if (failed) throw failure;
  return stopped ?? 'complete';
}
