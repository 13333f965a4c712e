/**
 * All-or-nothing output: a run's files appear together or not at all, so an
 * output directory never mixes files from a failed and a successful run.
 */
import { lstatSync, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runError } from '../core/errors.ts';

let tempCounter = 0;

/**
 * mkdir -p `dir`, write every file to a temp name in `dir`
 * (`.<name>.tmp-<pid>-<n>`, same filesystem so rename is atomic), and only
 * when all are written rename them to their final names. On any error every
 * temp (and any directory this call created) is removed and a run error is
 * thrown. Targets are checked before the first rename, so the usual failures
 * (a target that is a directory) leave no partial set; a rename failing after
 * that check is the one window where some files could already be replaced.
 */
export function writeFilesAtomically(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  const names = Object.keys(files);
  for (const name of names) {
    if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) {
      throw runError(`output file name '${name}' must be a plain file name`);
    }
  }
  const temps: string[] = [];
  let renamed = 0;
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
    for (const name of names) {
      const temp = join(dir, `.${name}.tmp-${process.pid}-${++tempCounter}`);
      temps.push(temp);
      // Strings are written as UTF-8; bytes (e.g. PNG images) as they are.
      writeFileSync(temp, files[name] as string | Uint8Array, { flag: 'wx' });
    }
    for (const name of names) {
      const target = join(dir, name);
      const existing = statOrUndefined(target);
      if (existing && !existing.isFile()) throw new Error(`${target} exists and is not a regular file`);
    }
    for (let i = 0; i < names.length; i++) {
      renameSync(temps[i] as string, join(dir, names[i] as string));
      renamed = i + 1;
    }
  } catch (e) {
    for (const temp of temps.slice(renamed)) removeQuietly(temp);
    if (created !== undefined && renamed === 0) removeCreatedDirs(resolve(dir), resolve(created));
    throw runError(`could not write outputs to ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Clean-up must not replace the original error, so its own failures are ignored. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing was written there (e.g. the name was invalid)
  }
}

function statOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Remove `dir` and its parents up to `top` (the first dir mkdir created), if empty. */
function removeCreatedDirs(dir: string, top: string): void {
  for (let d = dir; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty or already gone: leave it
    }
    if (d === top || dirname(d) === d) return;
  }
}
