// The worker pool with stand-in workers (plain .mjs files, no model), so the
// failure paths are cheap to provoke: a worker that dies in the middle of a
// run (once, or every time), and a worker that cannot start at all.
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SimError } from '../../src/core/errors.ts';
import { createInlinePool, createThreadPool, errorText, READY, type RunTask } from '../../src/experiments/pool.ts';
import { csvRecords } from '../../src/experiments/run-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'pgs-pool-'));
const entry = (name: string, body: string) => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return pathToFileURL(path);
};

// Answers {rows: [{year: runId}]}. Dies (exit code 3) on run 2 every time,
// and on run 4 only the first time (a marker file remembers across workers).
const marker = join(dir, 'died-on-4');
const flaky = entry('flaky.mjs', `
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (t) => {
  if (t.runId === 2) process.exit(3);
  if (t.runId === 4 && !existsSync(${JSON.stringify(marker)})) {
    writeFileSync(${JSON.stringify(marker)}, '');
    process.exit(3);
  }
  parentPort.postMessage({ runId: t.runId, rows: [{ year: t.runId }] });
});
parentPort.postMessage(${JSON.stringify(READY)});
`);
const broken = entry('broken.mjs', `throw new Error('cannot load the model');\n`);

const task = (runId: number) => ({ runId, seed: 1, replicate: 0, metrics: [], scenario: {} }) as unknown as RunTask;

describe('thread pool', () => {
  it('retries a run whose worker died once on a fresh worker, and gives up (lost, not an error) when it dies again', async () => {
    const pool = createThreadPool(2, flaky);
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((id) => pool.run(task(id))));
    const closing = pool.close();
    expect(pool.close()).toBe(closing); // a second close waits for the same termination
    await closing;
    expect(results).toEqual([
      { runId: 0, rows: [{ year: 0 }] },
      { runId: 1, rows: [{ year: 1 }] },
      { runId: 2, lost: 'worker thread exited with code 3 during the run, on 2 workers in turn' },
      { runId: 3, rows: [{ year: 3 }] },
      { runId: 4, rows: [{ year: 4 }] }, // died once, then completed
      { runId: 5, rows: [{ year: 5 }] },
    ]);
    await expect(pool.run(task(6))).rejects.toThrow(/closed/);
  });

  it('fails as a whole (a run error) when a worker cannot start', async () => {
    const pool = createThreadPool(1, broken);
    const e = await pool.run(task(0)).then(() => undefined, (x: unknown) => x);
    await pool.close();
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).exitCode).toBe(1);
    expect((e as SimError).message).toMatch(/could not start a worker thread: worker thread failed: cannot load the model/);
  });

  it("in-process pool turns a throw into the run's error, on one line", async () => {
    const pool = createInlinePool(() => {
      throw new Error('bad\n  thing');
    });
    expect(await pool.run(task(7))).toEqual({ runId: 7, error: 'bad thing' });
    expect(errorText('x')).toBe('x');
    expect(pool.close()).toBe(pool.close());
  });
});

describe('csvRecords', () => {
  it('splits records on newlines outside quotes, reads the run id, and flags a torn last record', () => {
    const path = join(dir, 'r.csv');
    const big = 'x'.repeat(3 << 20); // records across 1 MiB chunks
    writeFileSync(path, `h,a\n12,"a,\nb"\n7,${big}\n"q",1\n3,"open`);
    const fd = openSync(path, 'r');
    const recs = [...csvRecords(fd)];
    closeSync(fd);
    expect(recs.map((r) => [r.runId, r.terminated])).toEqual([[-1, true], [12, true], [7, true], [-1, true], [-1, false]]);
    expect(recs[1]).toMatchObject({ start: 4, end: 14 });
    expect(recs[2]!.end - recs[2]!.start).toBe(big.length + 3);
  });
});
