/**
 * `sweep <file>`: the parameter sweep on worker threads (src/experiments/
 * sweep.ts does the work) with a progress bar on a terminal, a final line
 * otherwise. Its shards are combined by `merge` (merge.ts).
 *
 * Stopping: SIGINT (Ctrl-C), SIGTERM (kill, a scheduler's time limit) and
 * SIGHUP (the terminal closed) all stop the sweep the same way: no new runs,
 * the workers are terminated, the manifest says "interrupted", and --resume
 * continues. The exit status is 128 + the signal's number, as shells report
 * a process killed by it: 130, 143 and 129. A second signal while stopping
 * exits at once (130 for a second Ctrl-C); the output stays resumable (a
 * half-written run is dropped by --resume). The same signal again within
 * DUPLICATE_MS is not a second one: a signal sent to the process group (what
 * SLURM and a terminal's Ctrl-C do) reaches node directly and again through
 * the launchers relaying it (npx, tsx), within milliseconds. A sweep that stops because runs
 * could not complete (their worker thread died twice, e.g. out of memory)
 * also exits with 130 and names them.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runError } from '../../core/errors.ts';
import { defineCommand } from '../command.ts';
import { flag, out, positional, reportFlag, shard, workers } from '../options.ts';
import { createProgress } from '../progress.ts';
import { writeReportFor } from './report.ts';
import { format, type RunsFormat, writeRunsParquet } from './runs-format.ts';
import { type CommandContext, displayPath, type ProcessSignals, safeDirName, scenarioPath } from './context.ts';

export interface SweepConfig {
  sweep: string;
  /** undefined = the number of cores. */
  workers: number | undefined;
  /** undefined = outputs/<sweep name>/ (with -shard-i-of-n when sharded). */
  out: string | undefined;
  resume: boolean;
  /** undefined = the whole sweep; else 1-based shard index of count. */
  shard: { index: number; count: number } | undefined;
  report: boolean;
  /** parquet: also runs.parquet once the runs are finished (runs-format.ts). */
  format: RunsFormat;
}

export const sweepCommand = defineCommand<'sweep', SweepConfig>({
  name: 'sweep',
  description: 'Run a parameter sweep on worker threads (resumable, shardable)',
  options: {
    sweep: positional('Sweep file (YAML or JSON)', 'sweep file'),
    workers: workers(),
    out: out('outputs/<sweep name>/'),
    resume: flag('Continue an interrupted sweep in --out, skipping completed runs'),
    shard: shard(),
    report: reportFlag(),
    format: format(),
  },
  run: runSweep,
});

/** Exit status of a sweep stopped by Ctrl-C (128 + SIGINT), or by runs that could not complete. */
export const INTERRUPTED = 130;

/** Signals that stop a sweep, and the exit status of each (128 + its number). */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

const processSignals: ProcessSignals = {
  on: (signal, listener) => process.on(signal, listener),
  removeListener: (signal, listener) => process.removeListener(signal, listener),
  exit: (code) => process.exit(code),
};

/** The output folder of a resumable command (sweep, sensitivity): --out, or outputs/<name>[-shard-i-of-n]. */
export function resumableOut(cwd: string, out: string | undefined, name: string, shard: SweepConfig['shard']): string {
  return resolve(cwd, out ?? `outputs/${safeDirName(name)}${shardSuffix(shard)}`);
}

/** `-shard-i-of-n` for a shard of several, else ''. */
export function shardSuffix(shard: SweepConfig['shard']): string {
  return shard && shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : '';
}

/** What a resumable run gets from runResumable: the abort signal and the progress callback. */
export interface ResumableHooks {
  signal: AbortSignal;
  /** The first call reports what was already done (a resumed run). */
  onProgress: (done: number, total: number) => void;
}

/**
 * Run a resumable command (sweep, sensitivity) writing to `where`, with a
 * progress bar labelled `label` on a terminal and stop signals handled: the
 * first aborts the run; a second clears the progress line, says how to resume
 * and exits (handleStopSignals). `received` is the first signal, if any.
 * `quiet`: no progress bar (--quiet).
 */
export async function runResumable<T>(
  io: CommandContext['io'],
  where: string,
  label: string,
  now: () => number,
  run: (hooks: ResumableHooks) => Promise<T>,
  { quiet = false }: { quiet?: boolean } = {},
): Promise<{ result: T; received: StopSignal | undefined }> {
  const controller = new AbortController();
  let progress: ReturnType<typeof createProgress> | undefined;
  const stop = handleStopSignals(io.signals ?? processSignals, controller, (signal) => {
    progress?.finish();
    io.stderr.write(`${signal} again: exiting now; continue with --resume --out ${where}\n`);
  }, now);
  try {
    const result = await run({
      signal: controller.signal,
      onProgress: (done, total) => {
        progress ??= createProgress({
          stream: io.stderr, enabled: io.stderrIsTTY && !quiet, now, label, unit: 'runs', initial: done, delayMs: 0, columns: io.stderrColumns,
        });
        progress.update(done, total);
      },
    });
    return { result, received: stop.received() };
  } finally {
    progress?.finish();
    stop.dispose();
  }
}

/** A repeat of the first signal within this many milliseconds is the same event relayed by a launcher. */
export const DUPLICATE_MS = 1000;

/**
 * While a sweep runs: the first stop signal aborts `controller`; a second one
 * (another signal, or the same one DUPLICATE_MS or more later) calls
 * `onSecond` (say so, clear the progress line) and exits at once with its
 * status. `received` is the first signal, if any.
 */
export function handleStopSignals(
  signals: ProcessSignals,
  controller: AbortController,
  onSecond: (signal: StopSignal) => void,
  now: () => number = () => performance.now(),
): { received(): StopSignal | undefined; dispose(): void } {
  let first: StopSignal | undefined;
  let firstAt = 0;
  const listeners = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((signal) => {
    const listener = () => {
      if (first === undefined) {
        first = signal;
        firstAt = now();
        controller.abort(signal);
        return;
      }
      if (signal === first && now() - firstAt < DUPLICATE_MS) return; // the group signal relayed again
      onSecond(signal);
      signals.exit(STOP_SIGNALS[signal]);
    };
    signals.on(signal, listener);
    return [signal, listener] as const;
  });
  return {
    received: () => first,
    dispose: () => {
      for (const [signal, listener] of listeners) signals.removeListener(signal, listener);
    },
  };
}

async function runSweep(command: SweepConfig, ctx: CommandContext): Promise<number> {
  const { io, now } = ctx;
  const { loadSweepFile } = await import('../../experiments/sweep-file.ts');
  const { runLoadedSweep } = await import('../../experiments/sweep.ts');
  const shard = command.shard;
  const sweep = loadSweepFile(scenarioPath(io, command.sweep), shard ? { shard } : {});
  const out = resumableOut(io.cwd, command.out, sweep.name, shard);
  const where = displayPath(io.cwd, out);

  const { result, received } = await runResumable(io, where, sweep.name, now, ({ signal, onProgress }) =>
    runLoadedSweep(sweep, { sweepFile: command.sweep, out, workers: command.workers, resume: command.resume, shard, signal, now, program: ctx.program, onProgress }),
  );
  const rate = result.wallTimeSeconds > 0 ? result.ran / result.wallTimeSeconds : 0;
  const summary =
    `${sweep.name}${shardSuffix(shard)}: ${result.completed + result.failed}/${result.runs} runs done` +
    ` (${result.ran} now, ${result.skipped} before; ${result.failed} failed) in ${result.wallTimeSeconds.toFixed(1)} s` +
    (rate > 0 ? `, ${rate.toFixed(2)} runs/s` : '') +
    `; results in ${where}/runs.csv`;
  io.stdout.write(summary + '\n');
  if (result.aborted) {
    const signal = received ?? 'SIGINT';
    io.stderr.write(`interrupted (${signal}): continue with --resume --out ${where}\n`);
    return STOP_SIGNALS[signal];
  }
  if (result.lost.length > 0) {
    const ids = result.lost.slice(0, 10).map((l) => l.runId).join(', ') + (result.lost.length > 10 ? `, ... (${result.lost.length} runs)` : '');
    io.stderr.write(
      `interrupted: run${result.lost.length === 1 ? '' : 's'} ${ids} could not complete: ${result.lost[0]!.reason} (out of memory?). ` +
        `${result.lost.length === 1 ? 'It is' : 'They are'} not recorded; continue with --resume --out ${where}, perhaps with fewer --workers\n`,
    );
    return INTERRUPTED;
  }
  // The sweep is complete (failed runs included): runs.parquet and its report, when asked for.
  if (command.format === 'parquet') await writeRunsParquet(out, 'sweep');
  if (command.report) await writeReportFor(out, out, ctx);
  if (result.failed > 0) throw runError(`${result.failed} run(s) failed; their errors are in ${where}/errors.csv`);
  return 0;
}
