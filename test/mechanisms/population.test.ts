// Household composition (population.composition): with by_size, children and
// workers come out of the household's size, so per-person labour does not
// fall with size; independent keeps the old draws.
import { describe, expect, it } from 'vitest';
import { createModel } from '../../src/schedule.ts';
import { small } from '../helpers/scenarios.ts';

const households = (composition: string) => createModel(small({ population: { households: 6000, composition } }), 3, 0).hh;

describe('household composition', () => {
  it('by_size: children and workers fit inside the household', () => {
    const hh = households('by_size');
    for (let i = 0; i < hh.n; i++) {
      expect(hh.children[i]! + hh.labour[i]!).toBeLessThanOrEqual(hh.size[i]!);
      expect(hh.children[i]!).toBeLessThan(hh.size[i]!);
    }
  });

  it('by_size: workers per person do not fall steeply with size, unlike independent draws', () => {
    const workersPerPerson = (composition: string, small: boolean) => {
      const hh = households(composition);
      let w = 0;
      let p = 0;
      for (let i = 0; i < hh.n; i++) {
        const s = hh.size[i]!;
        if (small ? s !== 2 : s < 5) continue;
        w += hh.labour[i]!;
        p += s;
      }
      return w / p;
    };
    const ratio = (c: string) => workersPerPerson(c, false) / workersPerPerson(c, true);
    expect(ratio('by_size')).toBeGreaterThan(0.6);
    expect(ratio('independent')).toBeLessThan(ratio('by_size'));
  });

  it('by_size keeps the schema means (elderly households of at most two lower the mean size a little)', () => {
    const hh = households('by_size');
    let size = 0;
    let children = 0;
    let labour = 0;
    let noLabour = 0;
    for (let i = 0; i < hh.n; i++) {
      size += hh.size[i]!;
      children += hh.children[i]!;
      labour += hh.labour[i]!;
      if (hh.labour[i] === 0) {
        noLabour++;
        if (hh.disabled[i] === 0) expect(hh.size[i]!).toBeLessThanOrEqual(2);
      }
    }
    const n = hh.n;
    expect(size / n).toBeGreaterThan(3.0);
    expect(size / n).toBeLessThan(3.25);
    expect(children / n).toBeGreaterThan(0.65);
    expect(children / n).toBeLessThan(0.85);
    expect(labour / n).toBeGreaterThan(1.6);
    expect(labour / n).toBeLessThan(2.0);
    expect(noLabour / n).toBeLessThan(0.12);
  });
});
