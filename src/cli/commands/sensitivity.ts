/**
 * `sensitivity <file>`: global sensitivity analysis, Morris screening or
 * Sobol indices (src/experiments/sensitivity/ does the work). Its runs are a
 * sweep's: progress bar, stop signals, --resume and --shard behave as in
 * `sweep` (sweep.ts); shards are combined by `merge`, and then
 * `sensitivity <file> --resume --out <merged>` writes the indices without
 * running anything again. --json prints the indices as one JSON document
 * (SensitivityJson); --quiet prints nothing on stdout and shows no progress.
 */
import { defineCommand } from '../command.ts';
import { flag, json, out, positional, quiet, reportFlag, shard, workers } from '../options.ts';
import { type CommandContext, displayPath, scenarioPath, writeJson } from './context.ts';
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
  quiet: boolean;
  json: boolean;
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
    quiet: quiet(),
    json: json(),
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
  // --json: one document at the end instead of the text lines; --quiet: neither. Messages on stderr stay.
  const say = (text: string) => {
    if (!command.json && !command.quiet) io.stdout.write(text);
  };
  const doc: SensitivityJson = { name: sens.name, method: sens.method.kind, seed: sens.seed, replicates: sens.replicates, analysed: false, outputs: where };
  const finish = (code: number) => {
    if (command.json) writeJson(io, doc);
    return code;
  };

  const { result, received } = await runResumable(
    io, where, sens.name, now,
    ({ signal, onProgress }) => runSensitivity(sens, { out, workers: command.workers, resume: command.resume, shard, signal, now, program: ctx.program, onProgress }),
    { quiet: command.quiet },
  );
  const s = result.sweep;
  doc.wall_time_seconds = result.wallTimeSeconds;
  if (s) {
    doc.runs = { total: s.runs, done: s.completed + s.failed, ran: s.ran, skipped: s.skipped, failed: s.failed };
    if (shard && shard.count > 1) doc.shard = { index: shard.index, count: shard.count };
    say(
      `${sens.name}${shardSuffix(shard)}: ${s.completed + s.failed}/${s.runs} runs done (${s.ran} now, ${s.skipped} before; ${s.failed} failed)` +
        ` in ${result.wallTimeSeconds.toFixed(1)} s; runs in ${where}/runs.csv\n`,
    );
    if (s.aborted) {
      const signal = received ?? 'SIGINT';
      io.stderr.write(`interrupted (${signal}): continue with --resume --out ${where}\n`);
      return finish(STOP_SIGNALS[signal]);
    }
    if (s.lost.length > 0) {
      io.stderr.write(`interrupted: ${s.lost.length} run(s) could not complete: ${s.lost[0]!.reason} (out of memory?); continue with --resume --out ${where}, perhaps with fewer --workers\n`);
      return finish(INTERRUPTED);
    }
    if (command.format === 'parquet') await writeRunsParquet(out, 'sensitivity');
    if (!result.analysed) {
      say(`shard ${shard?.index}/${shard?.count} done: merge the shards (merge DIR... --out M), then: sensitivity ${command.file} --resume --out M\n`);
      return finish(0);
    }
  }
  if (!s && command.format === 'parquet') await writeRunsParquet(out, 'sensitivity');
  if (!s) say(`${sens.name}: ${sens.points.length} evaluations of ${sens.model!.name} in ${result.wallTimeSeconds.toFixed(1)} s\n`);
  const key = sens.method.kind === 'morris' ? 'mu*' : 'ST';
  doc.analysed = true;
  doc.ranked_by = sens.method.kind === 'morris' ? 'mu_star' : 'ST';
  doc.metrics = [];
  for (const m of sens.metrics) {
    const ranked = ranking(result.indices, m.name, sens.method.kind);
    const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : 'n/a');
    say(`${m.name}, by ${key}: ${ranked.map((r) => `${r.parameter} ${fmt(r.value)} [${fmt(r.lo)}, ${fmt(r.hi)}]`).join('; ')}\n`);
    const seed = result.indices.find((r) => r.metric === m.name && r.index === 'seed_share_mean');
    if (seed) {
      const warn = seed.value > 0.2 ? ' (large: more replicates would sharpen the indices)' : '';
      say(`  share of the variance of the replicate means from the seed: ${fmt(seed.value)}${warn}\n`);
    }
    doc.metrics.push({
      metric: m.name,
      ranking: ranked.map((r) => r.parameter),
      seed_share_mean: seed?.value ?? null,
      indices: result.indices.filter((r) => r.metric === m.name).map((r) => ({ parameter: r.parameter, index: r.index, value: r.value, lo: r.lo, hi: r.hi })),
    });
  }
  say(`indices in ${where}/indices.csv (convergence.csv, sensitivity.json, salib/)\n`);
  if (command.report) {
    const { writeSensitivityReport } = await import('../../experiments/sensitivity/report.ts');
    const file = writeSensitivityReport(out);
    doc.report = displayPath(io.cwd, file);
    say(`report: ${doc.report}\n`);
  }
  return finish(0);
}

/**
 * What `sensitivity --json` prints (documented in the README): every index of
 * every metric with its bootstrap interval (the rows of indices.csv, null for
 * a value that is not a number), the parameters by importance, and the runs.
 */
export interface SensitivityJson {
  name: string;
  method: 'morris' | 'sobol';
  seed: number;
  replicates: number;
  /** False for a shard, or a run stopped before every run was done: no indices yet. */
  analysed: boolean;
  outputs: string;
  wall_time_seconds?: number;
  /** Scenario models: the runs of the design (absent for an analytic model). */
  runs?: { total: number; done: number; ran: number; skipped: number; failed: number };
  shard?: { index: number; count: number };
  /** The index the ranking uses. */
  ranked_by?: 'mu_star' | 'ST';
  metrics?: { metric: string; ranking: string[]; seed_share_mean: number | null; indices: { parameter: string; index: string; value: number; lo: number; hi: number }[] }[];
  report?: string;
}
