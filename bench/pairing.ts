/**
 * How well common random numbers pair two runs (issue 12, item 4): for each
 * pair of scenarios, R replicates of both arms with the same seeds, and the
 * standard deviation across replicates of the paired difference next to the
 * standard deviation of each arm, the correlation of the arms across
 * replicates, and var(b - a) / (var a + var b): 1 for unpaired runs, near 0
 * when the two runs share their illness, disasters and luck so that the
 * difference is the effect, not noise. A switch or a timed event that made
 * the draws fall out of step would push it back towards 1.
 *
 *   npx tsx bench/pairing.ts [replicates] [households]   # default 20 x 5,000
 */
import { loadScenarioFile } from '../src/scenario/scenario.ts';
import { runReplicate } from '../src/experiments/run.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { mean, sampleStandardDeviation } from 'simple-statistics';

const R = Number(process.argv[2] ?? 20);
const N = Number(process.argv[3] ?? 5000);
const size = [`population.households=${N}`];
const METRICS = ['headcount_ratio', 'exits', 'relapses', 'illness_episodes'];

const PAIRS: { name: string; a: [string, string[]]; b: [string, string[]] }[] = [
  { name: 'arrangement single vs multi', a: ['scenarios/single-centre.yaml', []], b: ['scenarios/multi-centre.yaml', []] },
  { name: 'channel: social watch off vs on', a: ['scenarios/multi-centre.yaml', ['budget.social_watch=0']], b: ['scenarios/multi-centre.yaml', []] },
  { name: 'timed event: regional disaster 2017', a: ['scenarios/baseline.yaml', []], b: ['scenarios/shock-regional-disaster.yaml', []] },
  { name: 'timed event: epidemic 2020', a: ['scenarios/baseline.yaml', []], b: ['scenarios/shock-epidemic.yaml', []] },
];

function finalValues(s: Scenario, seed: number): Record<string, number>[] {
  const out: Record<string, number>[] = [];
  for (let r = 0; r < R; r++) {
    const { trajectory } = runReplicate(s, seed, r);
    const last = trajectory[trajectory.length - 1]!;
    out.push(Object.fromEntries(METRICS.map((k) => [k, Number(last[k])])));
  }
  return out;
}

const fmt = (x: number) => x.toPrecision(3);
console.log(`replicates ${R}, households ${N}, seed 42; final year; sd = standard deviation across replicates`);
console.log(['pair', 'metric', 'mean b-a', 'sd(b-a)', 'sd(a)', 'sd(b)', 'corr(a,b)', 'var(b-a)/(var a + var b)'].join('\t'));
for (const p of PAIRS) {
  const a = finalValues(loadScenarioFile(p.a[0], [...size, ...p.a[1]]), 42);
  const b = finalValues(loadScenarioFile(p.b[0], [...size, ...p.b[1]]), 42);
  for (const k of METRICS) {
    const xa = a.map((r) => r[k]!), xb = b.map((r) => r[k]!);
    const d = xb.map((x, i) => x - xa[i]!);
    const sa = sampleStandardDeviation(xa), sb = sampleStandardDeviation(xb), sd = sampleStandardDeviation(d);
    // Unpaired runs would give var(b-a) = var a + var b (ratio 1); pairing lowers it.
    const both = sa * sa + sb * sb;
    const corr = sa > 0 && sb > 0 ? (both - sd * sd) / (2 * sa * sb) : NaN;
    console.log([p.name, k, fmt(mean(d)), fmt(sd), fmt(sa), fmt(sb), Number.isNaN(corr) ? '-' : fmt(corr), both > 0 ? fmt((sd * sd) / both) : '-'].join('\t'));
  }
}
