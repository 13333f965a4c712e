// Social organisations (src/agents/social-organisation.ts, docs/ODD.md 7.13) alone.
import { describe, expect, it } from 'vitest';
import { socialOrgsMonth, socialOrgsYear } from '../../src/agents/social-organisation.ts';
import { A } from '../../src/core/ledger.ts';
import { expectBooksBalance, january, roundUntil } from '../helpers/model.ts';

describe('socialOrgsYear', () => {
  it('raise donations, serve households within their funds and never overdraw; the books balance', () => {
    const m = january({}, 1);
    roundUntil(m, 'socialOrgsYear');
    m.ledger.post();
    m.ledger.closeYear();
    expect(m.socialOrgsActive).toBe(true);
    socialOrgsYear(m);
    expect(m.ledger.yearFlow(A.donations, A.social_org)).toBeGreaterThan(0);
    expect(m.stats.soServed).toBeGreaterThan(0);
    let served = 0;
    for (let i = 0; i < m.hh.n; i++) {
      if (m.hh.promisedSo[i]! > 0) {
        served += m.hh.weight[i]!;
        expect(m.hh.deliveredSo[i]).toBe(m.hh.promisedSo[i]);
      }
    }
    expect(served).toBeCloseTo(m.stats.soServed, 6);
    for (const c of m.counties) for (const o of c.orgs) expect(o.funds).toBeGreaterThanOrEqual(-1e-6);
    // Cash aid reaches households month by month; a year of it never overdraws the organisations.
    for (let k = 0; k < 12; k++) socialOrgsMonth(m);
    m.ledger.post();
    expect(m.ledger.fen(A.social_org) >= 0n).toBe(true);
    expectBooksBalance(m, false);
  });

  it('serve nobody under the single-centre arrangement', () => {
    const m = january({ governance: { arrangement: 'single' } }, 1);
    roundUntil(m, 'socialOrgsYear');
    socialOrgsYear(m);
    expect(m.stats.soServed).toBe(0);
    expect(m.counties.every((c) => c.monthlySoCash === 0)).toBe(true);
  });
});
