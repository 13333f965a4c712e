// Leading enterprises (src/agents/enterprise.ts, docs/ODD.md 7.4): entry and
// hiring, a month of production, and the year end, each alone.
import { describe, expect, it } from 'vitest';
import { firmsEnterAndHire, firmsMonth, firmsYearEnd } from '../../src/agents/enterprise.ts';
import { NONE, T } from '../../src/core/domain.ts';
import { NTRUST } from '../../src/core/households.ts';
import { A } from '../../src/core/ledger.ts';
import { expectBooksBalance, january, roundUntil, tolerance } from '../helpers/model.ts';

/** A model just after entry and hiring, with the entry hurdle set (low: firms enter). */
function hired(patch: Record<string, unknown> = {}, hurdle = -10) {
  const m = january(patch, 1);
  roundUntil(m, 'firmsEnterAndHire');
  m.ledger.post();
  m.eff.enterprise_hurdle = hurdle;
  firmsEnterAndHire(m);
  return m;
}

describe('firmsEnterAndHire', () => {
  it('firms enter when the hurdle is low; each employs at most its jobs, from households that trust it; the books balance', () => {
    const m = hired();
    const hh = m.hh;
    expect(m.firms.filter((f) => f.active).length).toBeGreaterThan(0);
    const count = new Map<number, number>();
    for (let i = 0; i < hh.n; i++) {
      expect(hh.employed[i]).toBe(hh.employer[i] === NONE ? 0 : 1);
      if (hh.employer[i] === NONE) continue;
      count.set(hh.employer[i]!, (count.get(hh.employer[i]!) ?? 0) + 1);
      expect(hh.trust[i * NTRUST + T.enterprise]).toBeGreaterThanOrEqual(m.s.trust.participation_gate);
      expect(m.firms[hh.employer[i]!]!.county).toBe(m.villages.county[hh.village[i]!]);
    }
    for (const f of m.firms) {
      expect(f.employees).toBe(count.get(f.id) ?? 0);
      expect(f.employees).toBeLessThanOrEqual(f.jobs);
    }
    expectBooksBalance(m);
  });

  it('no firm enters when enterprises take no part, or when the hurdle is out of reach', () => {
    expect(hired({ governance: { enterprises: false } }).firms).toHaveLength(0);
    // A hurdle out of reach: no new entries this year.
    const m = hired({}, 100);
    expect(m.stats.firmEntries).toBe(0);
  });
});

describe('firmsMonth and firmsYearEnd', () => {
  it('a month of sales and wages and the closing of the books keep the ledger balanced; leaving firms hold nothing', () => {
    const m = hired();
    for (let k = 0; k < 12; k++) firmsMonth(m);
    m.ledger.post();
    const revenue = m.firms.reduce((a, f) => a + f.revenueYear, 0);
    expect(revenue).toBeGreaterThan(0);
    firmsYearEnd(m);
    m.ledger.post();
    expect(m.ledger.imbalanceFen()).toBe(0);
    // Firms' own capital agrees with the ledger's enterprise account.
    const capital = m.firms.reduce((a, f) => a + f.capital, 0);
    expect(Math.abs(capital - m.ledger.yuan(A.enterprise))).toBeLessThanOrEqual(tolerance(m));
    for (const f of m.firms) {
      expect(f.revenueYear).toBe(0);
      if (!f.active) expect([f.capital, f.employees, f.employeesWeight]).toEqual([0, 0, 0]);
    }
    for (let i = 0; i < m.hh.n; i++) if (m.hh.employer[i] !== NONE) expect(m.firms[m.hh.employer[i]!]!.active).toBe(true);
  });
});

describe('a firm with no job slot (0 simulated jobs, docs/ODD.md 7.4)', () => {
  it('is judged on what its represented jobs earn: it leaves after its loss years when they lose money, stays when they pay', () => {
    // 0 job slots, or slots but nobody hired: either way the books are empty.
    for (const jobs of [0, 2]) {
      for (const [efficiency, leaves] of [[1e-6, true], [1e3, false]] as const) {
        const m = hired();
        const f = m.firms.find((x) => x.active)!;
        for (let i = 0; i < m.hh.n; i++) if (m.hh.employer[i] === f.id) m.hh.setEmployer(i, NONE);
        Object.assign(f, { jobs, employees: 0, employeesWeight: 0, efficiency, subsidy: 0, revenueYear: 0, costsYear: 0 });
        for (let y = 0; y < m.s.enterprises.exit_after_losses; y++) {
          for (let k = 0; k < 12; k++) firmsMonth(m); // no sales; what a worker would bring is kept
          expect(f.revenueYear).toBe(0);
          f.subsidy = 0;
          firmsYearEnd(m);
        }
        expect(f.active, `jobs ${jobs}, efficiency ${efficiency}`).toBe(!leaves);
      }
    }
  });
});
