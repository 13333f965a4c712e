/**
 * Running sweep runs: a pool of worker threads, each running one run at a
 * time, or (tests) an in-process runner. The caller (runTasks, tasks.ts)
 * bounds the tasks in flight to the pool's size, so memory stays flat
 * however many runs a sweep has.
 *
 * A run that throws comes back as {error}: the model failed on that input,
 * deterministically. A worker that dies in the middle of a run (e.g. out of
 * memory) says nothing about the run, so the run is retried once on a fresh
 * worker; if that one dies too, the run comes back as {lost}, and the caller
 * must not record it (whether it completes depends on the machine). A worker
 * that dies before it is ready (it cannot load the model) breaks the pool:
 * every task then rejects with a run error, since retrying elsewhere would
 * fail the same way.
 */
import { Worker } from 'node:worker_threads';
import { runError } from '../core/errors.ts';
import type { Row } from './run.ts';
import type { Scenario } from '../scenario/schema.ts';
import { bundledWorkerEntry } from './worker-bundle.ts';

export interface RunTask {
  runId: number;
  /** The resolved scenario of the run's design point (plain data). */
  scenario: Scenario;
  seed: number;
  replicate: number;
  /** Trajectory columns to keep besides `year`. */
  metrics: string[];
  /** Also return the replicate's ledger rows (`run` and `compare` on workers). */
  ledger?: boolean;
}

/**
 * Rows hold `year` and the kept metrics, one per simulated year. `error`: the
 * run threw (recorded in errors.csv). `lost`: its worker thread died twice
 * during it (not recorded; the run stays to do).
 */
export type RunResult = { runId: number; rows: Row[]; ledger?: Row[] } | { runId: number; error: string } | { runId: number; lost: string };

export type Runner = (task: RunTask) => RunResult | Promise<RunResult>;

export interface TaskPool {
  readonly size: number;
  /** Resolves with the run's result; rejects only when the pool is closed or broken. */
  run(task: RunTask): Promise<RunResult>;
  /** Terminate every worker; tasks in flight reject. Idempotent: every call returns the first call's promise. */
  close(): Promise<void>;
}

/** Message a worker sends once the model is loaded. */
export const READY = 'pgs-sweep-worker-ready';

/** Times a run is started on a worker before it counts as lost (worker deaths). */
export const ATTEMPTS = 2;

interface Pending {
  task: RunTask;
  /** Workers that died during this task so far. */
  deaths: number;
  resolve: (r: RunResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  alive: boolean;
  current?: Pending;
}

/** The worker through tsx: the fallback when the bundled worker (worker-bundle.ts) cannot be built. */
const TSX_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** `size` worker threads, started when first needed; by default the bundled worker. */
export function createThreadPool(size: number, entry?: URL): TaskPool {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`pool size must be a whole number of at least 1, got ${size}`);
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let closed = false;
  let broken: Error | undefined;
  let terminating: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  /** Reject every queued task and every task in flight. */
  const rejectAll = (err: Error) => {
    for (const p of queue.splice(0)) p.reject(err);
    for (const s of slots) {
      const c = s.current;
      s.current = undefined;
      c?.reject(err);
    }
  };

  const terminateAll = (): Promise<void> => {
    const stopping = slots.splice(0).map((s) => ((s.alive = false), s.worker.terminate()));
    terminating = Promise.all([terminating, ...stopping]).then(() => undefined);
    return terminating;
  };

  const fail = (e: Error) => {
    broken ??= e;
    rejectAll(broken);
    void terminateAll();
  };

  const spawn = (): Slot => {
    // No inherited execArgv: the entry needs no loader (the bundle) or
    // registers tsx itself, whatever flags (--import tsx, --input-type, a
    // test runner's) started this process.
    entry ??= bundledWorkerEntry() ?? TSX_ENTRY;
    const worker = new Worker(entry, { workerData: { pgsSweepWorker: true }, execArgv: [] });
    const slot: Slot = { worker, ready: false, alive: true };
    slots.push(slot);
    worker.on('message', (m: unknown) => {
      if (m === READY) {
        slot.ready = true;
        return;
      }
      const c = slot.current;
      slot.current = undefined;
      c?.resolve(m as RunResult);
      pump();
    });
    worker.on('error', (e: Error) => stopped(slot, `worker thread failed: ${e.message}`));
    worker.on('exit', (code: number) => stopped(slot, `worker thread exited with code ${code}`));
    return slot;
  };

  const start = (slot: Slot, p: Pending) => {
    slot.current = p;
    slot.worker.postMessage(p.task);
  };

  const stopped = (slot: Slot, why: string) => {
    if (!slot.alive) return;
    slot.alive = false;
    slots.splice(slots.indexOf(slot), 1);
    const c = slot.current;
    slot.current = undefined;
    if (closed || broken) {
      c?.reject(broken ?? new Error('the pool is closed'));
      return;
    }
    if (!slot.ready) {
      fail(runError(`could not start a worker thread: ${why}`));
      c?.reject(broken);
      return;
    }
    if (c) {
      c.deaths++;
      if (c.deaths < ATTEMPTS) {
        // Once more, on a fresh worker (in the dead one's place).
        start(spawn(), c);
      } else {
        c.resolve({ runId: c.task.runId, lost: `${why} during the run, on ${c.deaths} workers in turn` });
      }
    }
    pump();
  };

  const pump = () => {
    while (queue.length > 0 && !closed && !broken) {
      let slot = slots.find((s) => s.alive && s.current === undefined);
      if (!slot) {
        if (slots.length >= size) return;
        slot = spawn();
      }
      start(slot, queue.shift()!);
    }
  };

  return {
    size,
    run(task) {
      if (broken) return Promise.reject(broken);
      if (closed) return Promise.reject(new Error('the pool is closed'));
      return new Promise<RunResult>((resolve, reject) => {
        queue.push({ task, deaths: 0, resolve, reject });
        pump();
      });
    },
    close() {
      closing ??= (async () => {
        closed = true;
        rejectAll(new Error('the pool is closed'));
        await terminateAll();
      })();
      return closing;
    },
  };
}

/**
 * Runs in this thread, one at a time (tests inject failing runners here).
 * Each run starts on a later macrotask, so an abort can land between runs.
 */
export function createInlinePool(runner: Runner): TaskPool {
  let closed = false;
  let closing: Promise<void> | undefined;
  return {
    size: 1,
    async run(task) {
      await new Promise((r) => setImmediate(r));
      if (closed) throw new Error('the pool is closed');
      try {
        return await runner(task);
      } catch (e) {
        return { runId: task.runId, error: errorText(e) };
      }
    },
    close() {
      closed = true;
      closing ??= Promise.resolve();
      return closing;
    },
  };
}

/** One line: what went wrong in a run (no stack, no line breaks). */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message || e.name : String(e);
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim() || 'unknown error';
}
