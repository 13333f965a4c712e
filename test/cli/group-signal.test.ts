// Issue 13, item 5: SIGTERM to the whole process group, as SLURM sends it at
// a time limit, through the tsx launcher (which relays it again to node): one
// graceful stop, exit 143, a manifest saying "interrupted", and --resume
// finishing the sweep.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pgs-group-'));
writeFileSync(join(dir, 'base.yaml'), 'name: tiny\npopulation: {households: 1500, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2017}\n');
writeFileSync(join(dir, 's.yaml'), 'name: s\nbase: base.yaml\nseed: 3\nreplicates: 6\nparameters:\n  levers.fund: [0, 0.5, 1]\nmetrics: [headcount_ratio]\n');
const tsxCli = join(root, 'node_modules/tsx/dist/cli.mjs');
const args = ['src/cli.ts', 'sweep', join(dir, 's.yaml'), '--workers', '1', '--out'];

describe('a scheduler signalling the process group', () => {
  it('group SIGTERM through the tsx launcher: one graceful stop and a resumable manifest', async () => {
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [tsxCli, ...args, out], { cwd: root, detached: true, env: { ...process.env, DEBUG: '' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const closed = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    const t0 = Date.now();
    while (!(existsSync(join(out, 'runs.csv')) && readFileSync(join(out, 'runs.csv'), 'utf8').split('\n').length > 6)) {
      if (Date.now() - t0 > 30_000) throw new Error('the sweep did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(-child.pid!, 'SIGTERM'); // the whole group: tsx and node
    const code = await closed;
    expect(stderr).not.toMatch(/again: exiting now/);
    expect(stderr).toMatch(/interrupted \(SIGTERM\): continue with --resume/);
    expect(code).toBe(143);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).status).toBe('interrupted');
    const resumed = spawnSync(process.execPath, ['--import', 'tsx', ...args, out, '--resume'], { cwd: root, encoding: 'utf8' });
    expect(resumed.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).status).toBe('complete');
  }, 120_000);
});
