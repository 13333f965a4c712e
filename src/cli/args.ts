/**
 * Command-line parsing, pure: argv in, a `Command` out, or an input error
 * (exit 2). Nothing here prints or exits; `--help`/`--version` come back as
 * text to print, so every path is testable without spawning a process.
 */
import yargs from 'yargs';
import { inputError } from '../core/errors.ts';
import { parseShard } from '../experiments/design.ts';

export const SCRIPT_NAME = 'sim';
const COMMANDS = ['run', 'validate', 'compare', 'sweep', 'merge', 'report', 'calibrate'] as const;

export type Command =
  | {
      kind: 'run';
      scenario: string;
      /** undefined = use the scenario file's `seed` / `replicates`. */
      seed: number | undefined;
      replicates: number | undefined;
      /** undefined = outputs/<scenario name>/ */
      out: string | undefined;
      overrides: string[];
      /** Also write charts and report.html into the output folder. */
      report: boolean;
    }
  | { kind: 'validate'; scenario: string; overrides: string[] }
  | {
      kind: 'compare';
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
    }
  | {
      kind: 'sweep';
      sweep: string;
      /** undefined = the number of cores. */
      workers: number | undefined;
      /** undefined = outputs/<sweep name>/ (with -shard-i-of-n when sharded). */
      out: string | undefined;
      resume: boolean;
      /** undefined = the whole sweep; else 1-based shard index of count. */
      shard: { index: number; count: number } | undefined;
      report: boolean;
    }
  | { kind: 'merge'; dirs: string[]; out: string }
  | ({
      kind: 'calibrate';
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
    } & TargetFlags)
  /**
   * Charts and report.html of a results folder; out undefined = the results
   * folder itself; target: observed values to overlay (a fit chart).
   */
  | { kind: 'report'; results: string; out: string | undefined; target: (TargetFlags & { file: string }) | undefined }
  /** --help or --version: print `text` to stdout, exit 0. */
  | { kind: 'print'; text: string };

/** The largest seed: seeds are 32-bit unsigned, as in the scenario schema. */
const MAX_SEED = 2 ** 32 - 1;

/** How to read a target file (calibrate, report --target): the same three flags. */
export interface TargetFlags {
  /** undefined = the only value column of the target. */
  column: string | undefined;
  /** undefined = the column's name without a `_pct` suffix. */
  metric: string | undefined;
  /** undefined = 0.01 for a `_pct` column, else 1. */
  scale: number | undefined;
}

const targetOptions = {
  column: { type: 'string', describe: 'Value column of the target (default: its only one besides year)' },
  metric: { type: 'string', describe: 'Trajectory metric the column measures (default: the column name without _pct)' },
  scale: { type: 'string', describe: 'Multiply target values by this (default: 0.01 for a _pct column, else 1)' },
} as const;

function targetFlags(args: Record<string, unknown>, hint: string): TargetFlags {
  const scaleText = nonEmpty(single(args['scale'], '--scale', hint), '--scale', hint);
  const scale = scaleText === undefined ? undefined : Number(scaleText);
  if (scale !== undefined && (!/^\s*[0-9.eE+-]+\s*$/.test(scaleText!) || !Number.isFinite(scale) || scale <= 0)) {
    throw inputError(`--scale must be a positive number, got '${scaleText}'. ${hint}`);
  }
  return {
    column: nonEmpty(single(args['column'], '--column', hint), '--column', hint),
    metric: nonEmpty(single(args['metric'], '--metric', hint), '--metric', hint),
    scale,
  };
}

export function parseArgs(argv: readonly string[], program: { version: string }): Command {
  const first = argv[0];
  const command = (COMMANDS as readonly string[]).includes(first ?? '') ? first : undefined;
  const hint = `Run '${SCRIPT_NAME}${command ? ' ' + command : ''} --help' for usage.`;
  if (first !== undefined && !first.startsWith('-') && command === undefined) {
    throw inputError(`unknown command '${first}' (expected ${listOr(COMMANDS)}). ${hint}`);
  }

  const set = {
    type: 'string',
    array: true,
    nargs: 1, // one value per --set, so `--set a=1 file.yaml` leaves the file positional alone
    describe: 'Override a scenario field: path=value (repeatable)',
  } as const;
  const reportFlag = { type: 'boolean', describe: 'Also write charts and report.html into the output folder' } as const;
  const parser = yargs()
    .scriptName(SCRIPT_NAME)
    .locale('en') // help text must not depend on the user's LANG
    .wrap(88) // nor on the terminal width
    .version(program.version)
    .help()
    .strict()
    .exitProcess(false)
    .fail((message: string | null | undefined, err: Error | undefined) => {
      const text = message ?? err?.message ?? 'invalid arguments';
      // yargs' wording for a missing positional is obscure; every command's only positional is the scenario.
      if (/^not enough non-option arguments/i.test(text)) throw inputError(`missing scenario file. ${hint}`);
      throw inputError(`${lowerFirst(text)}. ${hint}`);
    })
    .command('run <scenario>', 'Run a scenario and write outputs/<name>/', (y) =>
      y
        .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)' })
        .option('seed', { type: 'string', describe: "Base random seed, an integer (default: the scenario's seed)" })
        .option('replicates', { type: 'string', describe: "Number of replicates, an integer (default: the scenario's)" })
        .option('out', { type: 'string', describe: 'Output directory (default: outputs/<scenario name>/)' })
        .option('set', set)
        .option('report', reportFlag),
    )
    .command('validate <scenario>', 'Check a scenario file and print every problem', (y) =>
      y.positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)' }).option('set', set),
    )
    .command(
      'compare <scenarios..>',
      'Run two or more scenarios with the same seed (common random numbers) and report paired differences',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, describe: 'Two or more scenario files' })
          .option('seed', { type: 'string', describe: "Random seed shared by every scenario (default: the first scenario's)" })
          .option('replicates', { type: 'string', describe: "Replicates per scenario (default: the first scenario's)" })
          .option('out', { type: 'string', describe: 'Output directory (default: outputs/compare-<names>/)' })
          .option('years', { type: 'string', describe: 'Also print every year of a range, e.g. 2015-2020' })
          .option('set', { ...set, describe: 'Override a field in every scenario: path=value (repeatable)' })
          .option('report', reportFlag),
    )
    .command('sweep <sweep>', 'Run a parameter sweep on worker threads (resumable, shardable)', (y) =>
      y
        .positional('sweep', { type: 'string', describe: 'Sweep file (YAML or JSON)' })
        .option('workers', { type: 'string', describe: 'Worker threads (default: the number of cores)' })
        .option('out', { type: 'string', describe: 'Output directory (default: outputs/<sweep name>/)' })
        .option('resume', { type: 'boolean', describe: 'Continue an interrupted sweep in --out, skipping completed runs' })
        .option('shard', { type: 'string', describe: 'Run only shard i of n (e.g. 2/8), for clusters; combine with merge' })
        .option('report', reportFlag),
    )
    .command('report <results>', 'Write charts (Vega-Lite, SVG, PNG) and a self-contained report.html for a results folder', (y) =>
      y
        .positional('results', { type: 'string', describe: 'Output folder of run, compare, sweep or merge' })
        .option('out', { type: 'string', describe: 'Where to write the report (default: the results folder)' })
        .option('target', { type: 'string', describe: 'Observed trajectory to overlay on its metric (a fit chart): CSV as for calibrate' })
        .option('column', targetOptions.column)
        .option('metric', targetOptions.metric)
        .option('scale', targetOptions.scale),
    )
    .command('calibrate <scenario>', 'Fit uncertain parameters to an observed trajectory (ABC within a budget of runs)', (y) =>
      y
        .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)' })
        .option('target', { type: 'string', describe: 'Observed trajectory: CSV with a year column and value column(s) (required)' })
        .option('params', { type: 'string', describe: 'Parameters to fit: YAML {parameters: {path: {from, to}}} (required)' })
        .option('column', targetOptions.column)
        .option('metric', targetOptions.metric)
        .option('scale', targetOptions.scale)
        .option('seed', { type: 'string', describe: "Random seed of every run (default: the scenario's)" })
        .option('replicates', { type: 'string', describe: "Replicates per point (default: the scenario's)" })
        .option('budget', { type: 'string', describe: 'Total runs (points x replicates) allowed (default: 200)' })
        .option('workers', { type: 'string', describe: 'Worker threads (default: the number of cores)' })
        .option('out', { type: 'string', describe: 'Output directory (default: outputs/calibrate-<scenario name>/)' })
        .option('set', set),
    )
    .command('merge <dirs..>', 'Combine the output folders of a sharded sweep into one', (y) =>
      y
        .positional('dirs', { type: 'string', array: true, describe: 'Shard output folders' })
        .option('out', { type: 'string', describe: 'Output directory (required)' }),
    )
    .demandCommand(1, `missing command: expected ${listOr(COMMANDS)}`)
    .epilog('Exit status: 0 success, 1 the run failed, 2 bad input (flags or scenario).');

  let output = '';
  const args = parser.parse([...argv], {}, (_err: unknown, _argv: unknown, text: string) => {
    output = text;
  }) as Record<string, unknown>;
  if (args['help'] === true || args['version'] === true) return { kind: 'print', text: output };

  if (command === 'report') {
    const results = single(args['results'], 'results folder', hint);
    if (results === undefined || results === '') throw inputError(`missing results folder. ${hint}`);
    const target = nonEmpty(single(args['target'], '--target', hint), '--target', hint);
    const flags = targetFlags(args, hint);
    if (target === undefined && (flags.column !== undefined || flags.metric !== undefined || flags.scale !== undefined)) {
      throw inputError(`--column, --metric and --scale describe a --target file; give --target FILE.csv. ${hint}`);
    }
    return { kind: 'report', results, out: outFlag(args, hint), target: target === undefined ? undefined : { file: target, ...flags } };
  }
  const report = args['report'] === true;
  if (command === 'sweep') {
    const sweep = single(args['sweep'], 'sweep file', hint);
    if (sweep === undefined || sweep === '') throw inputError(`missing sweep file. ${hint}`);
    const shardText = nonEmpty(single(args['shard'], '--shard', hint), '--shard', hint);
    return {
      kind: 'sweep',
      sweep,
      workers: integerFlag(args['workers'], 'workers', 1, 1024, hint),
      out: outFlag(args, hint),
      resume: args['resume'] === true,
      shard: shardText === undefined ? undefined : parseShard(shardText, hint),
      report,
    };
  }
  if (command === 'merge') {
    const dirs = (Array.isArray(args['dirs']) ? args['dirs'] : [args['dirs']]).filter((x) => x !== undefined).map(String);
    if (dirs.length === 0) throw inputError(`merge needs at least one shard folder. ${hint}`);
    const out = outFlag(args, hint);
    if (out === undefined) throw inputError(`merge needs --out DIR. ${hint}`);
    return { kind: 'merge', dirs, out };
  }
  if (command === 'calibrate') {
    const scenario = single(args['scenario'], 'scenario', hint);
    if (scenario === undefined || scenario === '') throw inputError(`missing scenario file. ${hint}`);
    const target = nonEmpty(single(args['target'], '--target', hint), '--target', hint);
    if (target === undefined) throw inputError(`calibrate needs --target FILE.csv (the observed trajectory). ${hint}`);
    const params = nonEmpty(single(args['params'], '--params', hint), '--params', hint);
    if (params === undefined) throw inputError(`calibrate needs --params FILE.yaml (the parameters to fit and their bounds). ${hint}`);
    return {
      kind: 'calibrate',
      scenario,
      target,
      params,
      ...targetFlags(args, hint),
      ...runFlags(args, hint),
      budget: integerFlag(args['budget'], 'budget', 1, 10_000_000, hint),
      workers: integerFlag(args['workers'], 'workers', 1, 1024, hint),
      overrides: setValues(args['set'], hint),
    };
  }
  if (command === 'compare') {
    const scenarios = (Array.isArray(args['scenarios']) ? args['scenarios'] : [args['scenarios']]).filter((x) => x !== undefined).map(String);
    if (scenarios.length < 2) throw inputError(`compare needs at least two scenario files, got ${scenarios.length}. ${hint}`);
    return {
      kind: 'compare',
      scenarios,
      ...runFlags(args, hint),
      years: yearRange(single(args['years'], '--years', hint), hint),
      overrides: setValues(args['set'], hint),
      report,
    };
  }
  const scenario = single(args['scenario'], 'scenario', hint);
  if (scenario === undefined || scenario === '') throw inputError(`missing scenario file. ${hint}`);
  const overrides = setValues(args['set'], hint);
  if (command === 'validate') return { kind: 'validate', scenario, overrides };
  return { kind: 'run', scenario, ...runFlags(args, hint), overrides, report };
}

/** --seed, --replicates and --out, as `run` and `compare` take them. */
function runFlags(args: Record<string, unknown>, hint: string): { seed: number | undefined; replicates: number | undefined; out: string | undefined } {
  return {
    seed: integerFlag(args['seed'], 'seed', 0, MAX_SEED, hint),
    replicates: integerFlag(args['replicates'], 'replicates', 1, Number.MAX_SAFE_INTEGER, hint),
    out: outFlag(args, hint),
  };
}

function outFlag(args: Record<string, unknown>, hint: string): string | undefined {
  return nonEmpty(single(args['out'], '--out', hint), '--out', hint);
}

function single(value: unknown, name: string, hint: string): string | undefined {
  if (Array.isArray(value)) throw inputError(`${name} given more than once. ${hint}`);
  return value === undefined ? undefined : String(value);
}

function nonEmpty(value: string | undefined, name: string, hint: string): string | undefined {
  if (value === '') throw inputError(`${name} needs a value. ${hint}`);
  return value;
}

function integerFlag(value: unknown, name: string, min: number, max: number, hint: string): number | undefined {
  const text = single(value, `--${name}`, hint);
  if (text === undefined) return undefined;
  if (text === '') throw inputError(`--${name} needs a value. ${hint}`);
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw inputError(`--${name} must be ${range}, got '${text}'. ${hint}`);
  }
  return n;
}

/** `2015-2020` or `2018` → {from, to}. */
function yearRange(text: string | undefined, hint: string): { from: number; to: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$/.exec(text);
  if (!m) throw inputError(`--years must be a year or a range like 2015-2020, got '${text}'. ${hint}`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) throw inputError(`--years range ends before it starts: '${text}'. ${hint}`);
  return { from, to };
}

function setValues(value: unknown, hint: string): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
  for (const v of values) {
    if (!/^[^=]+=/.test(v)) throw inputError(`--set expects path=value, got '${v}'. ${hint}`);
  }
  return values;
}

/** 'a, b or c' */
function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
