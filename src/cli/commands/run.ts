/**
 * `run <scenario>`: run one scenario's replicates and write trajectory.csv,
 * ledger.csv, summary.json and manifest.json into outputs/<name>/ (or --out),
 * with a summary of the final year on stdout.
 */
import { resolve } from 'node:path';
import { summarise } from '../../metrics/summary.ts';
import { formatNumber, formatYuan, toCsv } from '../../io/csv.ts';
import { canonicalJson, sha256Hex } from '../../io/json.ts';
import { claimOutputFolder } from '../../io/folder-set.ts';
import { defineCommand } from '../command.ts';
import { out, positional, replicates, reportFlag, seed, set, text, workers } from '../options.ts';
import { createProgress } from '../progress.ts';
import { writeReportFor } from './report.ts';
import { displayPath, safeDirName, scenarioPath } from './context.ts';
import { manifestHeader } from '../../experiments/manifest.ts';

export interface RunConfig {
  scenario: string;
  /** undefined = use the scenario file's `seed` / `replicates`. */
  seed: number | undefined;
  replicates: number | undefined;
  /** undefined = outputs/<scenario name>/ */
  out: string | undefined;
  overrides: string[];
  /** Also write charts and report.html into the output folder. */
  report: boolean;
  /** A calibration (output folder or calibrated.yaml): each replicate draws its parameters from its posterior. */
  posterior: string | undefined;
  /** Worker threads, one replicate per task; undefined = the number of cores, 1 = this thread. */
  workers: number | undefined;
}

export const runCommand = defineCommand<'run', RunConfig>({
  name: 'run',
  description: 'Run a scenario and write outputs/<name>/',
  options: {
    scenario: positional('Scenario file (YAML or JSON)', 'scenario file', 'scenario'),
    seed: seed('Base random seed, an integer', "the scenario's seed"),
    replicates: replicates('Number of replicates, an integer', "the scenario's"),
    out: out('outputs/<scenario name>/'),
    overrides: set(),
    report: reportFlag(),
    posterior: text('posterior', "Each replicate runs with parameters drawn from this calibration's posterior (a calibrate output folder or its calibrated.yaml)"),
    // 1 by default: a worker thread pays about a second of start-up (the TypeScript loader), more
    // than a replicate of a county-sized run; sweeps amortise it, a run of a few replicates does not.
    workers: workers('1 (this thread)'),
  },
  async run(command, ctx) {
    const { io, program, now } = ctx;
    // Loaded on demand so --help/--version start fast and work without the model.
    const { loadScenarioFile } = await import('../../scenario/scenario.ts');
    const { assembleRun, runReplicates, runScenarioOn } = await import('../../experiments/replicates.ts');
    const { dataPackageText, runDataPackage } = await import('../../report/data-dictionary.ts');

    const scenario = await loadScenarioFile(scenarioPath(io, command.scenario), command.overrides);
    const seed = command.seed ?? scenario.seed;
    const replicates = command.replicates ?? scenario.replicates;

    // The output place is checked (and locked) before the simulation, not after it.
    const outDir = resolve(io.cwd, command.out ?? `outputs/${safeDirName(scenario.name)}`);
    const folder = claimOutputFolder(outDir, { command: 'run', owns: RUN_FILES });
    try {
      const started = now();
      const progress = createProgress({ stream: io.stderr, enabled: io.stderrIsTTY, now, label: scenario.name, columns: io.stderrColumns });
      let output;
      let posteriorDraws: { source: string; parameters: string[]; particles: number[][] } | undefined;
      try {
        const workers = command.workers ?? 1;
        const onProgress = (done: number, total: number) => progress.update(done, total);
        if (command.posterior === undefined) output = await runScenarioOn(scenario, { seed, replicates, workers, onProgress });
        else {
          const { readPosterior, posteriorScenarios } = await import('../../experiments/abc/posterior-runs.ts');
          const { readTextFile } = await import('../../scenario/load.ts');
          const file = scenarioPath(io, command.scenario);
          const posterior = readPosterior(resolve(io.cwd, command.posterior));
          // One particle per replicate: each task carries its replicate's scenario.
          const drawn = posteriorScenarios({ scenarioText: readTextFile(file), scenarioFile: file, set: command.overrides, posterior, seed, replicates });
          const jobs = drawn.scenarios.map((s, replicate) => ({ scenario: s, seed, replicate }));
          output = assembleRun(await runReplicates(jobs, { workers, onProgress }));
          posteriorDraws = { source: command.posterior, parameters: posterior.paths, particles: drawn.draws.map((k) => posterior.particles[k]!.values) };
        }
      } finally {
        progress.finish();
      }
      const wallTimeSeconds = Math.round(now() - started) / 1000;

      // Everything is rendered before anything is written: a failure here writes nothing.
      const summary = summarise(output.trajectory, { headline: output.headline });
      const manifest = {
        ...manifestHeader(program, 'run'),
        scenario_file: command.scenario,
        scenario_name: scenario.name,
        scenario_hash: sha256Hex(canonicalJson(scenario)),
        seed,
        replicates,
        overrides: command.overrides,
        ...(posteriorDraws ? { posterior: posteriorDraws } : {}),
        wall_time_seconds: wallTimeSeconds,
        scenario,
      };
      folder.write({
        'trajectory.csv': toCsv(output.trajectory, output.trajectoryColumns),
        'ledger.csv': toCsv(output.ledger, output.ledgerColumns, { amount_yuan: formatYuan }),
        'summary.json': JSON.stringify(summary, null, 2) + '\n',
        'manifest.json': JSON.stringify(manifest, null, 2) + '\n',
        'datapackage.json': dataPackageText(runDataPackage(scenario.name)),
      });

      const lines = [
        `${scenario.name}: ${replicates} replicate${replicates === 1 ? '' : 's'}, seed ${seed}, final year ${summary.final_year}`,
      ];
      for (const [metric, iv] of Object.entries(summary.final)) {
        lines.push(`  ${metric}: ${short(iv.mean)} (95% CI ${short(iv.lo)} to ${short(iv.hi)})`);
      }
      lines.push(`outputs written to ${displayPath(io.cwd, outDir)}`);
      io.stdout.write(lines.join('\n') + '\n');
      if (command.report) await writeReportFor(outDir, outDir, ctx);
    } finally {
      folder.release();
    }
  },
});

/** What `run` writes; a folder holding one of them is an earlier run, replaced as a whole. */
const RUN_FILES = ['trajectory.csv', 'ledger.csv', 'summary.json', 'manifest.json', 'datapackage.json', 'report.html'];

function short(x: number): string {
  return formatNumber(Number(x.toPrecision(4)));
}
