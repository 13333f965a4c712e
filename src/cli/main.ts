/**
 * The CLI's dispatcher: parse, run the command, map errors to exit codes.
 *   0 success · 1 a run that failed (or an internal error) · 2 bad input.
 * Bad input never shows a stack trace; internal errors show one only with DEBUG set.
 * A stopped sweep returns its own status (130, 143, 129: commands/sweep.ts).
 */
import { performance } from 'node:perf_hooks';
import { formatProblem, SimError } from '../core/errors.ts';
import { parseArgs } from './args.ts';
import { commandNamed } from './commands/index.ts';
import type { Io } from './commands/context.ts';
import { readProgramInfo } from '../experiments/program.ts';

export type { Io, ProcessSignals } from './commands/context.ts';

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const program = readProgramInfo();
    const command = parseArgs(argv, program);
    if (command.kind === 'print') {
      io.stdout.write(command.text.endsWith('\n') ? command.text : command.text + '\n');
      return 0;
    }
    return await commandNamed(command.kind)!.run(command, { io, program, now: io.now ?? (() => performance.now()) });
  } catch (e) {
    return reportError(e, io);
  }
}

function reportError(e: unknown, io: Io): number {
  if (e instanceof SimError) {
    io.stderr.write(`error: ${e.message}\n`);
    for (const p of e.problems) io.stderr.write(formatProblem(p) + '\n');
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`internal error: ${message}\n`);
  if (io.env?.['DEBUG'] && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
  return 1;
}
