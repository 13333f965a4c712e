// Population synthesis (src/agents/population.ts, docs/ODD.md 5): synthesise alone.
import { describe, expect, it } from 'vitest';
import { NPROG, NTRUST, FROM_Q } from '../../src/core/households.ts';
import { Draws } from '../../src/core/rng.ts';
import { synthesise } from '../../src/agents/population.ts';
import { small } from '../helpers/scenarios.ts';

describe('synthesise', () => {
  const s = small({ population: { counties: 2, households: 700, villages_per_county: 7 } });
  const pop = synthesise(s, new Draws(5, 0), 3000);

  it('lays out counties, villages and households as contiguous ranges covering everyone', () => {
    const { hh, villages, counties } = pop;
    expect(hh.n).toBe(s.population.households);
    expect(villages.n).toBe(s.population.counties * s.population.villages_per_county);
    expect(counties).toHaveLength(s.population.counties);
    expect(counties[0]!.hhStart).toBe(0);
    expect(counties.at(-1)!.hhEnd).toBe(hh.n);
    for (const [k, c] of counties.entries()) {
      if (k > 0) expect(c.hhStart).toBe(counties[k - 1]!.hhEnd);
      expect(villages.start[c.villageStart]).toBe(c.hhStart);
      expect(villages.end[c.villageEnd - 1]).toBe(c.hhEnd);
      for (let v = c.villageStart; v < c.villageEnd; v++) {
        expect(villages.county[v]).toBe(k);
        for (let i = villages.start[v]!; i < villages.end[v]!; i++) expect(hh.village[i]).toBe(v);
      }
    }
    const weight = Array.from(hh.weight).reduce((a, w) => a + w, 0);
    expect(weight).toBeCloseTo(s.population.represented_households, 3);
    expect(counties.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(s.population.represented_households, 3);
  });

  it('draws households within their ranges', () => {
    const hh = pop.hh;
    for (let i = 0; i < hh.n; i++) {
      expect(hh.size[i]).toBeGreaterThanOrEqual(1);
      expect(hh.labour[i]).toBeLessThanOrEqual(hh.size[i]!);
      expect(hh.children[i]).toBeLessThanOrEqual(hh.size[i]! - 1);
      for (const x of [hh.skill[i]!, hh.aspiration[i]!, hh.harshness[i]!]) expect(x >= 0 && x <= 1).toBe(true);
      for (let k = 0; k < NTRUST; k++) expect(hh.trust[i * NTRUST + k]! * FROM_Q).toBeLessThanOrEqual(1);
      for (let p = 0; p < NPROG; p++) expect(hh.awareness[i * NPROG + p]! * FROM_Q <= 1).toBe(true);
      expect(hh.land[i]).toBeGreaterThan(0);
      expect(hh.savings[i]).toBeGreaterThanOrEqual(0);
      expect(hh.registered[i]).toBe(0);
    }
  });

  it('is a function of the stream alone: the same seed gives the same households; elites only where they take part', () => {
    const again = synthesise(s, new Draws(5, 0), 3000);
    expect(Array.from(again.hh.skill)).toEqual(Array.from(pop.hh.skill));
    const noElites = synthesise(small({ population: { counties: 2, households: 700, villages_per_county: 7 }, governance: { elites: false } }), new Draws(5, 0), 3000);
    expect(Array.from(noElites.villages.elites).every((e) => e === 0)).toBe(true);
    expect(Array.from(noElites.hh.skill)).toEqual(Array.from(pop.hh.skill)); // the stream stays aligned
  });
});
