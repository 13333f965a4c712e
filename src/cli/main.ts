/**
 * The CLI's dispatcher: parse, run the command, map errors to exit codes.
 *   0 success · 1 a run that failed (or an internal error) · 2 bad input.
 * Bad input never shows a stack trace; internal errors show one only with DEBUG set.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatProblem, SimError } from '../core/errors.ts';
import { summarise } from '../metrics/summary.ts';
import { formatNumber, toCsv } from '../io/csv.ts';
import { canonicalJson, sha256Hex } from '../io/json.ts';
import { writeFilesAtomically } from '../io/write.ts';
import { parseArgs, type Command } from './args.ts';
import { createProgress } from './progress.ts';
import { compareCommand } from './commands/compare.ts';
import { mergeCommand, sweepCommand } from './commands/sweep.ts';
import { reportCommand, writeReportFor } from './commands/report.ts';
import { calibrateCommand } from './commands/calibrate.ts';
import { displayPath, safeDirName, scenarioPath } from './commands/context.ts';
import { readProgramInfo, type ProgramInfo } from '../experiments/program.ts';

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  stderrIsTTY: boolean;
  /** Width of the terminal stderr is on, when known: the progress line is cut to fit. */
  stderrColumns?: number;
  /** Signals a sweep handles (SIGINT, SIGTERM, SIGHUP) and the immediate exit of a second one. Default: the process's. */
  signals?: ProcessSignals;
  /** Directory relative paths (scenario, --out, default outputs/) resolve against. */
  cwd: string;
  /** Only DEBUG is read. Default: no variables. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Monotone milliseconds for the progress display and wall_time_seconds. Default: performance.now. */
  now?: () => number;
}


export interface ProcessSignals {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: () => void): unknown;
  /** End the process now with this status. */
  exit(code: number): void;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const program = readProgramInfo();
    const command = parseArgs(argv, program);
    switch (command.kind) {
      case 'print':
        io.stdout.write(command.text.endsWith('\n') ? command.text : command.text + '\n');
        return 0;
      case 'validate':
        await validate(command, io);
        return 0;
      case 'run':
        await run(command, io, program);
        return 0;
      case 'compare':
        await compareCommand(command, { io, program, now: io.now ?? (() => performance.now()) });
        return 0;
      case 'sweep':
        return await sweepCommand(command, { io, program, now: io.now ?? (() => performance.now()) });
      case 'merge':
        await mergeCommand(command, { io, program, now: io.now ?? (() => performance.now()) });
        return 0;
      case 'calibrate':
        await calibrateCommand(command, { io, program, now: io.now ?? (() => performance.now()) });
        return 0;
      case 'report':
        await reportCommand(command, { io, program, now: io.now ?? (() => performance.now()) });
        return 0;
    }
  } catch (e) {
    return reportError(e, io);
  }
}

function reportError(e: unknown, io: Io): number {
  if (e instanceof SimError) {
    io.stderr.write(`error: ${e.message}\n`);
    for (const p of e.problems) io.stderr.write(formatProblem(p) + '\n');
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`internal error: ${message}\n`);
  if (io.env?.['DEBUG'] && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
  return 1;
}

async function validate(command: Extract<Command, { kind: 'validate' }>, io: Io): Promise<void> {
  // Loaded on demand so --help/--version start fast and work without the model.
  const { loadScenarioFile } = await import('../scenario/scenario.ts');
  await loadScenarioFile(scenarioPath(io, command.scenario), command.overrides);
  io.stdout.write('ok\n');
}

async function run(command: Extract<Command, { kind: 'run' }>, io: Io, program: ProgramInfo): Promise<void> {
  const { loadScenarioFile } = await import('../scenario/scenario.ts');
  const { runScenario } = await import('../experiments/run.ts');
  const now = io.now ?? (() => performance.now());

  const scenario = await loadScenarioFile(scenarioPath(io, command.scenario), command.overrides);
  const seed = command.seed ?? scenario.seed;
  const replicates = command.replicates ?? scenario.replicates;

  const started = now();
  const progress = createProgress({ stream: io.stderr, enabled: io.stderrIsTTY, now, label: scenario.name, columns: io.stderrColumns });
  let output;
  try {
    output = await runScenario(scenario, { seed, replicates, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.finish();
  }
  const wallTimeSeconds = Math.round(now() - started) / 1000;

  // Everything is rendered before anything is written: a failure here writes nothing.
  const summary = summarise(output.trajectory, { headline: output.headline });
  const manifest = {
    program: program.name,
    version: program.version,
    node: process.version,
    command: 'run',
    scenario_file: command.scenario,
    scenario_name: scenario.name,
    scenario_hash: sha256Hex(canonicalJson(scenario)),
    seed,
    replicates,
    overrides: command.overrides,
    wall_time_seconds: wallTimeSeconds,
    scenario,
  };
  const outDir = resolve(io.cwd, command.out ?? `outputs/${safeDirName(scenario.name)}`);
  writeFilesAtomically(outDir, {
    'trajectory.csv': toCsv(output.trajectory, output.trajectoryColumns),
    'ledger.csv': toCsv(output.ledger, output.ledgerColumns),
    'summary.json': JSON.stringify(summary, null, 2) + '\n',
    'manifest.json': JSON.stringify(manifest, null, 2) + '\n',
  });

  const lines = [
    `${scenario.name}: ${replicates} replicate${replicates === 1 ? '' : 's'}, seed ${seed}, final year ${summary.final_year}`,
  ];
  for (const [metric, iv] of Object.entries(summary.final)) {
    lines.push(`  ${metric}: ${short(iv.mean)} (95% CI ${short(iv.lo)} to ${short(iv.hi)})`);
  }
  lines.push(`outputs written to ${displayPath(io.cwd, outDir)}`);
  io.stdout.write(lines.join('\n') + '\n');
  if (command.report) await writeReportFor(outDir, outDir, { io, program, now });
}

function short(x: number): string {
  return formatNumber(Number(x.toPrecision(4)));
}
