/** What every command handler gets from the dispatcher, and small path helpers. */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ProgramInfo } from '../../experiments/program.ts';
import type { Io } from '../main.ts';

export type { ProgramInfo };

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

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
