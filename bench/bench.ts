/**
 * Benchmark of the full model: households x monthly ticks per second at
 * 10,000, 100,000 and 1,000,000 households for a few simulated years (the
 * warm-up year included; population synthesis excluded). One household in one
 * monthly tick is one household-step. A short warm-up run comes first (JIT).
 * The last line is the figure for the largest size: `household-steps/s: N`.
 *
 * Before it, a sweep benchmark: the same sweep (4 design points x 4
 * replicates of the baseline county at 20,000 households, 2011-2020) on 1
 * and on 2 worker threads, wall time including worker start-up; prints runs
 * per second and the speed-up, and checks the two runs.csv are identical.
 *
 *   npm run bench                 # all sizes
 *   npm run bench -- 10000 100000 # chosen sizes (and no sweep benchmark)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel, step } from '../src/schedule.ts';
import { defaultScenario } from '../src/scenario/scenario.ts';
import { loadSweepFile } from '../src/experiments/sweep-file.ts';
import { runLoadedSweep } from '../src/experiments/sweep.ts';

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
const SIZES = sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000];
const YEARS = 3;

function measure(households: number): { rate: number; seconds: number; ticks: number } {
  const s = defaultScenario({
    name: 'bench',
    population: { households, represented_households: households * 5, counties: Math.max(1, Math.round(households / 50_000)), villages_per_county: 300 },
    time: { start_year: 2011, end_year: 2011 + YEARS - 1 },
  });
  const model = createModel(s, 42, 0);
  let ticks = 0;
  const t0 = process.hrtime.bigint();
  while (!model.finished) {
    step(model);
    ticks++;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: (households * ticks) / seconds, seconds, ticks };
}

async function sweepBenchmark(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pgs-bench-'));
  try {
    const base = fileURLToPath(new URL('../scenarios/baseline.yaml', import.meta.url));
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      [
        'name: bench-sweep',
        `base: ${JSON.stringify(base)}`,
        'set: {population.households: 20000}',
        'seed: 42',
        'replicates: 4',
        'design: {kind: factorial}',
        'parameters:',
        '  levers.technology: [0, 1]',
        '  levers.fund: [0, 1]',
        'metrics: [headcount_ratio, poverty_gap]',
        '',
      ].join('\n'),
    );
    const sweep = loadSweepFile(file);
    const times: number[] = [];
    const outputs: string[] = [];
    for (const workers of [1, 2]) {
      const out = join(dir, `w${workers}`);
      const t0 = process.hrtime.bigint();
      const r = await runLoadedSweep(sweep, { out, workers });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      times.push(seconds);
      outputs.push((await import('node:fs')).readFileSync(join(out, 'runs.csv'), 'utf8'));
      console.log(`sweep, ${workers} worker${workers > 1 ? 's' : ' '}: ${r.runs} runs in ${seconds.toFixed(2)} s, ${(r.runs / seconds).toFixed(2)} runs/s`);
    }
    console.log(`sweep speed-up, 2 workers over 1: ${(times[0]! / times[1]!).toFixed(2)}x; runs.csv identical: ${outputs[0] === outputs[1]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (sizes.length === 0) await sweepBenchmark();

// Warm-up: one short run first, so the figures measure compiled code rather
// than V8's first-call compilation (as any JIT benchmark does).
measure(20_000);

let last = 0;
for (const n of SIZES) {
  const { rate, seconds, ticks } = measure(n);
  last = rate;
  console.log(`${n.toLocaleString('en-US').padStart(10)} households, ${ticks} ticks: ${seconds.toFixed(2)} s, ${(rate / 1e6).toFixed(2)} M household-steps/s`);
}
console.log(`household-steps/s: ${Math.round(last)}`);
