// `sensitivity` through main(), in-process (the thread pool replaced by the
// in-process one): the printed ranking, the exit statuses, shards then
// merge then --resume, a stop signal, and --report.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main, type Io, type ProcessSignals } from '../../../src/cli/main.ts';

const fake = vi.hoisted(() => ({ onRun: undefined as undefined | ((runId: number) => void) }));

vi.mock('../../../src/experiments/pool.ts', async (importOriginal) =>
  (await import('../../helpers/inline-pool.ts')).inlinePoolModule(importOriginal, (task) => {
    fake.onRun?.(task.runId);
    return undefined;
  }),
);

const dir = mkdtempSync(join(tmpdir(), 'pgs-sens-cli-'));
writeFileSync(join(dir, 'base.yaml'), 'name: tiny\npopulation: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2014}\n');
writeFileSync(join(dir, 'm.yaml'), 'name: m\nbase: base.yaml\nseed: 3\nreplicates: 2\nmethod: {kind: morris, trajectories: 3}\nbootstrap: 20\nparameters:\n  levers.fund: {from: 0, to: 1}\n  budget.leakage_base: {from: 0.05, to: 0.4}\nmetrics:\n  - {column: funds_leaked, year: 2014}\n');
let n = 0;

function signals() {
  const listeners = new Map<string, () => void>();
  const s: ProcessSignals = { on: (k, l) => listeners.set(k, l), removeListener: (k, l) => listeners.get(k) === l && listeners.delete(k), exit: () => {} };
  return { s, send: (k: string) => listeners.get(k)!() };
}

async function sim(args: string[], sig = signals().s) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (x: string) => out.push(x) }, stderr: { write: (x: string) => err.push(x) }, stderrIsTTY: false, cwd: dir, env: {}, signals: sig };
  const code = await main(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('sensitivity command', () => {
  it('runs, prints the ranking per metric and writes the report', async () => {
    const out = `o${++n}`;
    const r = await sim(['sensitivity', 'm.yaml', '--out', out, '--report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/m: 18\/18 runs done/);
    expect(r.stdout).toMatch(/funds_leaked@2014, by mu\*: budget\.leakage_base /);
    expect(r.stdout).toMatch(/share of the variance of the replicate means from the seed/);
    expect(existsSync(join(dir, out, 'report.html'))).toBe(true);
    // Again into the same folder without --resume: refused like a sweep.
    expect((await sim(['sensitivity', 'm.yaml', '--out', out])).code).toBe(2);
  });

  it('a bad file exits 2 naming file, line and field', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'base: base.yaml\nmethod: {kind: sobol, samples: 10}\nparameters:\n  levers.fund: {from: 0, to: 1}\nmetrics:\n  - {column: headcount_ratio, year: 2014}\n');
    const r = await sim(['sensitivity', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:2:\d+: method\.samples: a Sobol design needs a power of two/);
  });

  it('shards, merge, then --resume on the merged folder: the indices of the whole run', async () => {
    const whole = `o${++n}`;
    await sim(['sensitivity', 'm.yaml', '--out', whole]);
    const s1 = await sim(['sensitivity', 'm.yaml', '--shard', '1/2', '--out', `o${++n}`]);
    expect(s1.stdout).toMatch(/shard 1\/2 done: merge the shards/);
    const a = `o${n}`;
    await sim(['sensitivity', 'm.yaml', '--shard', '2/2', '--out', `o${++n}`]);
    const b = `o${n}`;
    const merged = `o${++n}`;
    expect((await sim(['merge', a, b, '--out', merged])).code).toBe(0);
    const r = await sim(['sensitivity', 'm.yaml', '--resume', '--out', merged]);
    expect(r.stdout).toMatch(/18\/18 runs done \(0 now, 18 before/);
    for (const f of ['runs.csv', 'indices.csv', 'convergence.csv', 'salib/Y.csv']) expect(readFileSync(join(dir, merged, f), 'utf8')).toBe(readFileSync(join(dir, whole, f), 'utf8'));
  });

  it('SIGTERM stops it resumable (exit 143), and --resume finishes the analysis', async () => {
    const out = `o${++n}`;
    const sig = signals();
    fake.onRun = (id) => id === 2 && sig.send('SIGTERM');
    const r = await sim(['sensitivity', 'm.yaml', '--out', out], sig.s);
    fake.onRun = undefined;
    expect(r.code).toBe(143);
    expect(existsSync(join(dir, out, 'indices.csv'))).toBe(false);
    expect((await sim(['sensitivity', 'm.yaml', '--out', out, '--resume'])).code).toBe(0);
    expect(existsSync(join(dir, out, 'indices.csv'))).toBe(true);
  });
});
