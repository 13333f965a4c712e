// Issue 13, item 1: two writers on one output folder. Real processes, as on a
// cluster where a requeued job starts beside its predecessor: the second is
// refused (exit 2, naming the holder) and the first's files are the bytes a
// lone sweep writes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lockPathOf } from '../../src/io/lock.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = join(root, 'src/cli.ts');

const dir = mkdtempSync(join(tmpdir(), 'pgs-concurrent-'));
writeFileSync(join(dir, 'base.yaml'), 'name: tiny\npopulation: {households: 1500, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2017}\n');
// Long enough (36 runs) that the first sweep still holds the folder when the second starts, even on a loaded machine.
writeFileSync(join(dir, 's.yaml'), 'name: s\nbase: base.yaml\nseed: 3\nreplicates: 12\nparameters:\n  levers.fund: [0, 0.5, 1]\nmetrics: [headcount_ratio, poverty_gap]\n');
const sweepFile = join(dir, 's.yaml');

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { cwd: root, env: { ...process.env, DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  return { child, done };
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two writers on one --out', () => {
  it('two concurrent sweeps: one refused with exit 2, the other writes what a lone sweep writes', async () => {
    const lone = spawnSync(process.execPath, ['--import', 'tsx', cliPath, 'sweep', sweepFile, '--out', join(dir, 'lone'), '--workers', '1'], { cwd: root, encoding: 'utf8' });
    expect(lone.status).toBe(0);

    const first = start(['sweep', sweepFile, '--out', join(dir, 'shared'), '--workers', '1', '--resume']);
    await until(() => existsSync(lockPathOf(join(dir, 'shared'))));
    let firstRunning = true;
    void first.done.then(() => (firstRunning = false));
    const second = start(['sweep', sweepFile, '--out', join(dir, 'shared'), '--workers', '1', '--resume']);
    const secondStartedWhileFirstRan = firstRunning;
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(secondStartedWhileFirstRan, 'the first sweep finished before the second started: make it longer').toBe(true);

    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error: --out .*shared is in use by sweep \(pid \d+ on /);
    expect(a.code).toBe(0);
    for (const f of ['runs.csv', 'errors.csv']) {
      expect(readFileSync(join(dir, 'shared', f), 'utf8')).toBe(readFileSync(join(dir, 'lone', f), 'utf8'));
    }
    expect(existsSync(lockPathOf(join(dir, 'shared')))).toBe(false); // released
  }, 120_000);
});
