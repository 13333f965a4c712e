/**
 * `report <results-dir> [--out DIR]`, and the `--report` flag of run,
 * compare and sweep: charts (Vega-Lite, SVG, PNG) and report.html from a
 * results folder (src/report/report.ts does the work).
 */
import { resolve } from 'node:path';
import { inputError } from '../../core/errors.ts';
import type { Target } from '../../experiments/calibrate.ts';
import { defineCommand } from '../command.ts';
import { out, positional, targetOptions, text, type TargetFlags } from '../options.ts';
import { type CommandContext, displayPath } from './context.ts';

/**
 * Charts and report.html of a results folder; out undefined = the results
 * folder itself; target: observed values to overlay (a fit chart).
 */
export interface ReportConfig {
  results: string;
  out: string | undefined;
  target: (TargetFlags & { file: string }) | undefined;
}

/** The flags as typed: the target's file and the three flags that say how to read it side by side. */
type ReportFlags = Omit<ReportConfig, 'target'> & { target: string | undefined } & TargetFlags;

export const reportCommand = defineCommand<'report', ReportConfig, ReportFlags>({
  name: 'report',
  description: 'Write charts (Vega-Lite, SVG, PNG) and a self-contained report.html for a results folder',
  options: {
    results: positional('Output folder of run, compare, sweep or merge', 'results folder'),
    out: out('the results folder', 'Where to write the report'),
    target: text('target', 'Observed trajectory to overlay on its metric (a fit chart): CSV as for calibrate'),
    ...targetOptions(),
  },
  finish({ results, out, target, column, metric, scale }, hint) {
    if (target === undefined && (column !== undefined || metric !== undefined || scale !== undefined)) {
      throw inputError(`--column, --metric and --scale describe a --target file; give --target FILE.csv. ${hint}`);
    }
    return { results, out, target: target === undefined ? undefined : { file: target, column, metric, scale } };
  },
  async run(command, ctx) {
    const dir = resolve(ctx.io.cwd, command.results);
    let target: Target | undefined;
    if (command.target) {
      const { loadTarget } = await import('../../experiments/calibrate.ts');
      target = loadTarget(resolve(ctx.io.cwd, command.target.file), command.target);
    }
    await writeReportFor(dir, resolve(ctx.io.cwd, command.out ?? command.results), ctx, target);
  },
});

/** Writes the report of `resultsDir` into `outDir` and says where it is. */
export async function writeReportFor(resultsDir: string, outDir: string, ctx: CommandContext, target?: Target): Promise<void> {
  const { writeReport } = await import('../../report/report.ts');
  const r = await writeReport(resultsDir, outDir, target === undefined ? {} : { target });
  for (const w of r.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
  ctx.io.stdout.write(`report: ${displayPath(ctx.io.cwd, resolve(outDir, 'report.html'))} (${r.files.length} files)\n`);
}
