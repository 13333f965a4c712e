// `sweep` through main(), in-process: the thread pool is replaced by the
// in-process one (same runs, no worker start-up), and signals come from a
// fake, so stopping and its exit statuses are cheap to test.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handleStopSignals } from '../../src/cli/commands/sweep.ts';
import { main, type Io, type ProcessSignals } from '../../src/cli/main.ts';
import { readManifest } from '../../src/experiments/sweep.ts';

const fake = vi.hoisted(() => ({
  /** Run ids whose worker "dies twice". */
  lost: [] as number[],
  /** Called as each run starts. */
  onRun: undefined as undefined | ((runId: number) => void),
}));

vi.mock('../../src/experiments/pool.ts', async (importOriginal) =>
  (await import('../helpers/inline-pool.ts')).inlinePoolModule(importOriginal, (task) => {
    fake.onRun?.(task.runId);
    return fake.lost.includes(task.runId) ? { runId: task.runId, lost: 'worker thread exited with code 134 during the run, on 2 workers in turn' } : undefined;
  }),
);

const dir = mkdtempSync(join(tmpdir(), 'pgs-sweep-cli-'));
writeFileSync(join(dir, 'base.yaml'), 'name: tiny\npopulation: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2014}\n');
writeFileSync(join(dir, 's.yaml'), 'name: s\nbase: base.yaml\nseed: 3\nreplicates: 2\nparameters:\n  levers.fund: [0, 1]\nmetrics: [headcount_ratio]\n');
let n = 0;

function fakeSignals() {
  const listeners = new Map<string, () => void>();
  const exits: number[] = [];
  const signals: ProcessSignals = {
    on: (s, l) => listeners.set(s, l),
    removeListener: (s, l) => listeners.get(s) === l && listeners.delete(s),
    exit: (code) => void exits.push(code),
  };
  return { signals, listeners, exits, send: (s: string) => listeners.get(s)!() };
}

function sweep(args: string[], signals: ProcessSignals, now?: () => number) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {}, signals, ...(now ? { now } : {}) };
  return main(['sweep', 's.yaml', ...args], io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

beforeEach(() => {
  fake.lost = [];
  fake.onRun = undefined;
});

describe('sweep: stopping', () => {
  it('SIGTERM stops like Ctrl-C: interrupted, resumable, exit 143; the handlers are removed afterwards', async () => {
    const f = fakeSignals();
    fake.onRun = (id) => id === 1 && f.send('SIGTERM');
    const out = `o${++n}`;
    const r = await sweep(['--out', out], f.signals);
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/interrupted \(SIGTERM\): continue with --resume --out o\d+/);
    expect(readManifest(join(dir, out))?.status).toBe('interrupted');
    expect(f.listeners.size).toBe(0);
    fake.onRun = undefined;
    const again = await sweep(['--out', out, '--resume'], f.signals);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, out, 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 4);
  });

  it('a second Ctrl-C (a second or more later) exits at once with 130', async () => {
    const f = fakeSignals();
    let clock = 0;
    fake.onRun = (id) => {
      if (id !== 1) return;
      f.send('SIGINT');
      clock += 1500;
      f.send('SIGINT');
    };
    const r = await sweep(['--out', `o${++n}`], f.signals, () => clock);
    expect(f.exits).toEqual([130]);
    expect(r.stderr).toMatch(/SIGINT again: exiting now; continue with --resume/);
  });

  it('runs whose worker died twice: not recorded, named, exit 130 with advice to resume', async () => {
    const f = fakeSignals();
    fake.lost = [2];
    const out = `o${++n}`;
    const r = await sweep(['--out', out], f.signals);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted: run 2 could not complete: worker thread exited with code 134.*not recorded; continue with --resume --out o\d+, perhaps with fewer --workers/);
    expect(readManifest(join(dir, out))?.status).toBe('interrupted');
    expect(readFileSync(join(dir, out, 'errors.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
    fake.lost = [];
    expect((await sweep(['--out', out, '--resume'], f.signals)).code).toBe(0);
  });
});

describe('handleStopSignals', () => {
  it('a group SIGTERM arriving twice (directly and relayed by npx/tsx) stops once, gracefully', async () => {
    const f = fakeSignals();
    let clock = 0;
    fake.onRun = (id) => {
      if (id !== 1) return;
      f.send('SIGTERM');
      clock += 5; // the launcher's relay, milliseconds later
      f.send('SIGTERM');
    };
    const out = `o${++n}`;
    const r = await sweep(['--out', out], f.signals, () => clock);
    expect(f.exits).toEqual([]);
    expect(r.code).toBe(143);
    expect(r.stderr).not.toMatch(/again/);
    expect(readManifest(join(dir, out))?.status).toBe('interrupted');
    fake.onRun = undefined;
    expect((await sweep(['--out', out, '--resume'], f.signals)).code).toBe(0);
    expect(readManifest(join(dir, out))?.status).toBe('complete');
  });

  it('SIGINT, SIGTERM and SIGHUP: the first aborts, a second exits with 128 + its number', () => {
    const f = fakeSignals();
    const ac = new AbortController();
    const seen: string[] = [];
    const h = handleStopSignals(f.signals, ac, (s) => seen.push(s));
    expect([...f.listeners.keys()].sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM']);
    f.send('SIGHUP');
    expect(ac.signal.aborted).toBe(true);
    expect(ac.signal.reason).toBe('SIGHUP');
    expect(h.received()).toBe('SIGHUP');
    expect(f.exits).toEqual([]);
    f.send('SIGTERM');
    expect(seen).toEqual(['SIGTERM']);
    expect(f.exits).toEqual([143]);
    h.dispose();
    expect(f.listeners.size).toBe(0);
  });
});
