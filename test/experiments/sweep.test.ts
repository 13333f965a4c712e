// Sweeps end to end on a tiny county (1000 households, 2 years, 8 runs).
// Determinism is the contract: the final runs.csv and errors.csv are
// byte-identical whatever the number of workers, the sharding, or the
// interruptions on the way.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeShards } from '../../src/experiments/merge.ts';
import type { RunTask, Runner } from '../../src/experiments/pool.ts';
import { codeFingerprint } from '../../src/experiments/program.ts';
import { loadSweepFile } from '../../src/experiments/sweep-file.ts';
import { readManifest, runSweep, type SweepOptions } from '../../src/experiments/sweep.ts';
import { executeRun } from '../../src/experiments/worker.ts';
import { inputErrorOf, rejectsInput } from '../helpers/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'pgs-sweep-'));
writeFileSync(join(root, 'base.yaml'), 'name: tiny\npopulation: {households: 1000, villages_per_county: 20}\ntime: {start_year: 2014, end_year: 2015}\n');
const SWEEP = `name: tiny-sweep
base: base.yaml
seed: 7
replicates: 2
parameters:
  levers.technology: [0, 1]
  levers.fund: {from: 0, to: 1, steps: 2}
metrics: [headcount_ratio, exclusion_error_at_registration, funds_leaked]
`;
const sweepFile = join(root, 'sweep.yaml');
writeFileSync(sweepFile, SWEEP);
const TOTAL = 8;

let dirs = 0;
const outDir = () => join(root, `out-${++dirs}`);
const read = (dir: string, file = 'runs.csv') => readFileSync(join(dir, file), 'utf8');

/** The in-process runner, counting its calls. */
function counting(inner: Runner = executeRun) {
  const calls: number[] = [];
  const runner: Runner = (task: RunTask) => {
    calls.push(task.runId);
    return inner(task);
  };
  return { runner, calls };
}

const inline = (opts: Partial<SweepOptions> & { out: string }) => runSweep({ sweepFile, runner: executeRun, ...opts });

/** Abort once `k` runs are done. */
function abortAfter(k: number): Pick<SweepOptions, 'signal' | 'onProgress'> {
  const ac = new AbortController();
  return { signal: ac.signal, onProgress: (done) => done >= k && ac.abort() };
}

let ref: string; // the uninterrupted, unsharded, in-process sweep
let refDir: string;

beforeAll(async () => {
  refDir = outDir();
  const progress: number[][] = [];
  const r = await inline({ out: refDir, onProgress: (...a) => progress.push(a) });
  expect(r).toMatchObject({ runsTotal: TOTAL, runs: TOTAL, completed: TOTAL, failed: 0, skipped: 0, ran: TOTAL, aborted: false });
  expect(progress[0]).toEqual([0, TOTAL, 0]);
  expect(progress.at(-1)).toEqual([TOTAL, TOTAL, 0]);
  ref = read(refDir);
});

describe('runs.csv', () => {
  it('has one row per run and year, ordered by run id then year, with the design in columns', () => {
    const lines = ref.trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,point,replicate,seed,levers.technology,levers.fund,year,headcount_ratio,exclusion_error_at_registration,funds_leaked');
    expect(lines.length).toBe(1 + TOTAL * 2);
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(cells.map((c) => `${c[0]}:${c[6]}`)).toEqual(Array.from({ length: TOTAL * 2 }, (_, i) => `${Math.floor(i / 2)}:${2014 + (i % 2)}`));
    // run 5 = point 2 (technology 1, fund 0), replicate 1, the sweep's seed
    expect(cells[10]!.slice(0, 6)).toEqual(['5', '2', '1', '7', '1', '0']);
    expect(read(refDir, 'errors.csv')).toBe('run_id,point,replicate,seed,levers.technology,levers.fund,error\n');
    expect(readManifest(refDir)).toMatchObject({ status: 'complete', runs_total: TOTAL, completed: TOTAL, failed: 0, shard: { index: 1, count: 1 } });
  });

  it('gives paired replicates: design points share households and shocks', () => {
    const rows = ref.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    // Same replicate, different levers: the same synthetic county but different outcomes somewhere.
    const byRun = (id: number) => rows.filter((c) => c[0] === String(id)).map((c) => c.slice(7).join(','));
    expect(byRun(0)).not.toEqual(byRun(6));
  });
});

describe('worker threads', () => {
  it('1 worker, and 2 workers interrupted then resumed on 1, write the same bytes as the in-process run', async () => {
    const one = outDir();
    await runSweep({ sweepFile, out: one, workers: 1 });
    expect(read(one)).toBe(ref);

    const two = outDir();
    const first = await runSweep({ sweepFile, out: two, workers: 2, ...abortAfter(3) });
    expect(first.aborted).toBe(true);
    expect(first.completed).toBeGreaterThanOrEqual(3);
    expect(first.completed).toBeLessThan(TOTAL);
    expect(readManifest(two)?.status).toBe('interrupted');
    const second = await runSweep({ sweepFile, out: two, workers: 1, resume: true });
    expect(second).toMatchObject({ aborted: false, completed: TOTAL, skipped: first.completed, ran: TOTAL - first.completed });
    expect(read(two)).toBe(ref);
    expect(read(two, 'errors.csv')).toBe(read(refDir, 'errors.csv'));
  });
});

describe('resume', () => {
  it('after an abort, runs only what is left and ends with the same bytes', async () => {
    const dir = outDir();
    const r1 = await inline({ out: dir, ...abortAfter(3) });
    expect(r1).toMatchObject({ aborted: true, completed: 3 });
    const { runner, calls } = counting();
    const r2 = await runSweep({ sweepFile, out: dir, resume: true, runner });
    expect(calls).toEqual([3, 4, 5, 6, 7]);
    expect(r2).toMatchObject({ skipped: 3, ran: 5, completed: TOTAL });
    expect(read(dir)).toBe(ref);
    // Resuming a finished sweep runs nothing and changes nothing.
    const again = counting();
    await runSweep({ sweepFile, out: dir, resume: true, runner: again.runner });
    expect(again.calls).toEqual([]);
    expect(read(dir)).toBe(ref);
  });

  it('cuts a torn tail (a kill in the middle of an append) and reruns the runs it touched', async () => {
    const dir = outDir();
    cpSync(refDir, dir, { recursive: true });
    const lines = ref.split('\n');
    // Cut in the middle of the second row of run 4 (lines: header, then 2 per run).
    const cut = lines.slice(0, 1 + 4 * 2 + 1).join('\n').length + 1 + 5;
    truncateSync(join(dir, 'runs.csv'), cut);
    const { runner, calls } = counting();
    await runSweep({ sweepFile, out: dir, resume: true, runner });
    expect(calls).toEqual([4, 5, 6, 7]);
    expect(read(dir)).toBe(ref);
    // A header cut short when the file was created: start it again.
    truncateSync(join(dir, 'runs.csv'), 10);
    const all = counting();
    await runSweep({ sweepFile, out: dir, resume: true, runner: all.runner });
    expect(all.calls.length).toBe(TOTAL);
    expect(read(dir)).toBe(ref);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses an existing output without --resume, another sweep, and another shard', async () => {
    const e = await rejectsInput(inline({ out: refDir }));
    expect(e.message).toMatch(/--resume/);
    const other = join(root, 'other.yaml');
    writeFileSync(other, SWEEP.replace('replicates: 2', 'replicates: 3'));
    expect((await rejectsInput(runSweep({ sweepFile: other, out: refDir, resume: true, runner: executeRun }))).message).toMatch(/different sweep/);
    expect((await rejectsInput(inline({ out: refDir, resume: true, shard: { index: 1, count: 2 } }))).message).toMatch(/shard 1\/1, not 1\/2/);
    // --resume on a new directory simply starts.
    const fresh = outDir();
    await inline({ out: fresh, resume: true });
    expect(read(fresh)).toBe(ref);
  });
});

describe('failing runs', () => {
  const failing = (ids: number[]): Runner => (task) => {
    if (ids.includes(task.runId)) throw new Error(`model exploded\nin run ${task.runId}`);
    return executeRun(task);
  };

  it('are recorded in errors.csv and the sweep goes on; resume does not retry them', async () => {
    const dir = outDir();
    const progress: number[][] = [];
    const r = await runSweep({ sweepFile, out: dir, runner: failing([3, 5]), onProgress: (...a) => progress.push(a) });
    expect(r).toMatchObject({ completed: 6, failed: 2, aborted: false });
    expect(progress.at(-1)).toEqual([TOTAL, TOTAL, 2]);
    expect(read(dir, 'errors.csv')).toBe(
      'run_id,point,replicate,seed,levers.technology,levers.fund,error\n3,1,1,7,0,1,model exploded in run 3\n5,2,1,7,1,0,model exploded in run 5\n',
    );
    const kept = ref.split('\n').filter((l) => !/^[35],/.test(l)).join('\n');
    expect(read(dir)).toBe(kept);
    const { runner, calls } = counting();
    await runSweep({ sweepFile, out: dir, resume: true, runner });
    expect(calls).toEqual([]);
    expect(read(dir)).toBe(kept);

    // Sharded with the same failures, merged: the same bytes again.
    const s1 = outDir();
    const s2 = outDir();
    await runSweep({ sweepFile, out: s1, runner: failing([3, 5]), shard: { index: 1, count: 2 } });
    await runSweep({ sweepFile, out: s2, runner: failing([3, 5]), shard: { index: 2, count: 2 } });
    const merged = outDir();
    expect(mergeShards([s2, s1], merged)).toMatchObject({ runsTotal: TOTAL, completed: 6, failed: 2 });
    expect(read(merged)).toBe(kept);
    expect(read(merged, 'errors.csv')).toBe(read(dir, 'errors.csv'));
  });
});

describe('shards and merge', () => {
  it('2 shards merged give the bytes of the unsharded sweep', async () => {
    const a = outDir();
    const b = outDir();
    const ra = await inline({ out: a, shard: { index: 1, count: 2 } });
    const rb = await inline({ out: b, shard: { index: 2, count: 2 } });
    expect([ra.runs, rb.runs]).toEqual([4, 4]);
    expect(read(a).split('\n').slice(1, -1).map((l) => Number(l.split(',')[0]) % 2)).toEqual(new Array(8).fill(0));
    const out = outDir();
    // A temp folder of a merge killed earlier (kill -9) is removed by the next merge into that --out.
    const dead = join(dirname(out), `.${basename(out)}.merge-tmp-999999-1`);
    mkdirSync(dead);
    writeFileSync(join(dead, 'runs.csv'), 'partial');
    const m = mergeShards([a, b], out);
    expect(existsSync(dead)).toBe(false);
    expect(m).toMatchObject({ runsTotal: TOTAL, completed: TOTAL, failed: 0, inputs: 2 });
    expect(read(out)).toBe(ref);
    expect(read(out, 'errors.csv')).toBe(read(refDir, 'errors.csv'));
    expect(readManifest(out)).toMatchObject({ command: 'merge', status: 'complete', shard: { index: 1, count: 1 }, sweep_hash: readManifest(refDir)!.sweep_hash });
    // The merged directory is a finished unsharded sweep: resuming it runs nothing.
    const { runner, calls } = counting();
    await runSweep({ sweepFile, out, resume: true, runner });
    expect(calls).toEqual([]);
    expect(read(out)).toBe(ref);
  });

  it('refuses missing shards, unfinished shards and mixed sweeps, writing nothing', async () => {
    const a = outDir();
    await inline({ out: a, shard: { index: 1, count: 3 } });
    const c = outDir();
    await inline({ out: c, shard: { index: 3, count: 3 } });
    const out = outDir();
    expect(inputErrorOf(() => mergeShards([a, c], out)).message).toMatch(/runs are in none of the inputs.*missing shards: 2\/3/);
    expect(existsSync(out)).toBe(false);

    const b = outDir();
    await inline({ out: b, shard: { index: 2, count: 3 }, ...abortAfter(1) });
    expect(inputErrorOf(() => mergeShards([a, b, c], out)).message).toMatch(/not finished.*--resume/);

    const other = join(root, 'other-seed.yaml');
    writeFileSync(other, SWEEP.replace('seed: 7', 'seed: 8'));
    const d = outDir();
    await runSweep({ sweepFile: other, out: d, runner: executeRun, shard: { index: 2, count: 3 } });
    expect(inputErrorOf(() => mergeShards([a, d, c], out)).message).toMatch(/different sweeps/);
    expect(existsSync(out)).toBe(false);

    await runSweep({ sweepFile, out: b, resume: true, runner: executeRun, shard: { index: 2, count: 3 } });
    mergeShards([c, b, a], out);
    expect(read(out)).toBe(ref);
    expect(statSync(join(out, 'manifest.json')).isFile()).toBe(true);
  });
});

describe('Latin hypercube sweeps', () => {
  it('write text and quoted values, and resume to the same bytes', async () => {
    const file = join(root, 'lhs.yaml');
    writeFileSync(file, `base: base.yaml
replicates: 1
design: {kind: latin_hypercube, samples: 4}
parameters:
  levers.fund: {from: 0.2, to: 0.8}
  governance.arrangement: [single, multi]
  budget.central: ["4e7", "4e7 * max(1, year - 2013)"]
  population.households: {from: 500, to: 900}
metrics: [headcount_ratio]
`);
    const whole = outDir();
    await runSweep({ sweepFile: file, out: whole, runner: executeRun });
    const text = read(whole);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,point,replicate,seed,levers.fund,governance.arrangement,budget.central,population.households,year,headcount_ratio');
    expect(lines.length).toBe(1 + 4 * 2);
    expect(text).toContain('"4e7 * max(1, year - 2013)"');
    expect(new Set(lines.slice(1).map((l) => /,(single|multi),/.exec(l)?.[1])).size).toBe(2);
    const parts = outDir();
    await runSweep({ sweepFile: file, out: parts, runner: executeRun, ...abortAfter(2) });
    await runSweep({ sweepFile: file, out: parts, runner: executeRun, resume: true });
    expect(read(parts)).toBe(text);
    // Parameter values at full precision: each row gives back its design point exactly.
    const sweep = loadSweepFile(file);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const point = sweep.points[Number(cells[1])]!;
      expect(Number(cells[4])).toBe(point[0]);
      expect(Number(cells.at(-3))).toBe(point[3]);
    }
    expect(lines.slice(1).some((l) => (l.split(',')[4]!.split('.')[1] ?? '').length > 10)).toBe(true);
  });
});

describe('runs whose worker thread died twice (lost)', () => {
  it('are not recorded: the sweep stops as interrupted, naming them, and --resume completes the same bytes', async () => {
    const dir = outDir();
    const lostOn = (ids: number[]): Runner => (task) => (ids.includes(task.runId) ? { runId: task.runId, lost: 'worker thread exited with code 134 during the run, on 2 workers in turn' } : executeRun(task));
    const r = await runSweep({ sweepFile, out: dir, runner: lostOn([2]) });
    expect(r).toMatchObject({ aborted: false, completed: 2, failed: 0, lost: [{ runId: 2, reason: expect.stringMatching(/code 134/) }] });
    expect(readManifest(dir)?.status).toBe('interrupted');
    expect(read(dir, 'errors.csv')).toBe(read(refDir, 'errors.csv')); // not an error of the run
    expect(read(dir).split('\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['0', '0', '1', '1']); // no new runs after it
    const { runner, calls } = counting();
    const again = await runSweep({ sweepFile, out: dir, resume: true, runner });
    expect(calls).toEqual([2, 3, 4, 5, 6, 7]);
    expect(again).toMatchObject({ completed: TOTAL, lost: [] });
    expect(read(dir)).toBe(ref);
  });
});

describe('the code fingerprint', () => {
  it('is recorded in the manifest; resume and merge refuse results of other model code', async () => {
    expect(readManifest(refDir)?.code).toBe(codeFingerprint());
    expect(codeFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    const dir = outDir();
    await inline({ out: dir, code: 'a'.repeat(64), ...abortAfter(2) });
    const e = await rejectsInput(inline({ out: dir, resume: true, code: 'b'.repeat(64) }));
    expect(e.message).toMatch(/cannot resume: the model code changed since the results were written.*another --out/);
    expect(e.problems[0]).toMatchObject({ path: 'code' });

    const a = outDir();
    const b = outDir();
    await inline({ out: a, shard: { index: 1, count: 2 }, code: 'a'.repeat(64) });
    await inline({ out: b, shard: { index: 2, count: 2 }, code: 'b'.repeat(64) });
    const out = outDir();
    expect(inputErrorOf(() => mergeShards([a, b], out)).message).toMatch(/model code changed between the inputs.*fresh --out/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('merge: inputs and output', () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    a = outDir();
    b = outDir();
    await inline({ out: a, shard: { index: 1, count: 2 } });
    await inline({ out: b, shard: { index: 2, count: 2 } });
  });

  it('checks every input\'s files up front: a missing errors.csv in a later input is an input error', () => {
    const c = outDir();
    cpSync(b, c, { recursive: true });
    rmSync(join(c, 'errors.csv'));
    const out = outDir();
    const e = inputErrorOf(() => mergeShards([a, c], out));
    expect(e.message).toMatch(/errors\.csv is missing/);
    expect(e.problems).toEqual([expect.objectContaining({ file: join(c, 'errors.csv') })]);
    expect(existsSync(out)).toBe(false);
  });

  it('writes into a new or empty --out, never into a used one, and leaves no temp directory', () => {
    const used = outDir();
    mkdirSync(used);
    writeFileSync(join(used, 'notes.txt'), 'mine');
    expect(inputErrorOf(() => mergeShards([a, b], used)).message).toMatch(/not empty/);
    expect(readdirSync(used)).toEqual(['notes.txt']);

    const empty = outDir();
    mkdirSync(empty);
    mergeShards([a, b], empty);
    expect(read(empty)).toBe(ref);
    const nested = join(outDir(), 'x', 'y');
    mergeShards([a, b], nested);
    expect(read(nested)).toBe(ref);
    expect(readdirSync(root).filter((f) => f.includes('merge-tmp'))).toEqual([]);
  });
});

describe('--out', () => {
  it('an existing file, or a path through one, is an input error', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expect((await rejectsInput(inline({ out: file }))).message).toMatch(/is a file, not a directory/);
    expect((await rejectsInput(inline({ out: join(file, 'sub') }))).message).toMatch(/a part of the path is a file/);
    expect(inputErrorOf(() => mergeShards([refDir], file)).message).toMatch(/is a file, not a directory/);
  });
});

describe('clean-up', () => {
  it('removes the abort listener even when the progress callback throws', async () => {
    const ac = new AbortController();
    const e = await runSweep({ sweepFile, out: outDir(), runner: executeRun, signal: ac.signal, onProgress: () => {
      throw new Error('display broke');
    } }).then(() => undefined, (x: unknown) => x);
    expect((e as Error).message).toBe('display broke');
    expect(getEventListeners(ac.signal, 'abort')).toEqual([]);
  });
});
