// The nation-scale run (README, "Nation scale"): the national scenario with one simulated
// household per registered household of 2014 (29.48 million) is accepted, and the same
// scenario at 1/1000 of that size runs and reports in represented units. Nothing is timed.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/scenario.ts';
import { runReplicate } from '../../src/experiments/run.ts';

const file = fileURLToPath(new URL('../../scenarios/national-2010-2020.yaml', import.meta.url));

describe('nation scale', () => {
  it('accepts 29.48 million simulated households', () => {
    const s = loadScenarioFile(file, ['population.households=29480000']);
    expect(s.population.households).toBe(29_480_000);
  });

  it('runs the national scenario at 1/1000 of the registry (29,480 households) and reports in represented households', () => {
    const s = loadScenarioFile(file, ['population.households=29480']);
    const { model, trajectory } = runReplicate(s, 42, 0);
    let weight = 0;
    for (let i = 0; i < model.hh.n; i++) weight += model.hh.weight[i]!;
    expect(weight).toBeCloseTo(s.population.represented_households, -2);
    const y2014 = trajectory.find((r) => r['year'] === 2014)!;
    // The registry is counted in represented households whatever the sample size: tens of millions.
    expect(Number(y2014['registered_poor'])).toBeGreaterThan(5e6);
    expect(Number(y2014['registered_poor'])).toBeLessThan(1e8);
    expect(trajectory.at(-1)!['year']).toBe(2020);
  });
});
