/**
 * `calibrate <scenario> --params <spec>`: fit behavioural and mechanism
 * parameters to the spec's targets (or a --target CSV) by sequential Monte
 * Carlo ABC (default) or rejection ABC (src/experiments/calibrate.ts does the
 * work) on worker threads, with a progress bar on a terminal, a line per
 * generation on stderr, and the posterior table on stdout. Everything is
 * checked (scenario, --set, spec, targets) before the first run; the outputs
 * are written together at the end. An SMC calibration saves its state after
 * every generation; Ctrl-C (or a kill) stops it and --resume continues.
 */
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { inputError } from '../../core/errors.ts';
import { claimOutputFolder } from '../../io/folder-set.ts';
import { SCRIPT_NAME } from '../command.ts';
import { defineCommand } from '../command.ts';
import { flag, integer, json, nonEmpty, out, quiet, positional, replicates, seed, set, single, targetOptions, text, type Option, type TargetFlags, workers } from '../options.ts';
import { createProgress } from '../progress.ts';
import { type CommandContext, displayPath, safeDirName, scenarioPath, writeJson } from './context.ts';
import { handleStopSignals, STOP_SIGNALS } from './sweep.ts';
import type { TaskPool } from '../../experiments/pool.ts';
import type { CalibrationResult } from '../../experiments/calibrate.ts';

/** Below this effective sample size the posterior's intervals and flags are called rough. */
export const MIN_EFFECTIVE = 10;

/** Runs allowed when --budget is not given. */
export const DEFAULT_CALIBRATE_BUDGET = 200;

export interface CalibrateConfig extends TargetFlags {
  scenario: string;
  /** Observed trajectory: a CSV of year and value columns (added to the spec's targets). */
  target: string | undefined;
  /** Parameters to fit and their bounds, and targets (YAML or JSON). */
  params: string;
  method: 'smc' | 'rejection';
  /** SMC particles per population; undefined = defaultParticles. */
  particles: number | undefined;
  estimate: 'mean' | 'median';
  resume: boolean;
  /** undefined = the scenario's `seed` / `replicates`. */
  seed: number | undefined;
  replicates: number | undefined;
  /** Total runs (points x replicates); undefined = DEFAULT_CALIBRATE_BUDGET. */
  budget: number | undefined;
  /** Replicates of the check on fresh replicates; undefined = none. */
  check: number | undefined;
  /** undefined = the number of cores. */
  workers: number | undefined;
  /** undefined = outputs/calibrate-<scenario name>/ */
  out: string | undefined;
  overrides: string[];
  quiet: boolean;
  json: boolean;
  /** Also write report.html (report/calibration-html.ts). */
  report: boolean;
}

function choice<T extends string>(name: string, description: string, values: readonly T[], default_: T): Option<T> {
  return {
    kind: 'string',
    description: `${description}: ${values.join(' or ')}`,
    default: default_,
    parse: (raw, hint) => {
      const v = nonEmpty(single(raw, `--${name}`, hint), `--${name}`, hint) ?? default_;
      if (!values.includes(v as T)) throw inputError(`--${name} must be ${values.join(' or ')}, got '${v}'. ${hint}`);
      return v as T;
    },
  };
}

export const calibrateCommand = defineCommand<'calibrate', CalibrateConfig>({
  name: 'calibrate',
  description: 'Fit uncertain parameters to observed targets (sequential Monte Carlo ABC within a budget of runs)',
  options: {
    scenario: positional('Scenario file (YAML or JSON)', 'scenario file', 'scenario'),
    params: {
      ...text('params', 'Parameters to fit and targets: YAML {parameters: {path: {from, to}}, targets: {name: {...}}}'),
      required: true,
      parse: (raw, hint) => {
        const v = nonEmpty(single(raw, '--params', hint), '--params', hint);
        if (v === undefined) throw inputError(`calibrate needs --params FILE.yaml (the parameters to fit and their bounds). ${hint}`);
        return v;
      },
    },
    target: text('target', 'Observed trajectory: CSV with a year column and value column(s); a target besides the spec\'s', { default: "the spec's targets" }),
    ...targetOptions(),
    method: choice('method', 'Sequential Monte Carlo ABC, or issue 5\'s two-round rejection ABC', ['smc', 'rejection'] as const, 'smc'),
    particles: integer('particles', 'SMC: particles per population', 4, 100_000, { default: 'budget / replicates / 4, from 10 (or what the budget allows) to 200' }),
    estimate: choice('estimate', 'The value calibrated.yaml sets: the posterior', ['mean', 'median'] as const, 'mean'),
    resume: flag('SMC: continue an interrupted calibration in --out from its last finished generation'),
    seed: seed('Random seed of every run', "the scenario's"),
    replicates: replicates('Replicates per particle', "the scenario's"),
    budget: integer('budget', 'Total runs (particles x replicates) allowed', 1, 10_000_000, { default: String(DEFAULT_CALIBRATE_BUDGET) }),
    check: integer('check', 'After the fit, run the estimates on this many fresh replicates (never used in the fit) and report their distance to the targets; outside the budget', 1, 100_000, { default: 'no check' }),
    workers: workers(),
    out: out('outputs/calibrate-<scenario name>/'),
    overrides: set(),
    quiet: quiet(),
    json: json(),
    report: flag('Also write report.html: the fit and the posterior in words, tables and charts'),
  },
  run: (command, ctx) => runCalibrate(command, ctx),
});

export interface CalibrateHooks {
  /** Tests: the pool to run on (default: createThreadPool(--workers)). */
  pool?: TaskPool;
  /** Tests: stop as Ctrl-C would, when this signal aborts. */
  signal?: AbortSignal;
}

export async function runCalibrate(command: CalibrateConfig, ctx: CommandContext, hooks: CalibrateHooks = {}): Promise<number> {
  const { io, now } = ctx;
  const { loadScenarioFile } = await import('../../scenario/scenario.ts');
  const { readTextFile } = await import('../../scenario/load.ts');
  const { calibrate, calibrationFiles, CALIBRATION_FILES, Interrupted, loadTarget, parseCalibrationFile, stopText, summaryLines, targetOfCsv } = await import('../../experiments/calibrate.ts');
  const { createThreadPool } = await import('../../experiments/pool.ts');

  const scenarioFile = scenarioPath(io, command.scenario);
  const scenario = loadScenarioFile(scenarioFile, command.overrides);
  const scenarioText = readTextFile(scenarioFile);
  const paramsFile = scenarioPath(io, command.params);
  const spec = parseCalibrationFile(readTextFile(paramsFile), paramsFile, scenarioText, scenarioFile, command.overrides);
  const targets = [...(spec.targets ?? [])];
  if (command.target !== undefined) {
    const csv = targetOfCsv(loadTarget(scenarioPath(io, command.target), command));
    const { start_year: start, end_year: end } = scenario.time;
    csv.observations = csv.observations.filter((o) => o.years[0]! >= start && o.years[0]! <= end);
    if (csv.observations.length === 0) throw inputError(`${command.target}: no observation falls inside the scenario's years ${start}-${end}`);
    if (targets.some((t) => t.name === csv.name)) csv.name = `${csv.name}_target`;
    for (const o of csv.observations) o.target = csv.name;
    targets.push(csv);
  }
  if (targets.length === 0) throw inputError(`${command.params} has no targets: add a targets section, or give --target FILE.csv`);
  const seed = command.seed ?? scenario.seed;
  const replicates = command.replicates ?? scenario.replicates;
  const budget = command.budget ?? DEFAULT_CALIBRATE_BUDGET;
  const out = resolve(io.cwd, command.out ?? `outputs/calibrate-${safeDirName(scenario.name)}`);
  const where = displayPath(io.cwd, out);

  // One writer per folder, checked before the first run (io/folder-set.ts).
  const folder = claimOutputFolder(out, { command: 'calibrate', owns: [...CALIBRATION_FILES, 'report.html'] });
  const controller = new AbortController();
  let progress: ReturnType<typeof createProgress> | undefined;
  const stop = handleStopSignals(io.signals ?? { on: (s, l) => process.on(s, l), removeListener: (s, l) => process.removeListener(s, l), exit: (c) => process.exit(c) }, controller, (signal) => {
    progress?.finish();
    io.stderr.write(`${signal} again: exiting now; continue with --resume --out ${where}\n`);
  }, now);
  hooks.signal?.addEventListener('abort', () => controller.abort('SIGINT'));
  try {
    const started = now();
    const pool = hooks.pool ?? createThreadPool(command.workers ?? availableParallelism());
    const say = (line: string) => {
      if (command.quiet) return;
      progress?.finish();
      progress = undefined;
      io.stderr.write(line + '\n');
    };
    let result;
    try {
      result = await calibrate({
        scenarioFile, scenarioText, set: command.overrides, parameters: spec.parameters, targets, seed, replicates, budget, pool,
        method: command.method, particles: command.particles, estimate: command.estimate, check: command.check, stateDir: folder.dir, resume: command.resume,
        signal: controller.signal,
        onProgress: (done, total) => {
          progress ??= createProgress({ stream: io.stderr, enabled: io.stderrIsTTY && !command.quiet, now, label: `calibrate ${scenario.name}`, unit: 'runs', initial: done, delayMs: 0, columns: io.stderrColumns });
          progress.update(done, total);
        },
        onGeneration: (g, s) => say(`generation ${g.generation}: tolerance ${Number(g.tolerance.toPrecision(4))}, ${g.kept_new}/${g.proposals} new particles kept; ${s.runsUsed}/${budget} runs`),
      });
    } catch (e) {
      if (e instanceof Interrupted) {
        const signal = stop.received() ?? 'SIGINT';
        io.stderr.write(`interrupted (${signal}): the finished generations are saved; continue with --resume --out ${where}\n`);
        return STOP_SIGNALS[signal];
      }
      throw e;
    } finally {
      progress?.finish();
      await pool.close();
    }
    const wall = (now() - started) / 1000;

    const commandLine = [
      SCRIPT_NAME, 'calibrate', command.scenario, '--params', command.params,
      ...(command.target === undefined ? [] : ['--target', command.target]),
      ...(command.column === undefined ? [] : ['--column', command.column]),
      ...(command.metric === undefined ? [] : ['--metric', command.metric]),
      ...(command.scale === undefined ? [] : ['--scale', String(command.scale)]),
      ...(command.method === 'smc' ? [] : ['--method', command.method]),
      ...(command.method === 'smc' ? ['--particles', String(result.particles)] : []),
      '--replicates', String(replicates), '--seed', String(seed), '--budget', String(budget),
      ...(command.estimate === 'mean' ? [] : ['--estimate', command.estimate]),
      ...(command.check === undefined ? [] : ['--check', String(command.check)]),
      ...command.overrides.flatMap((o) => ['--set', o]),
    ].join(' ');
    const files = calibrationFiles(result, scenarioText, { command: commandLine, paramsFile: command.params, set: command.overrides, scenarioFile: resolve(scenarioFile) });
    files['calibrated.yaml'] = rebaseRelativePaths(files['calibrated.yaml']!, dirname(resolve(scenarioFile)), out);
    if (command.report) files['report.html'] = await calibrationReport(result, scenario.name, stopText(result), `${commandLine} --report`);
    folder.write(files);
    // Warnings go to stderr even with --quiet or --json.
    if (result.method === 'smc' && result.state.stopped !== 'tolerance') io.stderr.write(`warning: ${stopText(result)}\n`);
    if (result.summary.ess < MIN_EFFECTIVE) {
      io.stderr.write(`warning: the posterior rests on ${Math.round(result.summary.ess)} effective particle(s) of ${result.posterior.length}: its intervals and flags are rough; raise --particles and --budget\n`);
    }

    if (command.json) {
      // The numbers of the text summary, unrounded (documented in the README).
      const calibration = {
        scenario: scenario.name,
        method: result.method,
        seed, replicates, budget,
        runs_used: result.runsUsed,
        particles: result.particles,
        generations: result.state.generations.length,
        estimate: result.estimate,
        parameters: result.summary.parameters.map((p, k) => ({ ...p, estimate: result.estimates[k]! })),
        targets: result.summary.targets,
        check: result.check ?? null,
        outputs: where,
      };
      writeJson(io, calibration);
      return 0;
    }
    if (command.quiet) return 0;
    const gens = result.state.generations;
    const lines = [
      `calibrate ${scenario.name}: ${result.runsUsed}/${budget} runs (${result.method === 'smc' ? `${gens.length} generations of ${result.particles} particles` : `${result.state.evaluations.length} points`} x ${replicates} replicates, seed ${seed}) in ${wall.toFixed(1)} s`,
      `  ${stopText(result)}; posterior of ${result.posterior.length} particles (effective ${Math.round(result.summary.ess)}); calibrated.yaml sets the posterior ${result.estimate}s`,
      ...summaryLines(result).map((l) => `  ${l}`),
      `outputs written to ${where} (calibrated scenario: calibrated.yaml)`,
    ];
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    stop.dispose();
    folder.release();
  }
}

/** report.html: the page of report/calibration-html.ts with its charts rendered to inline SVG. */
async function calibrationReport(result: CalibrationResult, scenario: string, stopped: string, commandLine: string): Promise<string> {
  const { calibrationCharts, calibrationReportInput, renderCalibrationHtml } = await import('../../report/calibration-html.ts');
  const { renderSvg } = await import('../../report/render.ts');
  const input = calibrationReportInput(result, scenario, stopped, commandLine);
  const charts = calibrationCharts(input);
  const svgs: Record<string, string> = {};
  for (const c of charts) svgs[c.name] = (await renderSvg(c.spec)).svg;
  return renderCalibrationHtml(input, charts, svgs);
}

/**
 * calibrated.yaml is written beside the other outputs, not beside the
 * scenario: a relative `$schema` in its editor modeline must point from there.
 */
export function rebaseSchemaModeline(text: string, fromDir: string, toDir: string): string {
  return text.replace(/^(# yaml-language-server: \$schema=)(\S+)/, (line, head: string, path: string) => rebase(line, head, path, fromDir, toDir));
}

/**
 * calibrated.yaml is written in the output folder: its schema modeline and the
 * relative paths of its CSV series (`csv: ../data.csv`) are made relative to
 * that folder, so the file reads the same data from where it is.
 */
export function rebaseRelativePaths(text: string, fromDir: string, toDir: string): string {
  const modeline = rebaseSchemaModeline(text, fromDir, toDir);
  return modeline.replace(/(\bcsv:[ \t]*)([^\s,}#'"]+)/g, (whole, head: string, path: string) => rebase(whole, head, path, fromDir, toDir));
}

function rebase(whole: string, head: string, path: string, fromDir: string, toDir: string): string {
  if (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path)) return whole; // absolute, or a URL
  return head + relative(toDir, resolve(fromDir, path)).split('\\').join('/');
}
