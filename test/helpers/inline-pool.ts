// The worker pool module with its threads replaced by runs in this process,
// for vi.mock: tests of sweeps, sensitivity and calibration commands run
// fast, and `before` can watch or fail a run (a lost worker) without threads.
//   vi.mock('../../src/experiments/pool.ts', async (original) =>
//     (await import('../helpers/inline-pool.ts')).inlinePoolModule(original, (task) => ...));
import type { RunResult, RunTask } from '../../src/experiments/pool.ts';

type PoolModule = typeof import('../../src/experiments/pool.ts');

export async function inlinePoolModule(importOriginal: <T>() => Promise<T>, before?: (task: RunTask) => RunResult | undefined): Promise<PoolModule> {
  const actual = await importOriginal<PoolModule>();
  return {
    ...actual,
    createThreadPool: () =>
      actual.createInlinePool(async (task: RunTask): Promise<RunResult> => {
        const early = before?.(task);
        if (early) return early;
        const { executeRun } = await import('../../src/experiments/worker.ts');
        return executeRun(task);
      }),
  };
}
