/**
 * `calibrate <scenario> --target <csv> --params <spec>`: fit behavioural and
 * mechanism parameters to an observed trajectory (src/experiments/calibrate.ts
 * does the work) on worker threads, with a progress bar on a terminal and a
 * summary on stdout. Everything is checked (scenario, --set, params spec,
 * target) before the first run; the outputs are written together at the end.
 */
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { claimOutputFolder } from '../../io/folder-set.ts';
import { SCRIPT_NAME } from '../command.ts';
import { defineCommand } from '../command.ts';
import { integer, json, out, quiet, positional, replicates, requiredText, seed, set, targetOptions, type TargetFlags, workers } from '../options.ts';
import { createProgress } from '../progress.ts';
import { type CommandContext, displayPath, safeDirName, scenarioPath } from './context.ts';
import { formatNumber } from '../../io/csv.ts';
import type { TaskPool } from '../../experiments/pool.ts';

/** Runs allowed when --budget is not given. */
export const DEFAULT_CALIBRATE_BUDGET = 200;

export interface CalibrateConfig extends TargetFlags {
  scenario: string;
  /** Observed trajectory: a CSV of year and value columns. */
  target: string;
  /** Parameters to fit and their bounds (YAML or JSON). */
  params: string;
  /** undefined = the scenario's `seed` / `replicates`. */
  seed: number | undefined;
  replicates: number | undefined;
  /** Total runs (points x replicates); undefined = DEFAULT_CALIBRATE_BUDGET. */
  budget: number | undefined;
  /** undefined = the number of cores. */
  workers: number | undefined;
  /** undefined = outputs/calibrate-<scenario name>/ */
  out: string | undefined;
  overrides: string[];
  quiet: boolean;
  json: boolean;
}

export const calibrateCommand = defineCommand<'calibrate', CalibrateConfig>({
  name: 'calibrate',
  description: 'Fit uncertain parameters to an observed trajectory (ABC within a budget of runs)',
  options: {
    scenario: positional('Scenario file (YAML or JSON)', 'scenario file', 'scenario'),
    target: requiredText('target', 'Observed trajectory: CSV with a year column and value column(s)', 'calibrate needs --target FILE.csv (the observed trajectory)'),
    params: requiredText('params', 'Parameters to fit: YAML {parameters: {path: {from, to}}}', 'calibrate needs --params FILE.yaml (the parameters to fit and their bounds)'),
    ...targetOptions(),
    seed: seed('Random seed of every run', "the scenario's"),
    replicates: replicates('Replicates per point', "the scenario's"),
    budget: integer('budget', 'Total runs (points x replicates) allowed', 1, 10_000_000, { default: String(DEFAULT_CALIBRATE_BUDGET) }),
    workers: workers(),
    out: out('outputs/calibrate-<scenario name>/'),
    overrides: set(),
    quiet: quiet(),
    json: json(),
  },
  run: (command, ctx) => runCalibrate(command, ctx),
});

export interface CalibrateHooks {
  /** Tests: the pool to run on (default: createThreadPool(--workers)). */
  pool?: TaskPool;
}

export async function runCalibrate(command: CalibrateConfig, ctx: CommandContext, hooks: CalibrateHooks = {}): Promise<void> {
  const { io, now } = ctx;
  const { loadScenarioFile } = await import('../../scenario/scenario.ts');
  const { readTextFile } = await import('../../scenario/load.ts');
  const { calibrate, calibrationFiles, loadTarget, parseCalibrationSpec } = await import('../../experiments/calibrate.ts');
  const { createThreadPool } = await import('../../experiments/pool.ts');

  const scenarioFile = scenarioPath(io, command.scenario);
  const scenario = loadScenarioFile(scenarioFile, command.overrides);
  const scenarioText = readTextFile(scenarioFile);
  const paramsFile = scenarioPath(io, command.params);
  const parameters = parseCalibrationSpec(readTextFile(paramsFile), paramsFile, scenarioText, scenarioFile, command.overrides);
  const targetFile = scenarioPath(io, command.target);
  const target = loadTarget(targetFile, command);
  const seed = command.seed ?? scenario.seed;
  const replicates = command.replicates ?? scenario.replicates;
  const budget = command.budget ?? DEFAULT_CALIBRATE_BUDGET;
  const out = resolve(io.cwd, command.out ?? `outputs/calibrate-${safeDirName(scenario.name)}`);

  // One writer per folder, checked before the first run (io/folder-set.ts).
  const folder = claimOutputFolder(out, { command: 'calibrate', owns: ['calibration.csv', 'fit.csv', 'summary.json', 'calibrated.yaml'] });
  try {
    const started = now();
    const pool = hooks.pool ?? createThreadPool(command.workers ?? availableParallelism());
    const progress = createProgress({ stream: io.stderr, enabled: io.stderrIsTTY && !command.quiet, now, label: `calibrate ${scenario.name}`, unit: 'runs', columns: io.stderrColumns });
    let result;
    try {
      result = await calibrate({
        scenarioFile, scenarioText, set: command.overrides, parameters, target, seed, replicates, budget, pool,
        onProgress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.finish();
      await pool.close();
    }
    const wall = (now() - started) / 1000;

    const commandLine = [
      SCRIPT_NAME, 'calibrate', command.scenario, '--target', command.target,
      ...(command.column === undefined ? [] : ['--column', command.column]),
      ...(command.metric === undefined ? [] : ['--metric', command.metric]),
      ...(command.scale === undefined ? [] : ['--scale', String(command.scale)]),
      '--params', command.params, '--replicates', String(replicates), '--seed', String(seed), '--budget', String(budget),
      ...command.overrides.flatMap((o) => ['--set', o]),
    ].join(' ');
    const files = calibrationFiles(result, scenarioText, { command: commandLine, paramsFile: command.params, set: command.overrides });
    files['calibrated.yaml'] = rebaseSchemaModeline(files['calibrated.yaml']!, dirname(resolve(scenarioFile)), out);
    folder.write(files);

    if (command.json) {
      // The numbers of the text summary, unrounded (documented in the README).
      const calibration = {
        scenario: scenario.name,
        seed, replicates, budget,
        runs_used: result.runsUsed,
        points: result.evaluations.length,
        target: { column: target.column, metric: target.metric, years: result.years },
        rmse: result.best.distance,
        accepted: result.accepted.length,
        parameters: parameters.map((p, k) => ({ path: p.path, best: result.best.values[k]!, ...result.spread[p.path]! })),
        fit: result.fit.filter((f) => f.target !== undefined).map((f) => ({ year: f.year, target: f.target, model_mean: f.model_mean, lo: f.lo, hi: f.hi })),
        outputs: displayPath(io.cwd, out),
      };
      io.stdout.write(JSON.stringify(calibration, null, 2) + '\n');
      return;
    }
    if (command.quiet) return;
    const short = (x: number) => (Number.isFinite(x) ? formatNumber(Number(x.toPrecision(4))) : String(x));
    const lines = [
      `calibrate ${scenario.name}: ${result.runsUsed}/${budget} runs (${result.evaluations.length} points x ${replicates} replicates, seed ${seed}) in ${wall.toFixed(1)} s`,
      `  target ${target.column} -> ${target.metric}, years ${result.years.join(', ')}; RMSE at the best point ${short(result.best.distance)}`,
    ];
    for (const p of parameters) {
      const s = result.spread[p.path]!;
      const best = result.best.values[parameters.indexOf(p)]!;
      lines.push(`  ${p.path} = ${short(best)} (accepted ${result.accepted.length}: mean ${short(s.mean)}, sd ${short(s.sd)}, 95% ${short(s.q025)} to ${short(s.q975)})`);
    }
    for (const f of result.fit) {
      if (f.target === undefined) continue;
      lines.push(`  ${f.year}: target ${short(f.target)}, model ${short(f.model_mean)} (${short(f.lo)} to ${short(f.hi)})`);
    }
    lines.push(`outputs written to ${displayPath(io.cwd, out)} (calibrated scenario: calibrated.yaml)`);
    io.stdout.write(lines.join('\n') + '\n');
  } finally {
    folder.release();
  }
}

/**
 * calibrated.yaml is written beside the other outputs, not beside the
 * scenario: a relative `$schema` in its editor modeline must point from there.
 */
export function rebaseSchemaModeline(text: string, fromDir: string, toDir: string): string {
  return text.replace(/^(# yaml-language-server: \$schema=)(\S+)/, (line, head: string, path: string) => {
    if (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path)) return line; // absolute, or a URL
    return head + relative(toDir, resolve(fromDir, path)).split('\\').join('/');
  });
}
