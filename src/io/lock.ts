/**
 * One writer per output folder. Two sweeps (or a sweep and a merge, or two
 * calibrations) appending to one --out interleave and lose runs while both
 * report success, so every command that writes a folder takes this lock
 * first; a second writer gets an input error (exit 2) naming the holder.
 *
 * The lock is a file beside the folder, `.<name>.lock` (beside, not inside:
 * merge and run replace the whole folder with a rename). It holds the host
 * and pid of its owner and is created with link(2) from a fully written temp
 * file, which fails if the lock exists, so a lock is never seen half-written.
 * A lock whose owner is a dead process on this host is stale and is taken
 * over; breaking it is itself guarded by an O_EXCL file so two processes
 * cannot both break it and then remove each other's fresh lock. A lock from
 * another host is never broken automatically (its pid means nothing here).
 *
 * Plain node:fs and no library: the well-kept npm lock libraries
 * (proper-lockfile) decide staleness by mtime and need a timer refreshing it
 * during hours-long sweeps; a pid check is exact on one host, which is where
 * the lost-runs case (a requeued job beside its predecessor) happens.
 */
import { linkSync, openSync, closeSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { inputError, type SimError } from '../core/errors.ts';

export interface FolderLock {
  readonly path: string;
  /** Remove the lock (only if it is still this process's). Idempotent. */
  release(): void;
}

interface Owner {
  host: string;
  pid: number;
  command: string;
  started: string;
}

let counter = 0;
const held = new Set<FolderLock>();
let exitHookInstalled = false;

/** The lock file of output folder `dir`. */
export function lockPathOf(dir: string): string {
  const full = resolve(dir);
  return join(dirname(full), `.${basename(full)}.lock`);
}

/**
 * Take the lock of output folder `dir` for `command` (e.g. "sweep"), creating
 * its parent if needed; throws an input error when another live process holds it.
 */
export function lockOutputFolder(dir: string, command: string, flag = '--out'): FolderLock {
  const path = lockPathOf(dir);
  let created: string | undefined;
  try {
    created = mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw unwritable(dir, flag, e);
  }
  const me: Owner = { host: hostname(), pid: process.pid, command, started: new Date().toISOString() };
  const text = JSON.stringify(me) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    const temp = `${path}.${process.pid}-${++counter}`;
    try {
      writeFileSync(temp, text, { flag: 'wx' });
    } catch (e) {
      throw unwritable(dir, flag, e);
    }
    try {
      try {
        linkSync(temp, path);
      } catch (e) {
        // File systems without hard links: O_EXCL create (a reader may see it empty for a moment).
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
        writeFileSync(path, text, { flag: 'wx' });
      }
      const lock: FolderLock = {
        path,
        release() {
          if (!held.delete(lock)) return;
          if (readQuietly(path) === text) rmSync(path, { force: true });
          // Folders made only to hold the lock go too, when nothing was written in them.
          if (created !== undefined) removeEmptyDirs(dirname(path), resolve(created));
        },
      };
      held.add(lock);
      installExitHook();
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(dir, flag, e);
    } finally {
      rmSync(temp, { force: true });
    }
    const owner = parseOwner(readQuietly(path));
    if (owner && isStale(owner)) {
      breakStale(path, owner);
      continue;
    }
    const who = owner ? `${owner.command} (pid ${owner.pid} on ${owner.host}, since ${owner.started})` : 'another process';
    const message = `is in use by ${who}; wait for it to finish, or choose another ${flag}` +
      (owner === undefined || owner.host !== hostname() ? ` (if that process is gone, remove ${path})` : '');
    throw inputError(`${flag} ${dir} ${message}`, [{ file: dir, path: '', message }]);
  }
  throw inputError(`${flag} ${dir}: could not take the lock ${path}; choose another ${flag}`, [{ file: dir, path: '', message: 'lock contended' }]);
}

/** The folder's parent cannot take a file: say so before any work is done. */
export function unwritable(dir: string, flag: string, e: unknown): SimError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
    code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is a file, not a directory' :
    code === 'EROFS' ? 'read-only file system' :
    code === 'ENOSPC' ? 'no space left on the device' :
    code === 'ENOENT' ? 'files cannot be created there' :
    `cannot write there (${code ?? (e instanceof Error ? e.message : String(e))})`;
  return inputError(`${flag} ${dir}: ${why}; choose another ${flag}`, [{ file: dir, path: '', message: why }]);
}

/** Run `f` holding the lock of `dir`. */
export async function withFolderLock<T>(dir: string, command: string, f: () => Promise<T> | T, flag = '--out'): Promise<T> {
  const lock = lockOutputFolder(dir, command, flag);
  try {
    return await f();
  } finally {
    lock.release();
  }
}

/** A dead process on this host cannot release its lock; a later writer takes it over. */
function isStale(owner: Owner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return false; // this process holds it (another command in it)
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function breakStale(path: string, owner: Owner): void {
  const guard = `${path}.break`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch {
    // Another process is breaking it; a guard left by a crash expires.
    if (ageSeconds(guard) > 10) rmSync(guard, { force: true });
    return;
  }
  try {
    const now = parseOwner(readQuietly(path));
    if (now && now.pid === owner.pid && now.host === owner.host && now.started === owner.started) rmSync(path, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}

function removeEmptyDirs(dir: string, top: string): void {
  for (let d = dir; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (the outputs are there) or gone
    }
    if (d === top || dirname(d) === d) return;
  }
}

function parseOwner(text: string | undefined): Owner | undefined {
  if (text === undefined) return undefined;
  try {
    const o = JSON.parse(text) as Owner;
    return typeof o.host === 'string' && Number.isSafeInteger(o.pid) ? o : undefined;
  } catch {
    return undefined;
  }
}

function readQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function ageSeconds(path: string): number {
  try {
    return (Date.now() - statSync(path).mtimeMs) / 1000;
  } catch {
    return Infinity;
  }
}

/** process.exit (a second Ctrl-C) skips finally blocks: release what is held on the way out. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of [...held]) lock.release();
  });
}
