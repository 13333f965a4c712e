/**
 * `compare <scenarios..>`: run every scenario with the same seed and
 * replicates (common random numbers), print the table of means and paired
 * differences, and write comparison.csv, differences.csv and manifest.json.
 * Scenarios that differ in what makes the synthetic households and shocks
 * (experiments/compare.ts CRN_SECTIONS) get a warning on stderr and a note in
 * the manifest: the comparison still runs, but its pairing is weaker.
 */
import { basename, resolve } from 'node:path';
import { inputError, SimError, type Problem } from '../../core/errors.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { createProgress } from '../progress.ts';
import { toCsv } from '../../io/csv.ts';
import { canonicalJson, sha256Hex } from '../../io/json.ts';
import { claimOutputFolder } from '../../io/folder-set.ts';
import { defineCommand } from '../command.ts';
import { json, type Option, out, positionals, quiet, replicates, reportFlag, seed, set, single, workers } from '../options.ts';
import { writeReportFor } from './report.ts';
import { type CommandContext, displayPath, safeDirName, scenarioPath, writeJson } from './context.ts';
import { manifestHeader } from '../../experiments/manifest.ts';
import type { Comparison } from '../../experiments/compare.ts';
import type { Interval } from '../../metrics/intervals.ts';

export interface CompareConfig {
  scenarios: string[];
  /** undefined = the first scenario's `seed` / `replicates`. */
  seed: number | undefined;
  replicates: number | undefined;
  out: string | undefined;
  /** Extra year range for the printed table. */
  years: { from: number; to: number } | undefined;
  /** Applied to every scenario. */
  overrides: string[];
  report: boolean;
  quiet: boolean;
  json: boolean;
  /** Worker threads, one scenario x replicate per task; undefined = the number of cores, 1 = this thread. */
  workers: number | undefined;
}

/** `--years 2015-2020` or `--years 2018` → {from, to}. */
const yearsOption: Option<CompareConfig['years']> = {
  kind: 'string',
  description: 'Also print every year of a range, e.g. 2015-2020',
  parse: (raw, hint) => {
    const text = single(raw, '--years', hint);
    if (text === undefined) return undefined;
    const m = /^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$/.exec(text);
    if (!m) throw inputError(`--years must be a year or a range like 2015-2020, got '${text}'. ${hint}`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw inputError(`--years range ends before it starts: '${text}'. ${hint}`);
    return { from, to };
  },
};

export const compareCommand = defineCommand<'compare', CompareConfig>({
  name: 'compare',
  description: 'Run two or more scenarios with the same seed (common random numbers) and report paired differences',
  options: {
    scenarios: positionals('Two or more scenario files', 2, (n) => `compare needs at least two scenario files, got ${n}`),
    seed: seed('Random seed shared by every scenario', "the first scenario's"),
    replicates: replicates('Replicates per scenario', "the first scenario's"),
    out: out('outputs/compare-<names>/'),
    years: yearsOption,
    overrides: set('Override a field in every scenario: path=value (repeatable)'),
    report: reportFlag(),
    quiet: quiet(),
    json: json(),
    // 1 by default: a worker thread pays about a second of start-up (the TypeScript loader), more
    // than a replicate of a county-sized run; sweeps amortise it, a run of a few replicates does not.
    workers: workers('1 (this thread)'),
  },
  run: compare,
});

async function compare(command: CompareConfig, ctx: CommandContext): Promise<void> {
  const { io, program, now } = ctx;
  const { loadScenarioFile } = await import('../../scenario/scenario.ts');
  const { checkYears, crnDifferences, runComparisonOn, uniqueLabels } = await import('../../experiments/compare.ts');
  const { renderComparisonTable } = await import('../../report/compare-table.ts');
  const { compareDataPackage, dataPackageText } = await import('../../report/data-dictionary.ts');

  // Every file is validated before anything runs; problems of all files are reported together.
  const scenarios: Scenario[] = [];
  const failures: { file: string; error: SimError }[] = [];
  for (const file of command.scenarios) {
    try {
      scenarios.push(loadScenarioFile(scenarioPath(io, file), command.overrides));
    } catch (e) {
      if (!(e instanceof SimError) || e.exitCode !== 2) throw e;
      failures.push({ file, error: e });
    }
  }
  if (failures.length === 1) throw failures[0]!.error;
  if (failures.length > 1) {
    const problems: Problem[] = failures.flatMap(({ file, error }) => (error.problems.length > 0 ? error.problems : [{ file, path: '', message: error.message }]));
    throw inputError(`compare: ${failures.length} of ${command.scenarios.length} scenario files have problems (${failures.map((f) => f.file).join(', ')})`, problems);
  }
  const first = scenarios[0]!;
  const seed = command.seed ?? first.seed;
  const replicates = command.replicates ?? first.replicates;
  const labels = uniqueLabels(
    scenarios.map((s) => s.name),
    command.scenarios.map((f) => basename(f)),
  );
  checkYears(scenarios, labels, command.years);
  const unpaired = crnDifferences(scenarios);
  if (unpaired.length > 0) {
    io.stderr.write(
      `warning: the scenarios differ in ${unpaired.join(', ')}, which shape the synthetic households or the shocks they meet; ` +
        'replicates are not paired on the same households and shocks (no common random numbers), so the paired intervals may be too narrow\n',
    );
  }

  // The output place is checked (and locked) before the runs, not after them.
  const outDir = resolve(io.cwd, command.out ?? `outputs/${safeDirName(`compare-${labels.join('-vs-')}`).slice(0, 100)}`);
  const folder = claimOutputFolder(outDir, { command: 'compare', owns: ['comparison.csv', 'differences.csv', 'manifest.json', 'datapackage.json', 'report.html'] });
  try {
    const started = now();
    const progress = createProgress({ stream: io.stderr, enabled: io.stderrIsTTY && !command.quiet, now, label: 'compare', columns: io.stderrColumns });
    let out;
    try {
      const workers = command.workers ?? 1;
      out = await runComparisonOn(scenarios, { seed, replicates, labels, workers, onProgress: (done, total) => progress.update(done, total) });
    } finally {
      progress.finish();
    }
    const table = renderComparisonTable(out.summary, { seed, years: command.years, unpaired });
    const manifest = {
      ...manifestHeader(program, 'compare'),
      seed,
      replicates,
      overrides: command.overrides,
      ...(unpaired.length === 0
        ? {}
        : { common_random_numbers: { holds: false, differing: unpaired, note: 'the scenarios differ in sections that shape the synthetic households or shocks; replicates are not paired on them' } }),
      scenarios: scenarios.map((s, k) => ({
        label: labels[k],
        file: command.scenarios[k],
        scenario_hash: sha256Hex(canonicalJson(s)),
        scenario: s,
      })),
      wall_time_seconds: Math.round(now() - started) / 1000,
    };
    folder.write({
      'comparison.csv': toCsv(out.comparison, out.comparisonColumns),
      'differences.csv': toCsv(out.differences, out.differencesColumns),
      'manifest.json': JSON.stringify(manifest, null, 2) + '\n',
      'datapackage.json': dataPackageText(compareDataPackage(labels)),
    });
    if (command.json) {
      writeJson(io, compareJson(out.summary, { seed, replicates, years: command.years, unpaired, outputs: displayPath(io.cwd, outDir) }));
    } else if (!command.quiet) {
      io.stdout.write(table.endsWith('\n') ? table : table + '\n');
      io.stdout.write(`outputs written to ${displayPath(io.cwd, outDir)}\n`);
    }
    if (command.report) await writeReportFor(outDir, outDir, ctx);
  } finally {
    folder.release();
  }
}

/**
 * What `compare --json` prints (documented in the README): the numbers of
 * the text table (final year, and every year of --years), with null for a
 * missing p-value and `clipped` where an interval was cut at the possible values.
 */
export function compareJson(
  c: Comparison,
  o: { seed: number; replicates: number; years: { from: number; to: number } | undefined; unpaired: readonly string[]; outputs: string },
): unknown {
  const shown = (year: number) => year === c.finalYear || (o.years !== undefined && year >= o.years.from && year <= o.years.to);
  const interval = (i: Interval) => ({ mean: i.mean, lo: i.lo, hi: i.hi, clipped: i.clipped === true });
  return {
    scenarios: c.labels,
    seed: o.seed,
    replicates: o.replicates,
    final_year: c.finalYear,
    common_random_numbers: o.unpaired.length === 0,
    unpaired_sections: o.unpaired,
    outputs: o.outputs,
    means: c.arms.filter((a) => shown(a.year)).map((a) => ({ scenario: a.scenario, year: a.year, metric: a.metric, ...interval(a.interval) })),
    differences: c.pairs
      .filter((p) => shown(p.year))
      .map((p) => ({ scenario_a: p.scenario_a, scenario_b: p.scenario_b, year: p.year, metric: p.metric, ...interval(p.difference), p_value: p.difference.p, replicates: p.difference.n })),
  };
}
