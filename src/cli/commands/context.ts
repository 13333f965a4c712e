/** What every command handler gets from the dispatcher, and small path helpers. */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ProgramInfo } from '../../experiments/program.ts';

export type { ProgramInfo };

/** The process as the CLI sees it; tests pass fakes. */
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

export interface CommandContext {
  io: Io;
  program: ProgramInfo;
  /** Monotone milliseconds, for progress and wall time only. */
  now: () => number;
}

/**
 * A path handed to a loader: relative to the process's cwd when the user typed
 * a relative one, so messages name the file as typed.
 */
export function scenarioPath(io: Io, file: string): string {
  return isAbsolute(file) ? file : relative(process.cwd(), resolve(io.cwd, file)) || '.';
}

/** A name as one safe path segment: it must not climb out of outputs/. */
export function safeDirName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return cleaned === '' ? 'scenario' : cleaned;
}

/**
 * What --json prints: one JSON document on stdout, two-space indented, with
 * null for a number that is not finite (shared by every command with --json).
 */
export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
}

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
