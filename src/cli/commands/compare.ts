/**
 * `compare <scenarios..>`: run every scenario with the same seed and
 * replicates (common random numbers), print the table of means and paired
 * differences, and write comparison.csv, differences.csv and manifest.json.
 */
import { basename, resolve } from 'node:path';
import { createProgress } from '../progress.ts';
import { toCsv } from '../../report/csv.ts';
import { canonicalJson, sha256Hex } from '../../report/json.ts';
import { writeFilesAtomically } from '../../report/write.ts';
import type { Command } from '../args.ts';
import { type CommandContext, displayPath, safeDirName, scenarioPath } from './context.ts';

export async function compareCommand(command: Extract<Command, { kind: 'compare' }>, ctx: CommandContext): Promise<void> {
  const { io, program, now } = ctx;
  const { loadScenarioFile } = await import('../../scenario/scenario.ts');
  const { runComparison, uniqueLabels } = await import('../../experiments/compare.ts');
  const { renderComparisonTable } = await import('../../report/compare-table.ts');

  // Every file is validated before anything runs; problems of all files are reported together.
  const scenarios = command.scenarios.map((f) => loadScenarioFile(scenarioPath(io, f), command.overrides));
  const first = scenarios[0]!;
  const seed = command.seed ?? first.seed;
  const replicates = command.replicates ?? first.replicates;
  const labels = uniqueLabels(
    scenarios.map((s) => s.name),
    command.scenarios.map((f) => basename(f)),
  );

  const started = now();
  const progress = createProgress({ stream: io.stderr, enabled: io.stderrIsTTY, now, label: 'compare' });
  let out;
  try {
    out = runComparison(scenarios, { seed, replicates, labels, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.finish();
  }
  const table = renderComparisonTable(out.summary, { seed, years: command.years });
  const manifest = {
    program: program.name,
    version: program.version,
    node: process.version,
    command: 'compare',
    seed,
    replicates,
    overrides: command.overrides,
    scenarios: scenarios.map((s, k) => ({
      label: labels[k],
      file: command.scenarios[k],
      scenario_hash: sha256Hex(canonicalJson(s)),
      scenario: s,
    })),
    wall_time_seconds: Math.round(now() - started) / 1000,
  };
  const outDir = resolve(io.cwd, command.out ?? `outputs/${safeDirName(`compare-${labels.join('-vs-')}`).slice(0, 100)}`);
  writeFilesAtomically(outDir, {
    'comparison.csv': toCsv(out.comparison, out.comparisonColumns),
    'differences.csv': toCsv(out.differences, out.differencesColumns),
    'manifest.json': JSON.stringify(manifest, null, 2) + '\n',
  });
  io.stdout.write(table.endsWith('\n') ? table : table + '\n');
  io.stdout.write(`outputs written to ${displayPath(io.cwd, outDir)}\n`);
}
