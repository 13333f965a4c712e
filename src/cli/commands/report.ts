/**
 * `report <results-dir> [--out DIR]`, and the `--report` flag of run,
 * compare and sweep: charts (Vega-Lite, SVG, PNG) and report.html from a
 * results folder (src/report/report.ts does the work).
 */
import { resolve } from 'node:path';
import type { Command } from '../args.ts';
import type { Target } from '../../experiments/calibrate.ts';
import { type CommandContext, displayPath } from './context.ts';

/** Writes the report of `resultsDir` into `outDir` and says where it is. */
export async function writeReportFor(resultsDir: string, outDir: string, ctx: CommandContext, target?: Target): Promise<void> {
  const { writeReport } = await import('../../report/report.ts');
  const r = await writeReport(resultsDir, outDir, target === undefined ? {} : { target });
  for (const w of r.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
  ctx.io.stdout.write(`report: ${displayPath(ctx.io.cwd, resolve(outDir, 'report.html'))} (${r.files.length} files)\n`);
}

export async function reportCommand(command: Extract<Command, { kind: 'report' }>, ctx: CommandContext): Promise<void> {
  const dir = resolve(ctx.io.cwd, command.results);
  let target: Target | undefined;
  if (command.target) {
    const { loadTarget } = await import('../../experiments/calibrate.ts');
    target = loadTarget(resolve(ctx.io.cwd, command.target.file), command.target);
  }
  await writeReportFor(dir, resolve(ctx.io.cwd, command.out ?? command.results), ctx, target);
}
