/**
 * Benchmark of the full model: households x monthly ticks per second at
 * 10,000, 100,000 and 1,000,000 households for a few simulated years (the
 * warm-up year included; population synthesis excluded). One household in one
 * monthly tick is one household-step. A short warm-up run comes first (JIT).
 * The last line is the figure for the largest size: `household-steps/s: N`.
 *
 *   npm run bench                 # all sizes
 *   npm run bench -- 10000 100000 # chosen sizes
 */
import { Model } from '../src/core/model.ts';
import { defaultScenario } from '../src/scenario/scenario.ts';

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
const SIZES = sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000];
const YEARS = 3;

function measure(households: number): { rate: number; seconds: number; ticks: number } {
  const s = defaultScenario({
    name: 'bench',
    population: { households, represented_households: households * 5, counties: Math.max(1, Math.round(households / 50_000)), villages_per_county: 300 },
    time: { start_year: 2011, end_year: 2011 + YEARS - 1 },
  });
  const model = new Model(s, 42, 0);
  let ticks = 0;
  const t0 = process.hrtime.bigint();
  while (!model.finished) {
    model.step();
    ticks++;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: (households * ticks) / seconds, seconds, ticks };
}

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
