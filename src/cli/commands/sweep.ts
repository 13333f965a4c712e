/**
 * `sweep <file>` and `merge <dirs..>`: the parameter sweep on worker threads
 * (src/experiments/sweep.ts does the work) with a progress bar on a terminal,
 * a final line otherwise, and Ctrl-C leaving a sweep that --resume continues.
 */
import { resolve } from 'node:path';
import { inputError, runError } from '../../core/errors.ts';
import type { Command } from '../args.ts';
import { createProgress } from '../progress.ts';
import { type CommandContext, displayPath, safeDirName, scenarioPath } from './context.ts';

/** Exit status of a sweep stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED = 130;

export async function sweepCommand(command: Extract<Command, { kind: 'sweep' }>, ctx: CommandContext): Promise<number> {
  const { io, now } = ctx;
  const { loadSweepFile } = await import('../../experiments/sweep-file.ts');
  const { runLoadedSweep } = await import('../../experiments/sweep.ts');
  const sweep = loadSweepFile(scenarioPath(io, command.sweep));
  const shard = command.shard;
  const shardSuffix = shard && shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : '';
  const out = resolve(io.cwd, command.out ?? `outputs/${safeDirName(sweep.name)}${shardSuffix}`);

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let progress: ReturnType<typeof createProgress> | undefined;
  let result;
  try {
    result = await runLoadedSweep(sweep, {
      sweepFile: command.sweep,
      out,
      workers: command.workers,
      resume: command.resume,
      shard,
      signal: controller.signal,
      now,
      program: ctx.program,
      onProgress: (done, total) => {
        // The first call reports what was already done (a resumed sweep).
        progress ??= createProgress({ stream: io.stderr, enabled: io.stderrIsTTY, now, label: sweep.name, unit: 'runs', initial: done, delayMs: 0 });
        progress.update(done, total);
      },
    });
  } finally {
    progress?.finish();
    process.removeListener('SIGINT', onSigint);
  }
  const where = displayPath(io.cwd, out);
  const rate = result.wallTimeSeconds > 0 ? result.ran / result.wallTimeSeconds : 0;
  const summary =
    `${sweep.name}${shardSuffix}: ${result.completed + result.failed}/${result.runs} runs done` +
    ` (${result.ran} now, ${result.skipped} before; ${result.failed} failed) in ${result.wallTimeSeconds.toFixed(1)} s` +
    (rate > 0 ? `, ${rate.toFixed(2)} runs/s` : '') +
    `; results in ${where}/runs.csv`;
  io.stdout.write(summary + '\n');
  if (result.aborted) {
    io.stderr.write(`interrupted: continue with --resume --out ${where}\n`);
    return INTERRUPTED;
  }
  if (result.failed > 0) throw runError(`${result.failed} run(s) failed; their errors are in ${where}/errors.csv`);
  return 0;
}

export async function mergeCommand(command: Extract<Command, { kind: 'merge' }>, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const { mergeShards } = await import('../../experiments/merge.ts');
  if (command.dirs.length === 0) throw inputError('merge needs at least one shard folder');
  const out = resolve(io.cwd, command.out);
  const r = mergeShards(
    command.dirs.map((d) => resolve(io.cwd, d)),
    out,
    { program: ctx.program },
  );
  io.stdout.write(
    `merged ${r.inputs} folder(s) into ${displayPath(io.cwd, out)}: ${r.completed + r.failed}/${r.runsTotal} runs (${r.failed} failed), sweep ${r.hash.slice(0, 12)}\n`,
  );
}
