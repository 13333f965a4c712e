// Mechanism 7 (credit, docs/ODD.md 7.7): origination and settlement alone.
import { describe, expect, it } from 'vitest';
import { P, T } from '../../src/core/domain.ts';
import { NPROG, NTRUST, FROM_Q } from '../../src/core/households.ts';
import { A, PU } from '../../src/core/ledger.ts';
import { originateLoans, settleLoans } from '../../src/mechanisms/credit.ts';
import { expectBooksBalance, january, roundUntil } from '../helpers/model.ts';

function atOrigination() {
  const m = january({ lever_effects: { credit_supply: { at0: 0.5, at1: 0.5 } } }, 1);
  roundUntil(m, 'originateLoans');
  m.ledger.post();
  return m;
}

describe('originateLoans', () => {
  it('lends only to eligible registered households, within each county\'s capacity, paid into savings; the books balance', () => {
    const m = atOrigination();
    const hh = m.hh;
    const cr = m.s.credit;
    const capacity = m.counties.map((c) => {
      let reg = 0;
      for (let i = c.hhStart; i < c.hhEnd; i++) if (hh.registered[i] === 1) reg += hh.weight[i]!;
      return m.eff.credit_supply * c.lenderConfidence * reg;
    });
    const savings = Float64Array.from(hh.savings);
    m.ledger.closeYear();
    originateLoans(m);
    let lent = 0;
    for (const [k, c] of m.counties.entries()) {
      let borrowers = 0;
      for (let i = c.hhStart; i < c.hhEnd; i++) {
        if (hh.loan[i] === 0) continue;
        expect(hh.loan[i]).toBe(cr.loan_size);
        expect(hh.registered[i]).toBe(1);
        expect(hh.labour[i]).toBeGreaterThan(0);
        expect(hh.skill[i]).toBeGreaterThanOrEqual(cr.min_skill);
        expect(hh.aspiration[i]).toBeGreaterThanOrEqual(m.s.aspiration.min_to_apply);
        expect(hh.trust[i * NTRUST + T.government]).toBeGreaterThanOrEqual(m.s.trust.participation_gate);
        expect(hh.plan[i] === P.credit || hh.awareness[i * NPROG + P.credit]! * FROM_Q >= 0.3).toBe(true);
        expect(hh.savings[i]! - savings[i]!).toBeCloseTo(cr.loan_size, 6);
        borrowers += hh.weight[i]!;
        lent += hh.weight[i]! * cr.loan_size;
      }
      // The last loan may take the county over its capacity by one household.
      expect(borrowers).toBeLessThan(capacity[k]! + hh.weight[c.hhStart]! + 1e-6);
    }
    expect(lent).toBeGreaterThan(0);
    expect(m.ledger.yearFlow(A.lender, A.household)).toBeCloseTo(lent, 1);
    expectBooksBalance(m);
  });
});

describe('settleLoans', () => {
  it('repays or defaults every loan, keeps lender confidence in [0.05, 1], and the books balance', () => {
    const m = atOrigination();
    originateLoans(m);
    const hh = m.hh;
    // Half the borrowers lose their savings: they must default.
    let broke = 0;
    for (let i = 0; i < hh.n; i++) {
      if (hh.loan[i]! > 0 && i % 2 === 0) {
        hh.savings[i] = 0;
        broke++;
      }
    }
    // Keep the ledger in step with the savings taken away (consumed).
    let gone = 0;
    m.ledger.post();
    for (let i = 0; i < hh.n; i++) gone += hh.weight[i]! * hh.savings[i]!;
    m.ledger.transfer(A.household, A.consumption, PU.living, m.ledger.yuan(A.household) - gone);
    expect(broke).toBeGreaterThan(0);
    m.stats.reset();
    settleLoans(m);
    expect(m.stats.loanDefaults).toBeGreaterThan(0);
    for (const c of m.counties) {
      expect(c.lenderConfidence).toBeGreaterThanOrEqual(0.05);
      expect(c.lenderConfidence).toBeLessThanOrEqual(1);
    }
    for (let i = 0; i < hh.n; i++) if (hh.loan[i]! > 0) expect(hh.savings[i]).toBeGreaterThanOrEqual(0);
    expectBooksBalance(m);
  });
});
