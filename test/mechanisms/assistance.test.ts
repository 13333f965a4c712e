// Mechanism 9 (counterpart assistance, docs/ODD.md 7.9): applyAssistance alone.
import { describe, expect, it } from 'vitest';
import { A } from '../../src/core/ledger.ts';
import { applyAssistance } from '../../src/mechanisms/assistance.ts';
import { expectBooksBalance, january } from '../helpers/model.ts';

describe('applyAssistance', () => {
  it('sets cadre contact in [0, 1) from cadres, rising with the assistance lever', () => {
    const low = january({ levers: { assistance: 0 } });
    const high = january({ levers: { assistance: 1 } });
    applyAssistance(low);
    applyAssistance(high);
    const inf = low.s.information;
    const expected = 1 - Math.exp(-(inf.cadres_per_village + low.eff.extra_cadres) * inf.cadre_contact);
    for (let v = 0; v < low.villages.n; v++) {
      expect(low.villages.contact[v]).toBeCloseTo(expected, 6);
      expect(low.villages.contact[v]).toBeLessThan(1);
      expect(low.villages.contact[v]).toBeGreaterThanOrEqual(0);
    }
    expect(high.eff.extra_cadres).toBeGreaterThan(low.eff.extra_cadres);
    expect(high.villages.contact[0]).toBeGreaterThan(low.villages.contact[0]!);
  });

  it('external funds join the county pools in proportion to weight, with no losses, and the books balance', () => {
    const m = january({ levers: { assistance: 1 }, population: { counties: 2 } });
    const before = m.counties.map((c) => c.pool);
    m.ledger.closeYear();
    applyAssistance(m);
    const external = m.eff.external_funds * m.now.centralBudget;
    expect(external).toBeGreaterThan(0);
    expect(m.ledger.yearFlow(A.external_assistance, A.county)).toBeCloseTo(external, 1);
    m.counties.forEach((c, k) => expect(c.pool - before[k]!).toBeCloseTo((external * c.weight) / m.s.population.represented_households, 3));
    expectBooksBalance(m);
  });
});
