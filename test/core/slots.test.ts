// Capacities in represented households filled by simulated households
// (src/core/slots.ts): stochastic rounding, so a capacity means the same
// thing whatever each simulated household stands for.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { slots } from '../../src/core/slots.ts';
import { runReplicate } from '../../src/experiments/run.ts';
import { small } from '../helpers/scenarios.ts';

describe('slots', () => {
  it('is capacity / w rounded down or up, up with probability equal to the fraction', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0.01, max: 1e3, noNaN: true }), (capacity, w) => {
        const x = capacity / w;
        const N = 1000;
        let sum = 0;
        for (let k = 0; k < N; k++) {
          const s = slots(capacity, w, (k + 0.5) / N);
          expect(s === Math.floor(x) || s === Math.floor(x) + 1).toBe(true);
          sum += s;
        }
        // Over an even grid of uniforms the mean is x to within one grid step.
        expect(Math.abs(sum / N - x)).toBeLessThanOrEqual(1 / N + 1e-9);
      }),
    );
  });

  it('gives nothing for no capacity, and never a negative count', () => {
    expect(slots(0, 5, 0)).toBe(0);
    expect(slots(-3, 5, 0)).toBe(0);
    expect(slots(3, 0, 0.1)).toBe(0);
  });
});

describe('capacities do not depend on the sample size', () => {
  // The same represented county simulated with 2,000 and with 10,000 households
  // (each standing for 65 and for 13): an elite co-operative's places (12
  // represented households per elite) and a firm's jobs (150) are below or near
  // one simulated household at the small size. Rounding to whole households
  // gave the small sample 1.8 times the co-operative members and a sixth fewer jobs; stochastic
  // rounding keeps both within sampling noise.
  const run = (households: number) => {
    const s = small({ population: { households, represented_households: 130_000, counties: 1, villages_per_county: 200 }, time: { start_year: 2014, end_year: 2016 } });
    const rows = [0, 1].flatMap((r) => runReplicate(s, 5, r).trajectory);
    const mean = (k: string) => rows.reduce((a, row) => a + Number(row[k]), 0) / rows.length;
    return { coop: mean('coop_members'), jobs: mean('enterprise_jobs') };
  };
  it('co-operative members and firm jobs agree within 15% between 2,000 and 10,000 simulated households', () => {
    const a = run(2_000);
    const b = run(10_000);
    expect(b.coop).toBeGreaterThan(0);
    expect(b.jobs).toBeGreaterThan(0);
    expect(Math.abs(a.coop / b.coop - 1)).toBeLessThan(0.15);
    expect(Math.abs(a.jobs / b.jobs - 1)).toBeLessThan(0.15);
  });
});
