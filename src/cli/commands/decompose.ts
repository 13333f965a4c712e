/**
 * `decompose <scenario-a> <scenario-b>`: which channels carry the difference
 * b − a. The channels are the fields in which the scenarios differ, and, when
 * the arrangement differs, the places of the symmetry audit
 * (experiments/channels.ts); each is switched one at a time in a
 * Shapley-style average over orders (experiments/decompose.ts), every run
 * with the same seed (common random numbers) on the worker pool. Writes
 * contributions.csv and manifest.json as one set and prints the final year.
 */
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { inputError } from '../../core/errors.ts';
import { toCsv } from '../../io/csv.ts';
import { canonicalJson, sha256Hex } from '../../io/json.ts';
import { claimOutputFolder } from '../../io/folder-set.ts';
import { manifestHeader } from '../../experiments/manifest.ts';
import type { TaskPool } from '../../experiments/pool.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { defineCommand } from '../command.ts';
import { createProgress } from '../progress.ts';
import { flag, integer, out, positionals, replicates, seed, set, workers } from '../options.ts';
import { type CommandContext, displayPath, safeDirName, scenarioPath } from './context.ts';

export interface DecomposeConfig {
  scenarios: string[];
  /** undefined = scenario a's `seed` / `replicates`. */
  seed: number | undefined;
  replicates: number | undefined;
  /** Orders sampled when there are more channels than the exact average covers. */
  orders: number | undefined;
  out: string | undefined;
  overrides: string[];
  workers: number | undefined;
  /** Also write the waterfall charts (Vega-Lite spec and SVG). */
  report: boolean;
}

/** Metrics drawn as waterfalls with --report. */
export const WATERFALL_METRICS = ['headcount_ratio', 'income_mean'];

/** Sampled orders by default (more than EXACT_MAX_CHANNELS channels). */
export const DEFAULT_ORDERS = 8;

export const decomposeCommand = defineCommand<'decompose', DecomposeConfig>({
  name: 'decompose',
  description: 'Shapley decomposition of the difference between two scenarios into the channels that carry it (common random numbers)',
  options: {
    scenarios: positionals('Scenario a (from) and scenario b (to): contributions add up to b - a', 2, (n) => `decompose needs two scenario files, got ${n}`),
    seed: seed('Random seed shared by every run', "scenario a's"),
    replicates: replicates('Replicates per subset of channels', "scenario a's"),
    orders: integer('orders', 'Orders of the channels sampled when there are more than 6 channels (fewer: exact over all orders)', 1, 10_000, { default: String(DEFAULT_ORDERS) }),
    out: out('outputs/decompose-<a>-vs-<b>/'),
    overrides: set('Override a field in both scenarios: path=value (repeatable)'),
    workers: workers(),
    report: flag('Also write waterfall charts of the final year (waterfall-<metric>.vl.json and .svg) and report.html (the table and the charts)'),
  },
  run: (config, ctx) => decompose(config, ctx),
});

export async function decompose(command: DecomposeConfig, ctx: CommandContext, hooks: { pool?: TaskPool } = {}): Promise<void> {
  const { io, program, now } = ctx;
  if (command.scenarios.length !== 2) throw inputError(`decompose needs exactly two scenario files, got ${command.scenarios.length}. Try 'sim decompose --help'`);
  const { loadScenarioFile } = await import('../../scenario/scenario.ts');
  const { checkYears, crnDifferences, uniqueLabels } = await import('../../experiments/compare.ts');
  const { runDecomposition, CONTRIBUTION_COLUMNS, TOTAL_CHANNEL } = await import('../../experiments/decompose-run.ts');
  const { renderDecomposeTable } = await import('../../report/decompose-table.ts');
  const { createThreadPool } = await import('../../experiments/pool.ts');

  const [a, b] = command.scenarios.map((f) => loadScenarioFile(scenarioPath(io, f), command.overrides)) as [Scenario, Scenario];
  const labels = uniqueLabels([a.name, b.name], command.scenarios.map((f) => basename(f))) as [string, string];
  checkYears([a, b], labels);
  if (a.time.start_year !== b.time.start_year || a.time.end_year !== b.time.end_year) {
    throw inputError(`decompose: the scenarios must simulate the same years ('${labels[0]}' ${a.time.start_year}–${a.time.end_year}, '${labels[1]}' ${b.time.start_year}–${b.time.end_year})`);
  }
  const unpaired = crnDifferences([a, b]);
  if (unpaired.length > 0) {
    io.stderr.write(`warning: the scenarios differ in ${unpaired.join(', ')}, which shape the synthetic households or the shocks they meet; runs are not paired on the same households and shocks\n`);
  }
  const seedValue = command.seed ?? a.seed;
  const reps = command.replicates ?? a.replicates;
  const orders = command.orders ?? DEFAULT_ORDERS;

  const outDir = resolve(io.cwd, command.out ?? `outputs/${safeDirName(`decompose-${labels.join('-vs-')}`).slice(0, 100)}`);
  const folder = claimOutputFolder(outDir, { command: 'decompose', owns: ['contributions.csv', 'manifest.json', 'report.html', ...WATERFALL_METRICS.flatMap((m) => [`waterfall-${m}.vl.json`, `waterfall-${m}.svg`])] });
  const pool = hooks.pool ?? createThreadPool(command.workers ?? availableParallelism());
  try {
    const started = now();
    const progress = createProgress({ stream: io.stderr, enabled: io.stderrIsTTY, now, label: 'decompose', columns: io.stderrColumns });
    let result;
    try {
      result = await runDecomposition(a, b, { seed: seedValue, replicates: reps, orders, pool, onProgress: (done, total) => progress.update(done, total) });
    } finally {
      progress.finish();
    }
    const ordersNote = result.exact ? `exact over all ${result.orders.length} orders` : `${result.orders.length} sampled orders (seeded, antithetic pairs)`;
    const manifest = {
      ...manifestHeader(program, 'decompose'),
      seed: seedValue,
      replicates: reps,
      overrides: command.overrides,
      difference: `${labels[1]} - ${labels[0]}`,
      channels: result.channels.map((c) => ({ name: c.name, kind: c.kind, paths: c.paths })),
      orders: { exact: result.exact, count: result.orders.length, list: result.orders },
      subsets_run: result.subsets,
      runs: result.subsets * reps,
      ...(unpaired.length === 0 ? {} : { common_random_numbers: { holds: false, differing: unpaired } }),
      scenarios: [a, b].map((s, k) => ({ label: labels[k], file: command.scenarios[k], scenario_hash: sha256Hex(canonicalJson(s)), scenario: s })),
      wall_time_seconds: Math.round(now() - started) / 1000,
    };
    const finalYear = result.years[result.years.length - 1]!;
    const charts: Record<string, string> = {};
    const svgs: Record<string, string> = {};
    if (command.report) {
      const { waterfallChart } = await import('../../report/waterfall.ts');
      const { renderSvg } = await import('../../report/render.ts');
      for (const metric of WATERFALL_METRICS.filter((m) => result.metrics.includes(m))) {
        const chart = waterfallChart(result.rows, { year: finalYear, metric, labels, total: TOTAL_CHANNEL });
        charts[`${chart.name}.vl.json`] = JSON.stringify(chart.spec, null, 2) + '\n';
        charts[`${chart.name}.svg`] = (await renderSvg(chart.spec)).svg;
        svgs[metric] = charts[`${chart.name}.svg`]!;
      }
      const { renderDecomposeHtml } = await import('../../report/decompose-html.ts');
      const sets = command.overrides.map((o) => ` --set '${o}'`).join('');
      charts['report.html'] = renderDecomposeHtml({
        rows: result.rows, year: finalYear, labels, seed: seedValue, replicates: reps, ordersNote, charts: svgs,
        command: `npx sim decompose ${command.scenarios.join(' ')} --seed ${seedValue} --replicates ${reps} --orders ${orders}${sets} --report`,
      });
    }
    folder.write({
      'contributions.csv': toCsv(result.rows, CONTRIBUTION_COLUMNS),
      'manifest.json': JSON.stringify(manifest, null, 2) + '\n',
      ...charts,
    });
    io.stdout.write(renderDecomposeTable(result.rows, { year: finalYear, labels, seed: seedValue, replicates: reps, ordersNote }));
    io.stdout.write(`outputs written to ${displayPath(io.cwd, outDir)}\n`);
  } finally {
    if (!hooks.pool) await pool.close();
    folder.release();
  }
}
