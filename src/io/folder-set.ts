/**
 * A command's output folder as one unit (run, compare, calibrate): the files
 * are written into a temporary folder beside --out and switched in with
 * renames, so --out holds either the previous complete set or the new one,
 * never a mix (a kill while renaming single files used to leave a new
 * trajectory.csv beside an old ledger.csv).
 *
 *   1. claimOutputFolder, before any simulating: take the folder's lock
 *      (lock.ts), repair what a killed writer left, and check the place: a
 *      missing folder, an empty one, or an earlier output of the same command
 *      (it holds one of that command's files and no subfolder). Anything else
 *      (a regular file, a folder of other files, no permission) is an input
 *      error now rather than a failure after the whole simulation.
 *   2. write(files): `.<name>.set-<pid>-<n>` gets every file; then the old
 *      folder is renamed to `.<name>.old-<pid>-<n>`, the new one to <name>, and
 *      the old one removed. The only moment without <name> is between those two
 *      renames; a writer killed there leaves `.old-`, which the next claim
 *      renames back. Leftover `.set-` folders (and the `.<file>.tmp-<pid>-<n>`
 *      files of older versions) are removed by the next claim: under the lock
 *      no other writer of this folder is alive.
 */
import { lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inputError, runError } from '../core/errors.ts';
import { lockOutputFolder, unwritable, type FolderLock } from './lock.ts';

export interface OutputFolder {
  readonly dir: string;
  /** Write `files` as the folder's new complete set. */
  write(files: Readonly<Record<string, string | Uint8Array>>): void;
  release(): void;
}

export interface ClaimOptions {
  /** The command, for the lock and messages. */
  command: string;
  /** Names of files this command writes: a folder holding one of them is an earlier output, replaced as a whole. */
  owns: readonly string[];
  flag?: string;
  /** Tests only: called at each step of write() (crash injection). */
  step?: (name: string) => void;
}

let counter = 0;

export function claimOutputFolder(dir: string, opts: ClaimOptions): OutputFolder {
  const flag = opts.flag ?? '--out';
  // A symlink to a folder (outputs -> /scratch/...): the set is switched in where it points, the link stays.
  const full = realDir(resolve(dir));
  const lock: FolderLock = lockOutputFolder(full, opts.command, flag);
  try {
    repair(full);
    checkPlace(full, opts, flag);
  } catch (e) {
    lock.release();
    throw e;
  }
  const step = opts.step ?? (() => {});
  return {
    dir: full,
    release: () => lock.release(),
    write(files) {
      for (const name of Object.keys(files)) {
        if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) throw runError(`output file name '${name}' must be a plain file name`);
      }
      const parent = dirname(full);
      const n = `${process.pid}-${++counter}`;
      const temp = join(parent, `.${basename(full)}.set-${n}`);
      const old = join(parent, `.${basename(full)}.old-${n}`);
      try {
        mkdirSync(temp);
        step('mkdir');
        for (const [name, content] of Object.entries(files)) {
          writeFileSync(join(temp, name), content as string | Uint8Array, { flag: 'wx' });
          step(`write ${name}`);
        }
        const had = exists(full);
        if (had) {
          renameSync(full, old);
          step('old aside');
        }
        renameSync(temp, full);
        step('new in');
        if (had) rmSync(old, { recursive: true, force: true });
        step('old removed');
      } catch (e) {
        rmSync(temp, { recursive: true, force: true });
        if (!exists(full) && exists(old)) renameSync(old, full);
        throw runError(`could not write outputs to ${full}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/** What a killed writer left beside (and, from older versions, inside) `dir`. */
function repair(dir: string): void {
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const olds = names.filter((n) => n.startsWith(prefix) && /^old-\d+-\d+$/.test(n.slice(prefix.length)));
  if (!exists(dir) && olds.length > 0) renameSync(join(parent, olds[0]!), dir); // killed between the two renames
  for (const n of names) {
    if (n.startsWith(prefix) && /^(set|old)-\d+-\d+$/.test(n.slice(prefix.length)) && exists(join(parent, n))) {
      rmSync(join(parent, n), { recursive: true, force: true });
    }
  }
  if (isDir(dir)) {
    for (const n of readdirSync(dir)) if (/^\..+\.tmp-\d+-\d+$/.test(n)) rmSync(join(dir, n), { force: true });
  }
}

function checkPlace(dir: string, opts: ClaimOptions, flag: string): void {
  let st;
  try {
    st = lstatSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw unwritable(dir, flag, e);
  }
  if (!st.isDirectory()) {
    throw inputError(`${flag} ${dir} is a file, not a directory; choose another ${flag}`, [{ file: dir, path: '', message: 'is a file, not a directory' }]);
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw unwritable(dir, flag, e);
  }
  if (names.length === 0) return;
  const ours = names.some((n) => opts.owns.includes(n)) && names.every((n) => !isDir(join(dir, n)));
  if (!ours) {
    const message = `holds other files (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}), not an earlier ${opts.command} output; choose another ${flag}, or an empty folder`;
    throw inputError(`${flag} ${dir} ${message}`, [{ file: dir, path: '', message }]);
  }
}

function realDir(path: string): string {
  try {
    return statSync(path).isDirectory() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
