/**
 * Sweeps: every run (design point x replicate) of a sweep file, on a pool of
 * worker threads, into an output directory:
 *
 *  runs.csv      one row per run and year: run_id, point, replicate, seed,
 *                one column per varied parameter (sweep-file order), year,
 *                then the kept metrics. While the sweep runs, each finished
 *                run's rows are appended with one write (completion order);
 *                at the end the file is rewritten in run_id order (then year,
 *                the order a run writes its rows) and renamed into place.
 *  errors.csv    one row per run that threw: run_id, point, replicate, seed,
 *                parameters, error (one line). Same ordering. A failed run
 *                counts as done and is not retried by --resume.
 *  manifest.json the sweep file and hash, the code fingerprint, shard,
 *                counts, status (running | interrupted | complete), program
 *                and Node versions, wall time of this invocation.
 *
 * The parts: sweep-plan.ts (columns, a run's text), run-store.ts (the two
 * CSV files at the byte level, shared with merge), manifest.ts, tasks.ts
 * (the runs on the worker pool); this file puts them together.
 *
 * A run whose worker thread dies twice (pool.ts: e.g. out of memory) is not
 * recorded anywhere: whether it completes depends on the machine, and the
 * files must not. No new runs start; the sweep stops as interrupted, naming
 * the runs, and --resume (perhaps with fewer workers) runs them again.
 *
 * Resuming: the manifest's hash must match the sweep's and its code
 * fingerprint the running program's (program.ts); runs.csv and
 * errors.csv are scanned and a run counts as done only with all its year rows
 * (errors: its whole line). A torn tail (a kill in the middle of an append)
 * is cut off; everything else stays. Since a run's rows depend only on the
 * sweep and its run id, and the final ordering does not depend on the order
 * runs finished in, the final files are byte-identical for any number of
 * workers, for interrupted-then-resumed sweeps, and for merged shards.
 *
 * Memory does not grow with the number of rows: rows go to disk as each run
 * finishes, and the final ordering reads them back run by run through an
 * index of byte offsets (a few bytes per run).
 */
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inputError, runError, SimError } from '../core/errors.ts';
import { withFolderLock } from '../io/lock.ts';
import { pointOf, replicateOf, shardRunIds, shardSize, shardSlot, validateShard, WHOLE, type Shard } from './design.ts';
import { checkCode, MANIFEST_FILE, manifestHeader, readManifest, writeManifest, type SweepManifest } from './manifest.ts';
import { createInlinePool, createThreadPool, errorText, type RunTask, type Runner, type TaskPool } from './pool.ts';
import { codeFingerprint, readProgramInfo, type ProgramInfo } from './program.ts';
import { ERRORS_FILE, finalizeFile, indexBlocks, openForAppend, outputDirState, removeStaleTemps, RUNS_FILE, type BlockIndex } from './run-store.ts';
import { formatResult, headerLine, planSweep } from './sweep-plan.ts';
import { loadSweepFile, resolvePoint, type Sweep } from './sweep-file.ts';
import { runTasks } from './tasks.ts';
import type { Scenario } from '../scenario/schema.ts';

/** Tests and tools read a sweep's manifest from here too. */
export { readManifest };

// ---------------------------------------------------------------------------
// Running

export interface SweepOptions {
  sweepFile: string;
  /** Output directory (created). */
  out: string;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /** Continue the runs already in `out` (or start afresh when it has none). */
  resume?: boolean;
  shard?: Shard;
  /** After every finished run, and once before the first: runs done (including earlier ones) of `total` in this shard. */
  onProgress?: (done: number, total: number, failed: number) => void;
  /** Abort: stop starting runs, terminate the workers, leave `out` resumable; resolves with `aborted: true`. */
  signal?: AbortSignal;
  /** Tests only: run in this thread with this runner instead of worker threads. */
  runner?: Runner;
  /** Monotone milliseconds for the wall time (default performance.now). */
  now?: () => number;
  program?: ProgramInfo;
  /** Fingerprint of the model code (default codeFingerprint(); tests pass others). */
  code?: string;
}

export interface SweepResult {
  out: string;
  name: string;
  hash: string;
  shard: Shard;
  /** Runs in the whole sweep and in this shard. */
  runsTotal: number;
  runs: number;
  /** Runs of the shard finished without error / with an error, in total. */
  completed: number;
  failed: number;
  /** Runs found done in `out` before this invocation. */
  skipped: number;
  /** Runs this invocation finished. */
  ran: number;
  /** Stopped by the signal. */
  aborted: boolean;
  /** Runs whose worker thread died twice (pool.ts), in run-id order: not recorded; the sweep stopped as interrupted. */
  lost: { runId: number; reason: string }[];
  wallTimeSeconds: number;
}

export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const sweep = loadSweepFile(opts.sweepFile, { shard: opts.shard ?? WHOLE });
  return runLoadedSweep(sweep, opts, started);
}

export async function runLoadedSweep(sweep: Sweep, opts: Omit<SweepOptions, 'sweepFile'> & { sweepFile?: string }, started?: number): Promise<SweepResult> {
  // One writer per folder (io/lock.ts): taken before the folder is looked at,
  // so a second sweep (a requeued job beside its predecessor) is refused, exit 2.
  return withFolderLock(opts.out, 'sweep', () => sweepLocked(sweep, opts, started));
}

async function sweepLocked(sweep: Sweep, opts: Omit<SweepOptions, 'sweepFile'> & { sweepFile?: string }, started?: number): Promise<SweepResult> {
  const now = opts.now ?? (() => performance.now());
  const t0 = started ?? now();
  const shard = validateShard(opts.shard ?? WHOLE);
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isSafeInteger(workers) || workers < 1) {
    throw inputError(`--workers: expected a whole number of at least 1, got ${workers}`, [{ file: '--workers', path: '', message: `expected a whole number of at least 1, got ${workers}` }]);
  }
  const checked = sweep.checked;
  if (checked.count > 1 && (checked.index !== shard.index || checked.count !== shard.count)) {
    throw runError(`sweep: the sweep file was checked for shard ${checked.index}/${checked.count}, not ${shard.index}/${shard.count}; load it with {shard}`);
  }
  const plan = planSweep(sweep);
  const out = opts.out;
  const runsPath = join(out, RUNS_FILE);
  const errorsPath = join(out, ERRORS_FILE);
  const runsHeader = headerLine(plan.runColumns);
  const errorsHeader = headerLine(plan.errorColumns);
  const slots = shardSize(plan.total, shard);

  // The output directory: fresh, or resumed with the same sweep, code and shard.
  const code = opts.code ?? codeFingerprint();
  const existing = outputDirState(out) === 'missing' ? [] : [RUNS_FILE, ERRORS_FILE, MANIFEST_FILE].filter((f) => existsSync(join(out, f)));
  if (existing.length > 0 && !opts.resume) {
    throw inputError(`${out} already holds sweep results (${existing.join(', ')}); use --resume to continue them, or choose another --out`, [
      { file: out, path: '', message: 'already holds sweep results; use --resume to continue them, or choose another --out' },
    ]);
  }
  if (existing.length > 0) {
    const m = readManifest(out);
    if (!m) throw inputError(`${out}: has ${existing.join(', ')} but no ${MANIFEST_FILE}; cannot tell which sweep wrote them`, [{ file: join(out, MANIFEST_FILE), path: '', message: 'missing' }]);
    if (m.sweep_hash !== sweep.hash) {
      throw inputError(`${out} holds results of a different sweep (hash ${m.sweep_hash.slice(0, 12)}, this sweep ${sweep.hash.slice(0, 12)}); choose another --out`, [
        { file: join(out, MANIFEST_FILE), path: 'sweep_hash', message: `expected ${sweep.hash}, got ${m.sweep_hash}` },
      ]);
    }
    if (m.shard.index !== shard.index || m.shard.count !== shard.count) {
      throw inputError(`${out} holds shard ${m.shard.index}/${m.shard.count}, not ${shard.index}/${shard.count}`, [
        { file: join(out, MANIFEST_FILE), path: 'shard', message: `expected ${shard.index}/${shard.count}, got ${m.shard.index}/${m.shard.count}` },
      ]);
    }
    checkCode(m, out, code, 'cannot resume', 'start the sweep afresh with another --out');
  }
  mkdirSync(out, { recursive: true });
  removeStaleTemps(out);

  // What is done already: complete blocks; torn tails cut off.
  const done = new Uint8Array(slots); // 0 to do, 1 ok, 2 failed
  const mark = (index: BlockIndex | undefined, as: 1 | 2) => {
    if (index) for (let s = 0; s < slots; s++) if (index.offset[s]! >= 0 && done[s] === 0) done[s] = as;
  };
  mark(openForAppend(runsPath, runsHeader, plan.total, shard, plan.rowsOf), 1);
  mark(openForAppend(errorsPath, errorsHeader, plan.total, shard, () => 1), 2);
  let completed = 0;
  let failed = 0;
  for (const d of done) (d === 1 ? completed++ : d === 2 ? failed++ : 0);
  const skipped = completed + failed;

  const program = opts.program ?? readProgramInfo();
  const manifest = (status: SweepManifest['status']): SweepManifest => ({
    ...manifestHeader(program, 'sweep', code),
    sweep_file: opts.sweepFile ?? sweep.file,
    sweep_name: sweep.name,
    sweep_hash: sweep.hash,
    base_scenario: sweep.base.file,
    shard,
    seed: sweep.seed,
    replicates: sweep.replicates,
    design: sweep.design,
    parameters: plan.parameters,
    metrics: sweep.metrics,
    points: plan.points,
    runs_total: plan.total,
    runs: slots,
    completed,
    failed,
    status,
    workers,
    wall_time_seconds: Math.round(now() - t0) / 1000,
  });
  writeManifest(out, manifest('running'));

  // The runs still to do, W at a time (tasks.ts).
  const signal = opts.signal;
  let aborted = signal?.aborted ?? false;
  let pool: TaskPool | undefined;
  const onAbort = () => {
    aborted = true;
    void pool?.close();
  };
  let ran = 0;
  let failure: { error: unknown } | undefined;
  const lost: SweepResult['lost'] = [];

  // The runs still to do, in run-id order (a point's scenario resolved once for its replicates).
  function* todo(): Generator<RunTask> {
    let cached: { point: number; scenario: Scenario } | undefined;
    for (const id of shardRunIds(plan.total, shard)) {
      if (done[shardSlot(id, shard)] !== 0) continue;
      const point = pointOf(id, sweep.replicates);
      if (cached?.point !== point) cached = { point, scenario: resolvePoint(sweep, point) };
      yield { runId: id, scenario: cached.scenario, seed: sweep.seed, replicate: replicateOf(id, sweep.replicates), metrics: sweep.metrics };
    }
  }
  try {
    signal?.addEventListener('abort', onAbort, { once: true });
    pool = opts.runner ? createInlinePool(opts.runner) : createThreadPool(workers);
    opts.onProgress?.(skipped, slots, failed);
    try {
      await runTasks(pool, todo(), (result, task) => {
        const id = task.runId;
        if ('lost' in result) {
          lost.push({ runId: id, reason: result.lost });
          return;
        }
        const { file, text } = formatResult(sweep, plan, result);
        appendFileSync(file === 'runs' ? runsPath : errorsPath, text);
        done[shardSlot(id, shard)] = file === 'runs' ? 1 : 2;
        if (file === 'runs') completed++;
        else failed++;
        ran++;
        opts.onProgress?.(completed + failed, slots, failed);
      }, signal);
    } catch (error) {
      failure = { error };
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool?.close();
  }
  lost.sort((a, b) => a.runId - b.runId);

  if (failure || aborted || lost.length > 0) {
    writeManifest(out, manifest('interrupted'));
    if (failure) throw failure.error instanceof SimError ? failure.error : runError(`sweep failed: ${errorText(failure.error)}`);
  } else {
    finalizeFile(runsPath, runsHeader, indexBlocks(runsPath, runsHeader, plan.total, shard, plan.rowsOf));
    finalizeFile(errorsPath, errorsHeader, indexBlocks(errorsPath, errorsHeader, plan.total, shard, () => 1));
    writeManifest(out, manifest('complete'));
  }
  return {
    out,
    name: sweep.name,
    hash: sweep.hash,
    shard,
    runsTotal: plan.total,
    runs: slots,
    completed,
    failed,
    skipped,
    ran,
    aborted: aborted && !failure,
    lost,
    wallTimeSeconds: Math.round(now() - t0) / 1000,
  };
}
