/**
 * The saved state of an SMC calibration, `abc-state.json` in its output
 * folder: written after every generation (a temp file renamed into place, so
 * a kill leaves the previous generation's state whole), read by --resume.
 * `key` is a hash of everything the result depends on except the budget
 * (scenario, --set, spec, targets, seed, replicates, particles, method, code),
 * so a state is only continued by the same calibration; a larger --budget
 * may continue a finished one. JSON keeps every double exactly.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../../core/errors.ts';
import type { SmcState } from './smc.ts';

export const STATE_FILE = 'abc-state.json';
export const STATE_FORMAT = 'pgs-abc-state/1';

interface Saved {
  format: string;
  key: string;
  state: SmcState;
}

export function stateText(key: string, state: SmcState): string {
  return JSON.stringify({ format: STATE_FORMAT, key, state } satisfies Saved) + '\n';
}

let counter = 0;

export function writeState(dir: string, key: string, state: SmcState): void {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${STATE_FILE}.tmp-${process.pid}-${++counter}`);
  writeFileSync(temp, stateText(key, state));
  renameSync(temp, join(dir, STATE_FILE));
}

/** The saved state in `dir`, if any; an input error when it belongs to another calibration. */
export function readState(dir: string, key: string): SmcState | undefined {
  const path = join(dir, STATE_FILE);
  if (!existsSync(path)) return undefined;
  let saved: Saved;
  try {
    saved = JSON.parse(readFileSync(path, 'utf8'), (_k, v: unknown) => (v === null ? Number.NaN : v)) as Saved;
  } catch (e) {
    throw inputError(`${path}: not a calibration state (${e instanceof Error ? e.message : String(e)}); remove it or choose another --out`, [{ file: path, path: '', message: 'unreadable' }]);
  }
  if (saved.format !== STATE_FORMAT || saved.key !== key) {
    throw inputError(`${path} belongs to another calibration (other scenario, spec, targets, seed, replicates, particles, method or program version); choose another --out, or run without --resume to start again`, [
      { file: path, path: 'key', message: 'the calibration differs' },
    ]);
  }
  // JSON has no NaN or Infinity (both are saved as null): a run's NaN stays NaN, and a distance is never NaN (Infinity).
  const inf = (x: number) => (Number.isNaN(x) ? Infinity : x);
  for (const p of saved.state.population) p.distance = inf(p.distance);
  for (const e of saved.state.evaluations) e.distance = inf(e.distance);
  for (const g of saved.state.generations) g.tolerance = inf(g.tolerance);
  return saved.state;
}
