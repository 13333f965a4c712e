// The bundled sweep worker (plain JavaScript, no tsx in the thread) runs the
// same modules as the in-process runner, so its rows are the same numbers.
import { describe, expect, it } from 'vitest';
import { createThreadPool, type RunTask } from '../../src/experiments/pool.ts';
import { bundledWorkerEntry } from '../../src/experiments/worker-bundle.ts';
import { executeRun } from '../../src/experiments/worker.ts';
import { defaultScenario } from '../../src/scenario/scenario.ts';

describe('bundled sweep worker', () => {
  it('builds once per process and returns the in-process runner’s rows', async () => {
    const entry = bundledWorkerEntry();
    expect(entry?.href).toMatch(/\.mjs$/);
    expect(bundledWorkerEntry()).toBe(entry);
    const scenario = defaultScenario({ name: 'bundle', population: { households: 1500, represented_households: 7500, counties: 1, villages_per_county: 20 }, time: { start_year: 2012, end_year: 2014 } });
    const task: RunTask = { runId: 7, scenario, seed: 42, replicate: 1, metrics: ['headcount_ratio', 'gini', 'funds_public'], ledger: true };
    const pool = createThreadPool(1, entry);
    try {
      const fromWorker = await pool.run(task);
      expect(fromWorker).toEqual(executeRun(task));
      expect('rows' in fromWorker && fromWorker.rows.length).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
