// Stop signals through the launchers (issue 13, item 5; issue 14, "signals
// through the launcher"): `npx tsx src/cli.ts` runs the CLI in a child node
// that tsx relays SIGINT and SIGTERM to; a terminal's Ctrl-C and SLURM's
// time limit signal the whole process group (launcher and child), and GNU
// `timeout` signals its command and then the whole group again. In every case
// the sweep must stop once and gracefully (no "again: exiting now", which is
// the force-quit of a second Ctrl-C), exit 128 + the signal, leave a manifest
// saying "interrupted" that --resume finishes, and leave no process behind.
//
// One thing is tsx's and not ours: its launcher waits about 30 ms for node to
// acknowledge a signal (over IPC, from node's event loop), relays it, waits
// 30 ms more, and then SIGKILLs node. On a machine loaded enough that node
// is not scheduled for 60 ms (the whole test suite on two cores) the sweep is
// then killed, not stopped: no message, the manifest still says "running",
// still resumable. Such a run checks what holds (exit status, nothing left,
// --resume finishes) and is marked skipped instead of failing; the bin entry
// (`npx sim`, one process) has no such launcher.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pgs-group-'));
writeFileSync(join(dir, 'base.yaml'), 'name: tiny\npopulation: {households: 1500, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2017}\n');
writeFileSync(join(dir, 's.yaml'), 'name: s\nbase: base.yaml\nseed: 3\nreplicates: 6\nparameters:\n  levers.fund: [0, 0.5, 1]\nmetrics: [headcount_ratio]\n');
const tsxCli = join(root, 'node_modules/tsx/dist/cli.mjs');
const binEntry = join(root, 'src/cli/bin.mjs');
const sweepArgs = ['sweep', join(dir, 's.yaml'), '--workers', '1', '--out'];
const hasTimeout = spawnSync('timeout', ['--version']).status === 0;

interface Started {
  child: ChildProcess;
  out: string;
  closed: Promise<number | null>;
  stderr: () => string;
}

const started: Started[] = [];

/** Start `command args... out` as the leader of a new process group; resolves once the sweep has written some runs. */
async function startSweep(name: string, command: string, args: string[]): Promise<Started> {
  const out = join(dir, name);
  const child = spawn(command, [...args, out], { cwd: root, detached: true, env: { ...process.env, DEBUG: '' } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const closed = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  const s = { child, out, closed, stderr: () => stderr };
  started.push(s);
  const t0 = Date.now();
  while (!(existsSync(join(out, 'runs.csv')) && readFileSync(join(out, 'runs.csv'), 'utf8').split('\n').length > 6)) {
    if (Date.now() - t0 > 30_000) throw new Error(`the sweep did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return s;
}

/** No process is left in the group (an orphaned sweep would still be running). */
async function groupGone(pgid: number): Promise<boolean> {
  const t0 = Date.now();
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return true;
      throw e;
    }
    if (Date.now() - t0 > 3000) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The one child process of `pid` (node under the tsx launcher). */
function childPid(pid: number): number {
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  const pids = ps.stdout.trim().split(/\s+/).filter(Boolean).map(Number);
  expect(pids).toHaveLength(1);
  return pids[0]!;
}

/** kill(2) that reports whether the process (or group) was still there. */
function signalIfAlive(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** tsx's launcher killed node (see the top): exit 128 + n from tsx, no word from the sweep, the manifest left "running". */
async function killedByTsx(s: Started, code: number | null, exit: number, ctx: { skip(note?: string): never }): Promise<void> {
  if (code !== exit || /interrupted|again/.test(s.stderr()) || status(s.out) !== 'running') return;
  expect(await groupGone(s.child.pid!)).toBe(true);
  expectResumes(s.out);
  ctx.skip('tsx SIGKILLed node, which did not acknowledge the signal within its 60 ms (a loaded machine); resumable');
}

const status = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).status as string;

/** One graceful stop by `signal`: its message, not the force-quit's, exit 128 + n, resumable. */
function expectOneGracefulStop(s: Started, code: number | null, signal: 'SIGINT' | 'SIGTERM', exit: number) {
  expect(s.stderr()).not.toMatch(/again: exiting now/);
  expect(s.stderr().match(/interrupted \((SIG[A-Z]+)\): continue with --resume/g), `exit ${code}, stderr: ${s.stderr()}`).toEqual([`interrupted (${signal}): continue with --resume`]);
  expect(code).toBe(exit);
  expect(status(s.out)).toBe('interrupted');
}

function expectResumes(out: string) {
  const resumed = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...sweepArgs, out, '--resume'], { cwd: root, encoding: 'utf8' });
  expect(resumed.status, resumed.stderr).toBe(0);
  expect(status(out)).toBe('complete');
}

afterEach(() => {
  // A failed test must not leave a sweep running.
  for (const s of started.splice(0)) {
    try {
      process.kill(-s.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('a scheduler or a terminal signalling the process group', () => {
  it('group SIGTERM through the tsx launcher: one graceful stop and a resumable manifest', async (ctx) => {
    const s = await startSweep('term', process.execPath, [tsxCli, 'src/cli.ts', ...sweepArgs]);
    process.kill(-s.child.pid!, 'SIGTERM'); // the whole group: tsx and node
    const code = await s.closed;
    await killedByTsx(s, code, 143, ctx);
    expectOneGracefulStop(s, code, 'SIGTERM', 143);
    expect(await groupGone(s.child.pid!)).toBe(true);
    expectResumes(s.out);
  }, 120_000);

  it('Ctrl-C (group SIGINT) through the tsx launcher: one graceful stop, exit 130, resumable', async (ctx) => {
    const s = await startSweep('int', process.execPath, [tsxCli, 'src/cli.ts', ...sweepArgs]);
    process.kill(-s.child.pid!, 'SIGINT'); // what a terminal's Ctrl-C does: tsx and node both get it
    const code = await s.closed;
    await killedByTsx(s, code, 130, ctx);
    expectOneGracefulStop(s, code, 'SIGINT', 130);
    expect(await groupGone(s.child.pid!)).toBe(true);
    expectResumes(s.out);
  }, 120_000);

  // tsx relays a signal to node unless node acknowledges it (over IPC) within
  // 30 ms: on a busy machine node gets the group's Ctrl-C and then the relay.
  it('Ctrl-C on a busy machine: node gets the group SIGINT and tsx\'s relay of it milliseconds later; still one stop', async (ctx) => {
    const s = await startSweep('relayed', process.execPath, [tsxCli, 'src/cli.ts', ...sweepArgs]);
    const node = childPid(s.child.pid!);
    process.kill(-s.child.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 5));
    const relayed = signalIfAlive(node, 'SIGINT'); // the launcher's copy
    const code = await s.closed;
    await killedByTsx(s, code, 130, ctx);
    expectOneGracefulStop(s, code, 'SIGINT', 130);
    expect(await groupGone(s.child.pid!)).toBe(true);
    // Stopping takes about 50 ms, so the copy 5 ms later reaches it; had it already exited, nothing was tested.
    if (!relayed) ctx.skip('the sweep had exited before the duplicate was sent');
  }, 120_000);

  it('SIGINT to the tsx launcher alone: relayed, the sweep stops gracefully, no orphan left running', async (ctx) => {
    const s = await startSweep('launcher', process.execPath, [tsxCli, 'src/cli.ts', ...sweepArgs]);
    process.kill(s.child.pid!, 'SIGINT'); // kill -INT <pid of tsx>: node does not get it directly
    const code = await s.closed;
    await killedByTsx(s, code, 130, ctx);
    expectOneGracefulStop(s, code, 'SIGINT', 130);
    // The node child has ended with its launcher, and did not finish the sweep afterwards.
    expect(await groupGone(s.child.pid!)).toBe(true);
    expect(status(s.out)).toBe('interrupted');
  }, 120_000);

  it('timeout -s INT\'s two sends (to the command, then its group) milliseconds apart, as on a loaded machine: still one Ctrl-C', async (ctx) => {
    const s = await startSweep('timeout-spread', process.execPath, [binEntry, ...sweepArgs]);
    process.kill(s.child.pid!, 'SIGINT'); // to the command
    await new Promise((r) => setTimeout(r, 5));
    const again = signalIfAlive(-s.child.pid!, 'SIGINT'); // then to the group
    expectOneGracefulStop(s, await s.closed, 'SIGINT', 130);
    if (!again) ctx.skip('the sweep had exited before the duplicate was sent');
  }, 120_000);

  // GNU timeout, when its time is up, sends the signal to its command and then
  // to its whole process group: the launcher gets it twice, node once directly
  // and once relayed. The timer is made to fire now by SIGALRM, which is how
  // timeout's own timer reaches it, so the signal comes while runs are going.
  describe.skipIf(!hasTimeout)('timeout -s INT', () => {
    it('through the tsx launcher: one Ctrl-C, not two (no force-quit), exit 130 (--preserve-status)', async (ctx) => {
      const s = await startSweep('timeout-tsx', 'timeout', ['--preserve-status', '-s', 'INT', '600', process.execPath, tsxCli, 'src/cli.ts', ...sweepArgs]);
      process.kill(s.child.pid!, 'SIGALRM');
      const code = await s.closed;
      await killedByTsx(s, code, 130, ctx);
      expectOneGracefulStop(s, code, 'SIGINT', 130);
      expect(await groupGone(s.child.pid!)).toBe(true);
    }, 120_000);

    it('through the bin entry (one process, signalled directly and through the group): one Ctrl-C, exit 130', async () => {
      const s = await startSweep('timeout-bin', 'timeout', ['--preserve-status', '-s', 'INT', '600', process.execPath, binEntry, ...sweepArgs]);
      process.kill(s.child.pid!, 'SIGALRM');
      expectOneGracefulStop(s, await s.closed, 'SIGINT', 130);
      expect(await groupGone(s.child.pid!)).toBe(true);
    }, 120_000);
  });
});
