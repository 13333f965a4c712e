/**
 * Benchmark of the real run path: `runReplicate` (the model and the data
 * collector, Gini included) at 100,000, 1,000,000 and 3,000,000 households
 * for the warm-up year and two reported years. One household in one monthly
 * tick is one household-step; the rate counts the ticks after the first
 * (population synthesis and the first tick are left out, so the figure is
 * the stepping speed) per second of the process's CPU time (all threads,
 * garbage collection included), not wall time, so that the figure can be
 * read on a shared machine. A short run first warms up the compiler.
 *
 * Next to each size, the bare typed-array loop of bench/bare.ts (same draws,
 * same column traffic, no model logic) runs in the same process for the same
 * years; `model/bare` is the bare rate over the model's rate (1 = as fast as
 * a bare loop). Peak RSS so far is printed per size.
 *
 * Before them, a sweep benchmark: the same sweep (4 design points x 4
 * replicates of the baseline county at 20,000 households, 2011-2020) on 1
 * and on 2 worker threads, wall time including worker start-up; prints runs
 * per second, CPU per run (all threads), the speed-up, whether the two
 * runs.csv are identical, and the warm-up each worker pays (the CPU of a
 * run in a fresh thread less that of a warm run, both measured here), and
 * the CPU of that first run in a real fresh worker thread through the
 * bundled entry and through the tsx entry (worker-bundle.ts).
 *
 * Then the workshop page's default run (the baseline at workshop size) as
 * the Chromium test timed it in the page's worker, next to the same run
 * under Node (src/workshop/timing.ts).
 *
 * The last two lines are `model/bare: X` and `household-steps/s: N`, both at
 * the largest size.
 *
 *   npm run bench                  # sweep and all sizes (about 3 minutes)
 *   npm run bench -- 10000 100000  # chosen sizes (and no sweep benchmark)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultScenario } from '../src/scenario/scenario.ts';
import { loadSweepFile, resolvePoint } from '../src/experiments/sweep-file.ts';
import { runLoadedSweep } from '../src/experiments/sweep.ts';
import { runReplicate } from '../src/experiments/run.ts';
import { createThreadPool } from '../src/experiments/pool.ts';
import { bundledWorkerEntry } from '../src/experiments/worker-bundle.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { bareRate } from './bare.ts';

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
const SIZES = sizes.length > 0 ? sizes : [100_000, 1_000_000, 3_000_000];
const YEARS = 3; // the warm-up year and two reported years

function scenarioOf(households: number): Scenario {
  return defaultScenario({
    name: 'bench',
    population: { households, represented_households: households * 5, counties: Math.max(1, Math.round(households / 50_000)), villages_per_county: 300 },
    time: { start_year: 2012, end_year: 2012 + YEARS - 2 },
  });
}

/** Household-steps per second of runReplicate, from the end of the first tick to the end of the run. */
function measure(s: Scenario): { rate: number; seconds: number; cpu: number; ticks: number } {
  let ticks = 0;
  let t1 = 0n;
  let c1 = process.cpuUsage();
  runReplicate(s, 42, 0, {
    onTick: () => {
      if (++ticks === 1) {
        t1 = process.hrtime.bigint();
        c1 = process.cpuUsage();
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
  const cpu = cpuSeconds(c1);
  return { rate: (s.population.households * (ticks - 1)) / cpu, seconds, cpu, ticks };
}

/** CPU seconds of this process (all its threads) since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
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
    // The first run in this fresh process: compiled as a worker's first run is.
    const point = resolvePoint(sweep, 0);
    const c0 = process.cpuUsage();
    runReplicate(point, 42, 0);
    const coldRun = cpuSeconds(c0);
    const times: number[] = [];
    const cpus: number[] = [];
    const outputs: string[] = [];
    for (const workers of [1, 2]) {
      const out = join(dir, `w${workers}`);
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const r = await runLoadedSweep(sweep, { out, workers });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = cpuSeconds(c0);
      times.push(seconds);
      cpus.push(cpu);
      outputs.push(readFileSync(join(out, 'runs.csv'), 'utf8'));
      const cpuPerRun = cpu / r.runs;
      console.log(`sweep, ${workers} worker${workers > 1 ? 's' : ' '}: ${r.runs} runs in ${seconds.toFixed(2)} s, ${(r.runs / seconds).toFixed(2)} runs/s, CPU ${cpuPerRun.toFixed(2)} s per run`);
    }
    console.log(`sweep speed-up, 2 workers over 1: ${(times[0]! / times[1]!).toFixed(2)}x; runs.csv identical: ${outputs[0] === outputs[1]}`);
    // Warm-up: the compiler's extra CPU in a fresh thread, which every worker pays.
    const runs = sweep.points.length * sweep.replicates;
    runReplicate(point, 42, 0); // warm this process
    runReplicate(point, 42, 1);
    const c1 = process.cpuUsage();
    runReplicate(point, 42, 2);
    const warmRun = cpuSeconds(c1);
    console.log(`sweep run: CPU ${coldRun.toFixed(2)} s cold, ${warmRun.toFixed(2)} s warm; warm-up per worker: CPU ${(coldRun - warmRun).toFixed(2)} s (the 1-worker sweep: ${cpus[0]!.toFixed(2)} s for ${runs} runs)`);
    // The same first run in a real fresh worker thread, through each entry: what a worker pays to start.
    const fresh: string[] = [];
    for (const [name, entry] of [['bundled entry', bundledWorkerEntry()], ['tsx entry', new URL('../src/experiments/worker-entry.mjs', import.meta.url)]] as const) {
      if (entry === undefined) continue;
      const pool = createThreadPool(1, entry);
      const c = process.cpuUsage();
      await pool.run({ runId: 0, scenario: point, seed: 42, replicate: 0, metrics: ['headcount_ratio'] });
      const first = cpuSeconds(c);
      await pool.close();
      fresh.push(`${name} ${first.toFixed(2)} s (warm-up ${(first - warmRun).toFixed(2)} s)`);
    }
    console.log(`first run in a fresh worker thread, CPU: ${fresh.join('; ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (sizes.length === 0) await sweepBenchmark();
// The workshop page's run in Chromium (recorded by its browser test) next to the same run under Node.
if (sizes.length === 0) console.log((await import('../src/workshop/timing.ts')).workshopTimingLine());

// Warm-up: one short run first, so the figures measure compiled code rather
// than V8's first-call compilation (as any JIT benchmark does).
measure(scenarioOf(20_000));
bareRate(20_000, 1);

let last = { rate: 0, ratio: 0 };
for (const n of SIZES) {
  const { rate, seconds, cpu, ticks } = measure(scenarioOf(n));
  const bare = bareRate(n, YEARS);
  last = { rate, ratio: bare.rate / rate };
  console.log(
    `${n.toLocaleString('en-US').padStart(10)} households, ${ticks} ticks: ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${(rate / 1e6).toFixed(2)} M household-steps/s; ` +
      `bare loop ${(bare.rate / 1e6).toFixed(2)} M/s, model/bare ${last.ratio.toFixed(2)}; peak RSS ${peakRssMiB().toFixed(0)} MiB`,
  );
}
console.log(`model/bare: ${last.ratio.toFixed(2)}`);
console.log(`household-steps/s: ${Math.round(last.rate)}`);
