/**
 * `sensitivity <file>`: global sensitivity analysis, Morris screening or
 * Sobol indices (src/experiments/sensitivity/ does the work). Its runs are a
 * sweep's: progress bar, stop signals, --resume and --shard behave as in
 * `sweep` (sweep.ts); shards are combined by `merge`, and then
 * `sensitivity <file> --resume --out <merged>` writes the indices without
 * running anything again.
 */
import { defineCommand } from '../command.ts';
import { flag, out, positional, reportFlag, shard, workers } from '../options.ts';
import { type CommandContext, displayPath, scenarioPath } from './context.ts';
import { format, type RunsFormat, writeRunsParquet } from './runs-format.ts';
import { INTERRUPTED, resumableOut, runResumable, shardSuffix, STOP_SIGNALS, type SweepConfig } from './sweep.ts';

export interface SensitivityConfig {
  file: string;
  workers: number | undefined;
  /** undefined = outputs/<analysis name>/ (with -shard-i-of-n when sharded). */
  out: string | undefined;
  resume: boolean;
  shard: SweepConfig['shard'];
  report: boolean;
  format: RunsFormat;
}

export const sensitivityCommand = defineCommand<'sensitivity', SensitivityConfig>({
  name: 'sensitivity',
  description: 'Global sensitivity analysis: Morris screening or Sobol indices (resumable, shardable)',
  options: {
    file: positional('Sensitivity file (YAML or JSON)', 'sensitivity file'),
    workers: workers(),
    out: out('outputs/<analysis name>/'),
    resume: flag('Continue an interrupted analysis in --out (or analyse merged shards), skipping completed runs'),
    shard: shard(),
    report: reportFlag(),
    format: format(),
  },
  run: runSensitivityCommand,
});


async function runSensitivityCommand(command: SensitivityConfig, ctx: CommandContext): Promise<number> {
  const { io, now } = ctx;
  const { loadSensitivityFile } = await import('../../experiments/sensitivity/sensitivity-file.ts');
  const { runSensitivity } = await import('../../experiments/sensitivity/run-sensitivity.ts');
  const { ranking } = await import('../../experiments/sensitivity/analysis.ts');
  const shard = command.shard;
  const sens = loadSensitivityFile(scenarioPath(io, command.file), shard ? { shard } : {});
  const out = resumableOut(io.cwd, command.out, sens.name, shard);
  const where = displayPath(io.cwd, out);

  const { result, received } = await runResumable(io, where, sens.name, now, ({ signal, onProgress }) =>
    runSensitivity(sens, { out, workers: command.workers, resume: command.resume, shard, signal, now, program: ctx.program, onProgress }),
  );
  const s = result.sweep;
  if (s) {
    io.stdout.write(
      `${sens.name}${shardSuffix(shard)}: ${s.completed + s.failed}/${s.runs} runs done (${s.ran} now, ${s.skipped} before; ${s.failed} failed)` +
        ` in ${result.wallTimeSeconds.toFixed(1)} s; runs in ${where}/runs.csv\n`,
    );
    if (s.aborted) {
      const signal = received ?? 'SIGINT';
      io.stderr.write(`interrupted (${signal}): continue with --resume --out ${where}\n`);
      return STOP_SIGNALS[signal];
    }
    if (s.lost.length > 0) {
      io.stderr.write(`interrupted: ${s.lost.length} run(s) could not complete: ${s.lost[0]!.reason} (out of memory?); continue with --resume --out ${where}, perhaps with fewer --workers\n`);
      return INTERRUPTED;
    }
    if (command.format === 'parquet') await writeRunsParquet(out, 'sensitivity');
    if (!result.analysed) {
      io.stdout.write(`shard ${shard?.index}/${shard?.count} done: merge the shards (merge DIR... --out M), then: sensitivity ${command.file} --resume --out M\n`);
      return 0;
    }
  }
  if (!s && command.format === 'parquet') await writeRunsParquet(out, 'sensitivity');
  if (!s) io.stdout.write(`${sens.name}: ${sens.points.length} evaluations of ${sens.model!.name} in ${result.wallTimeSeconds.toFixed(1)} s\n`);
  const key = sens.method.kind === 'morris' ? 'mu*' : 'ST';
  for (const m of sens.metrics) {
    const ranked = ranking(result.indices, m.name, sens.method.kind);
    const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : 'n/a');
    io.stdout.write(`${m.name}, by ${key}: ${ranked.map((r) => `${r.parameter} ${fmt(r.value)} [${fmt(r.lo)}, ${fmt(r.hi)}]`).join('; ')}\n`);
    const seed = result.indices.find((r) => r.metric === m.name && r.index === 'seed_share_mean');
    if (seed) {
      const warn = seed.value > 0.2 ? ' (large: more replicates would sharpen the indices)' : '';
      io.stdout.write(`  share of the variance of the replicate means from the seed: ${fmt(seed.value)}${warn}\n`);
    }
  }
  io.stdout.write(`indices in ${where}/indices.csv (convergence.csv, sensitivity.json, salib/)\n`);
  if (command.report) {
    const { writeSensitivityReport } = await import('../../experiments/sensitivity/report.ts');
    const file = writeSensitivityReport(out);
    io.stdout.write(`report: ${displayPath(io.cwd, file)}\n`);
  }
  return 0;
}
