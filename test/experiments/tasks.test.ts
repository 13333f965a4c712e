// The task runner on its own, on a stand-in pool whose runs finish when the
// test says so: bounded in flight, lazy, results paired with their tasks
// whatever order they finish in, errors, lost runs and cancellation.
import { describe, expect, it } from 'vitest';
import type { RunResult, RunTask, TaskPool } from '../../src/experiments/pool.ts';
import { runTasks } from '../../src/experiments/tasks.ts';

const task = (runId: number) => ({ runId, seed: 1, replicate: 0, metrics: [], scenario: {} }) as unknown as RunTask;
const ok = (runId: number): RunResult => ({ runId, rows: [{ year: runId }] });

/** A pool of `size` whose runs wait until `finish` (or `reject`) is called for their run id. */
function manualPool(size: number) {
  const waiting = new Map<number, { resolve: (r: RunResult) => void; reject: (e: unknown) => void }>();
  const started: number[] = [];
  let maxInFlight = 0;
  const pool: TaskPool = {
    size,
    run(t) {
      started.push(t.runId);
      return new Promise<RunResult>((resolve, reject) => {
        waiting.set(t.runId, { resolve, reject });
        maxInFlight = Math.max(maxInFlight, waiting.size);
      });
    },
    close: () => Promise.resolve(),
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    pool,
    started,
    get maxInFlight() {
      return maxInFlight;
    },
    inFlight: () => [...waiting.keys()].sort((a, b) => a - b),
    async finish(id: number, result: RunResult = ok(id)) {
      const w = waiting.get(id)!;
      waiting.delete(id);
      w.resolve(result);
      await settle();
    },
    async reject(id: number, e: unknown) {
      const w = waiting.get(id)!;
      waiting.delete(id);
      w.reject(e);
      await settle();
    },
    settle,
  };
}

describe('runTasks', () => {
  it('keeps at most pool.size runs in flight, starts them in order, and pairs each result with its task whatever order they finish in', async () => {
    const m = manualPool(3);
    const seen: [number, number][] = [];
    const done = runTasks(m.pool, [0, 1, 2, 3, 4, 5].map(task), (r, t) => seen.push([t.runId, r.runId]));
    await m.settle();
    expect(m.inFlight()).toEqual([0, 1, 2]);
    await m.finish(2);
    expect(m.inFlight()).toEqual([0, 1, 3]);
    await m.finish(3);
    await m.finish(1);
    expect(m.inFlight()).toEqual([0, 4, 5]);
    for (const id of [5, 0, 4]) await m.finish(id);
    await expect(done).resolves.toBe('complete');
    expect(m.started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(m.maxInFlight).toBe(3);
    expect(seen).toEqual([[2, 2], [3, 3], [1, 1], [5, 5], [0, 0], [4, 4]]); // completion order, each with its own task
  });

  it('takes tasks from the iterable only when a place is free', async () => {
    const m = manualPool(2);
    let pulled = 0;
    function* tasks() {
      for (let id = 0; id < 4; id++) {
        pulled++;
        yield task(id);
      }
    }
    const done = runTasks(m.pool, tasks(), () => {});
    await m.settle();
    expect(pulled).toBe(2);
    await m.finish(0);
    expect(pulled).toBe(3);
    for (const id of [1, 2, 3]) await m.finish(id);
    await expect(done).resolves.toBe('complete');
  });

  it('on an error (from onResult or the pool) starts nothing more, still delivers the runs in flight, then rejects with the first error', async () => {
    const m = manualPool(2);
    const seen: number[] = [];
    const done = runTasks(m.pool, [0, 1, 2, 3].map(task), (r) => {
      if (r.runId === 0) throw new Error('bad result 0');
      seen.push(r.runId);
    });
    const outcome = done.then(() => 'resolved', (e: unknown) => e);
    await m.settle();
    await m.finish(0);
    expect(m.inFlight()).toEqual([1]); // nothing new started
    await m.reject(1, new Error('pool broke')); // a second error: not the one reported
    expect(await outcome).toEqual(new Error('bad result 0'));
    expect(m.started).toEqual([0, 1]);

    const m2 = manualPool(2);
    const seen2: number[] = [];
    const done2 = runTasks(m2.pool, [0, 1, 2].map(task), (r) => seen2.push(r.runId)).then(() => 'resolved', (e: unknown) => e);
    await m2.settle();
    await m2.reject(0, new Error('the pool is closed'));
    await m2.finish(1); // in flight: still delivered
    expect(await done2).toEqual(new Error('the pool is closed'));
    expect(seen2).toEqual([1]);
    expect(m2.started).toEqual([0, 1]);
    expect(seen).toEqual([]);
  });

  it('rejects when the iterable throws, after the runs in flight settle', async () => {
    const m = manualPool(2);
    function* tasks() {
      yield task(0);
      throw new Error('cannot resolve point 1');
    }
    let settled = false;
    const done = runTasks(m.pool, tasks(), () => {}).finally(() => (settled = true));
    const outcome = done.then(() => 'resolved', (e: unknown) => e);
    await m.settle();
    expect(settled).toBe(false); // run 0 is still in flight
    await m.finish(0);
    expect(await outcome).toEqual(new Error('cannot resolve point 1'));
  });

  it('a lost run is delivered and stops new runs from starting', async () => {
    const m = manualPool(2);
    const seen: RunResult[] = [];
    const done = runTasks(m.pool, [0, 1, 2, 3].map(task), (r) => seen.push(r));
    await m.settle();
    await m.finish(1, { runId: 1, lost: 'worker died twice' });
    await m.finish(0);
    await expect(done).resolves.toBe('lost');
    expect(m.started).toEqual([0, 1]);
    expect(seen).toEqual([{ runId: 1, lost: 'worker died twice' }, ok(0)]);
  });

  it('on abort starts nothing more, drops later results and errors, and resolves once the runs in flight settle', async () => {
    const m = manualPool(2);
    const ac = new AbortController();
    const seen: number[] = [];
    let settled = false;
    const done = runTasks(m.pool, [0, 1, 2, 3].map(task), (r) => seen.push(r.runId), ac.signal).finally(() => (settled = true));
    await m.settle();
    await m.finish(0);
    ac.abort();
    await m.finish(1); // dropped
    expect(settled).toBe(false);
    await m.reject(2, new Error('the pool is closed')); // ignored
    await expect(done).resolves.toBe('aborted');
    expect(seen).toEqual([0]);
    expect(m.started).toEqual([0, 1, 2]);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const m = manualPool(2);
    const ac = new AbortController();
    ac.abort();
    await expect(runTasks(m.pool, [0, 1].map(task), () => {}, ac.signal)).resolves.toBe('aborted');
    expect(m.started).toEqual([]);
  });

  it('an abort after the last result is not an interruption', async () => {
    const m = manualPool(1);
    const ac = new AbortController();
    const done = runTasks(m.pool, [task(0)], () => {}, ac.signal);
    await m.settle();
    await m.finish(0);
    ac.abort();
    await expect(done).resolves.toBe('complete');
  });
});
