// Mechanism 3 (matching, docs/ODD.md 7.3): bestProgrammes alone, then plans
// and delivery on a small model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSES, NONE, P, PROGRAMMES } from '../../src/core/domain.ts';
import { allocateAndPlan, bestProgrammes, deliverCapitalProgrammes, payCashProgrammes } from '../../src/mechanisms/matching.ts';
import { expectBooksBalance, january, roundUntil } from '../helpers/model.ts';

const NC = CAUSES.length;
const NPG = PROGRAMMES.length;

describe('bestProgrammes', () => {
  it('picks the argmax per cause, the earlier programme on ties', () => {
    const matrix = fc.array(fc.integer({ min: 0, max: 5 }).map((k) => k / 5), { minLength: NPG * NC, maxLength: NPG * NC });
    fc.assert(
      fc.property(matrix, (xs) => {
        const M = Float64Array.from(xs);
        const best = bestProgrammes(M);
        expect(best).toHaveLength(NC);
        for (let c = 0; c < NC; c++) {
          const column = Array.from({ length: NPG }, (_, p) => M[p * NC + c]!);
          const max = Math.max(...column);
          expect(best[c]).toBe(column.indexOf(max));
        }
      }),
    );
  });

  it('on the scenario matrix, names a programme for every cause', () => {
    const m = january({ population: { households: 60, villages_per_county: 3 } });
    const best = bestProgrammes(m.matchMatrix);
    for (const b of best) expect(b).toBeGreaterThanOrEqual(0), expect(b).toBeLessThan(NPG);
  });
});

describe('allocateAndPlan', () => {
  it('plans every registered household into a programme it is eligible for; unregistered ones get none', () => {
    const m = january({}, 1);
    roundUntil(m, 'allocateAndPlan');
    allocateAndPlan(m);
    const hh = m.hh;
    let planned = 0;
    for (let i = 0; i < hh.n; i++) {
      const p = hh.plan[i]!;
      if (hh.registered[i] !== 1) {
        expect(p).toBe(NONE); // guarantee_after_exit is off by default
        continue;
      }
      planned++;
      expect(p).toBeGreaterThanOrEqual(0);
      const v = hh.village[i]!;
      if (p === P.relocation) expect(m.villages.harsh[v]).toBe(1);
      if (p === P.ecological) expect(m.villages.eco[v]).toBe(1);
      if (p === P.education) expect(hh.children[i]).toBeGreaterThan(0);
      if (hh.labour[i] === 0) expect([P.industry, P.employment, P.training, P.credit]).not.toContain(p);
    }
    expect(planned).toBeGreaterThan(0);
    expect(m.stats.planMatched).toBeLessThanOrEqual(m.stats.planTotal + 1e-9);
    expect(m.deliveryMonth).toBeGreaterThanOrEqual(0);
    expect(m.deliveryMonth).toBeLessThanOrEqual(11);
  });

  it('with perfect match accuracy every plan fits the true cause', () => {
    const m = january({ lever_effects: { match_accuracy: { at0: 1, at1: 1 } } }, 1);
    roundUntil(m, 'allocateAndPlan');
    allocateAndPlan(m);
    expect(m.stats.planTotal).toBeGreaterThan(0);
    expect(m.stats.planMatched).toBeCloseTo(m.stats.planTotal, 6);
  });
});

describe('payCashProgrammes and deliverCapitalProgrammes', () => {
  it('move programme money to households and sinks with the books balanced', () => {
    const m = january({}, 1);
    roundUntil(m, 'allocateAndPlan');
    allocateAndPlan(m);
    m.ledger.post();
    m.month = m.deliveryMonth;
    const funds = m.counties.reduce((a, c) => a + c.funds.reduce((x, y) => x + y, 0), 0);
    payCashProgrammes(m);
    deliverCapitalProgrammes(m);
    expect(m.stats.publicSpent).toBeGreaterThan(0);
    const after = m.counties.reduce((a, c) => a + c.funds.reduce((x, y) => x + y, 0), 0);
    expect(funds - after).toBeCloseTo(m.stats.publicSpent, 3);
    for (let i = 0; i < m.hh.n; i++) expect(m.hh.grant[i]).toBe(0); // every grant delivered once
    // Households book this cash in their own monthly step (household.ts), so only the county side is checked.
    expectBooksBalance(m, false);
  });
});
