// Mechanism 3 (matching, docs/ODD.md 7.3): bestProgrammes alone, then plans
// and delivery on a small model.
// Cause recording (issue 10): a mis-recorded cause is drawn near the true
// one. One uniform draw per household, as before; related_weight 1 is the
// old uniform draw exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C, CAUSES, NONE, P, PROGRAMMES } from '../../src/core/domain.ts';
import { Draws } from '../../src/core/rng.ts';
import { RELATED_CAUSES, allocateAndPlan, bestProgrammes, confusionTable, deliverCapitalProgrammes, handOverToOrganisations, misrecordedCause, payCashProgrammes, wholeGrants } from '../../src/mechanisms/matching.ts';
import { socialOrgsYear } from '../../src/agents/social-organisation.ts';
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


describe('one-off grants (training, relocation): wholeGrants', () => {
  const books = (c: { pool: number; funds: Float64Array }) => c.pool + c.funds.reduce((a, b) => a + b, 0);

  it('buys floor(x) or floor(x) + 1 whole grants, x = funds / (w * grant), with floor(x) + 1 about frac(x) of the time; no money created or lost', () => {
    const m = january({}, 1);
    const c = m.counties[0]!;
    const w = m.householdWeight;
    const cost = m.s.programmes.relocation_cost;
    const need = new Float64Array(NPG).fill(1e15); // every programme still lacks money
    const x = 3.3;
    let up = 0;
    const n = 400;
    for (let t = 0; t < n; t++) {
      (m as { rng: Draws }).rng = new Draws(t, 0); // another seed: another keyed draw
      c.funds.fill(1e6 * w);
      c.funds[P.training] = 0;
      c.funds[P.relocation] = x * w * cost;
      c.pool = 0;
      const before = books(c);
      const k = wholeGrants(m, c, need)[P.relocation]!;
      expect([3, 4]).toContain(k);
      expect(c.funds[P.relocation]).toBeCloseTo(k * w * cost, 0); // exactly whole grants: no overdraft
      expect(Math.abs(books(c) - before)).toBeLessThanOrEqual(1e-9 * before);
      for (const f of c.funds) expect(f).toBeGreaterThanOrEqual(0);
      if (k === 4) up++;
    }
    // 0.3 of n = 120, binomial sd 9.2: within 4 sd.
    expect(Math.abs(up - 0.3 * n)).toBeLessThanOrEqual(4 * Math.sqrt(n * 0.3 * 0.7));
  });

  it('rounds down when the county has no money for the last grant, and gives the rest to what other programmes lack, then to the pool', () => {
    const m = january({}, 1);
    const c = m.counties[0]!;
    const w = m.householdWeight;
    const cost = m.s.programmes.training_cost;
    const need = new Float64Array(NPG);
    for (let t = 0; t < 50; t++) {
      (m as { rng: Draws }).rng = new Draws(t, 0);
      c.funds.fill(0);
      c.funds[P.training] = 0.99 * w * cost; // almost always rounded up, but nothing to take it from
      c.pool = 0;
      expect(wholeGrants(m, c, need)[P.training]).toBe(0);
      expect(c.funds[P.training]).toBe(0);
      expect(c.pool).toBeCloseTo(0.99 * w * cost, 0); // no programme lacks money: the rest is idle
    }
  });

  it('on a run: every training and relocation programme holds whole grants after planning, and pays no more grants than takers', () => {
    for (const seed of [1, 2, 3]) {
      // Grants dear enough that the programmes' money buys only part of what is asked.
      const m = january({ programmes: { training_cost: 5e5, relocation_cost: 5e5 } }, 1, seed);
      roundUntil(m, 'allocateAndPlan');
      const before = m.counties.map((c) => c.pool + c.funds.reduce((a, b) => a + b, 0) + c.subsidyPot);
      allocateAndPlan(m);
      const hh = m.hh;
      const w = m.householdWeight;
      m.counties.forEach((c, k) => {
        const after = c.pool + c.funds.reduce((a, b) => a + b, 0) + c.subsidyPot;
        expect(Math.abs(after - before[k]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, before[k]!));
        for (const p of [P.training, P.relocation]) {
          let grants = 0;
          let takers = 0;
          for (let i = c.hhStart; i < c.hhEnd; i++) {
            if (hh.plan[i] !== p || hh.promisedGov[i] === 0) continue;
            takers++;
            if (hh.grant[i]! > 0) grants++;
          }
          expect(grants).toBeLessThanOrEqual(takers);
          expect(c.funds[p]).toBeCloseTo(grants * w * 5e5, 0);
        }
      });
    }
  });
});

describe('handOverToOrganisations (displacement, docs/ODD.md 7.13)', () => {
  it('withdraws the county help of every planned household an organisation serves, and the monthly totals follow', () => {
    const m = january({}, 1);
    roundUntil(m, 'socialOrgsYear');
    m.eff.duplication = 1; // organisations serve planned households whenever they find them
    socialOrgsYear(m);
    const hh = m.hh;
    const withdrawable = (i: number) => hh.promisedSo[i]! > 0 && hh.plan[i] !== NONE && hh.plan[i] !== P.social_security && hh.plan[i] !== P.credit;
    let expected = 0;
    for (let i = 0; i < hh.n; i++) {
      if (withdrawable(i) && (hh.cashGov[i]! > 0 || hh.grant[i]! > 0 || hh.reimbExtra[i]! > 0 || hh.promisedGov[i]! > 0)) expected += hh.weight[i]!;
    }
    expect(expected).toBeGreaterThan(0);
    handOverToOrganisations(m);
    expect(m.stats.handedOver).toBeCloseTo(expected, 6);
    for (let i = 0; i < hh.n; i++) {
      if (!withdrawable(i)) continue;
      expect([hh.cashGov[i], hh.grant[i], hh.reimbExtra[i], hh.promisedGov[i], hh.deliveredGov[i]]).toEqual([0, 0, 0, 0, 0]);
      // Nothing else is captured in January: no float residue that trust would read as a broken promise.
      expect(hh.captured[i]).toBe(0);
    }
    // What the county will pay each month is what the households still entitled receive.
    for (const c of m.counties) {
      for (const p of [P.employment, P.education, P.ecological]) {
        let net = 0;
        for (let i = c.hhStart; i < c.hhEnd; i++) if (hh.plan[i] === p) net += hh.weight[i]! * hh.cashGov[i]!;
        const totals = c.monthlyNet[p]! + c.monthlyNet[NPG + p]!;
        expect(Math.abs(totals - net)).toBeLessThanOrEqual(1e-6 * Math.max(1, net));
      }
    }
  });

  it('does nothing under the single-centre arrangement', () => {
    const m = january({ governance: { arrangement: 'single' } }, 1);
    roundUntil(m, 'handOverToOrganisations');
    handOverToOrganisations(m);
    expect(m.stats.handedOver).toBe(0);
  });
});


const GRID = Array.from({ length: 80000 }, (_, k) => (k + 0.5) / 80000);

describe('mis-recorded causes', () => {
  it('related_weight 1 is the uniform draw floor(u * 8)', () => {
    const t = confusionTable(1);
    for (let c = 0; c < NC; c++) for (const u of [0, 0.1249999, 0.125, 0.5, 0.87, 0.9999999, ...GRID.slice(0, 2000)]) {
      expect(misrecordedCause(t, c, u)).toBe(Math.floor(u * NC));
    }
  });

  it('draws a related cause related_weight times as often as an unrelated one', () => {
    const w = 4;
    const t = confusionTable(w);
    const related = (a: number, b: number) => RELATED_CAUSES.some(([x, y]) => (C[x] === a && C[y] === b) || (C[x] === b && C[y] === a));
    for (let c = 0; c < NC; c++) {
      const counts = new Array<number>(NC).fill(0);
      for (const u of GRID) counts[misrecordedCause(t, c, u)]!++;
      const weights = CAUSES.map((_, k) => (k !== c && related(c, k) ? w : 1));
      const total = weights.reduce((a, b) => a + b, 0);
      counts.forEach((n, k) => expect(n / GRID.length).toBeCloseTo(weights[k]! / total, 3));
    }
    // illness is most often confused with disability and lack of labour
    const illness = new Array<number>(NC).fill(0);
    for (const u of GRID) illness[misrecordedCause(t, C.illness!, u)]!++;
    expect(illness[C.disability!]).toBeGreaterThan(illness[C.lack_skills!]! * 3.9);
    expect(illness[C.lack_labour!]).toBeGreaterThan(illness[C.harsh_location!]! * 3.9);
  });

  it('the relation is between causes the registry distinguishes, each pair once', () => {
    const keys = RELATED_CAUSES.map(([a, b]) => [a, b].sort().join('|'));
    expect(new Set(keys).size).toBe(keys.length);
    for (const [a, b] of RELATED_CAUSES) {
      expect(a).not.toBe(b);
      expect(CAUSES).toContain(a);
      expect(CAUSES).toContain(b);
    }
  });
});
