import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockOutputFolder, lockPathOf } from '../../src/io/lock.ts';
import { SimError } from '../../src/core/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'pgs-lock-'));

function owner(pid: number, host = hostname()): string {
  return JSON.stringify({ host, pid, command: 'sweep', started: '2026-01-01T00:00:00.000Z' }) + '\n';
}

/** A pid that is certainly dead: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('output folder lock', () => {
  it('is exclusive: a second taker gets an input error naming the holder, and can take it once released', () => {
    const out = join(dir, 'a');
    const lock = lockOutputFolder(out, 'sweep');
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8'))).toMatchObject({ host: hostname(), pid: process.pid, command: 'sweep' });
    let error: unknown;
    try {
      lockOutputFolder(out, 'merge');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimError);
    expect((error as SimError).exitCode).toBe(2);
    expect((error as SimError).message).toMatch(/is in use by sweep \(pid \d+/);
    lock.release();
    expect(existsSync(lockPathOf(out))).toBe(false);
    lockOutputFolder(out, 'merge').release();
  });

  it('takes over a lock whose owner is dead on this host', () => {
    const out = join(dir, 'b');
    writeFileSync(lockPathOf(out), owner(deadPid()));
    const lock = lockOutputFolder(out, 'sweep');
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('keeps a lock held by a live process, and one from another host', () => {
    const live = join(dir, 'c');
    writeFileSync(lockPathOf(live), owner(process.ppid));
    expect(() => lockOutputFolder(live, 'sweep')).toThrow(/in use by sweep/);
    const remote = join(dir, 'd');
    writeFileSync(lockPathOf(remote), owner(deadPid(), 'elsewhere.example'));
    expect(() => lockOutputFolder(remote, 'sweep')).toThrow(/if that process is gone, remove/);
  });

  it('an unwritable place is an input error before any work', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => lockOutputFolder(join(dir, 'file', 'out'), 'run')).toThrow(/a part of the path is a file/);
  });
});
