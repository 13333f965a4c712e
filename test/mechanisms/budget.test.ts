// Mechanism 1 (budget): supervision, leakage, transparency, appropriation and
// overdraft cover, each called alone on a small model (docs/ODD.md 7.1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { P } from '../../src/core/domain.ts';
import { A, PU } from '../../src/core/ledger.ts';
import { countyBooks } from '../../src/core/world.ts';
import { appropriate, coverOverdrafts, leakageRate, supervision, updateTransparency } from '../../src/mechanisms/budget.ts';
import { expectBooksBalance, fresh, january } from '../helpers/model.ts';

const unit = fc.integer({ min: 0, max: 100 }).map((k) => k / 100);

describe('supervision and leakageRate', () => {
  const m = fresh({ population: { households: 60, villages_per_county: 3 } });
  const b = m.s.budget;

  it('supervision is in [0, 1], at least the audits alone; leakage is in [0, leakage_base] and falls as supervision rises', () => {
    fc.assert(
      fc.property(unit, unit, unit, unit, (sup1, sup2, base, fs) => {
        b.leakage_base = base;
        m.eff.fund_supervision = fs;
        b.supervision = Math.min(sup1, sup2);
        const lowSup = supervision(m);
        const lowLeak = leakageRate(m);
        b.supervision = Math.max(sup1, sup2);
        const highSup = supervision(m);
        const highLeak = leakageRate(m);
        for (const s of [lowSup, highSup]) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        }
        // Responsibility shifting (issue 12): where social organisations watch, the audits keep 1 - coordination_loss.
        expect(highSup).toBeGreaterThanOrEqual(b.supervision * (1 - m.eff.coordination_loss) - 1e-12);
        expect(highSup).toBeGreaterThanOrEqual(lowSup);
        for (const l of [lowLeak, highLeak]) {
          expect(l).toBeGreaterThanOrEqual(0);
          expect(l).toBeLessThanOrEqual(base);
        }
        expect(highLeak).toBeLessThanOrEqual(lowLeak);
        expect(lowLeak).toBeCloseTo(base * (1 - lowSup), 12);
      }),
    );
  });

  it('full supervision stops leakage where nobody else watches; social watch counts only where social organisations take part, less responsibility shifting', () => {
    const multi = fresh({ population: { households: 60, villages_per_county: 3 }, budget: { supervision: 0, social_watch: 0.5 } });
    const single = fresh({ population: { households: 60, villages_per_county: 3 }, governance: { arrangement: 'single' }, budget: { supervision: 0, social_watch: 0.5 } });
    expect(multi.socialOrgsActive).toBe(true);
    expect(supervision(multi)).toBeGreaterThan(supervision(single));
    single.s.budget.supervision = 1;
    expect(leakageRate(single)).toBe(0);
    // Two watchers shift responsibility: each keeps 1 - coordination_loss of its effort (003 V.B).
    multi.s.budget.supervision = 1;
    const kept = 1 - multi.eff.coordination_loss;
    expect(supervision(multi)).toBeCloseTo(1 - (1 - kept) * (1 - multi.eff.fund_supervision) * (1 - 0.5 * kept), 12);
    multi.eff.coordination_loss = 0;
    expect(leakageRate(multi)).toBe(0);
  });
});

describe('updateTransparency', () => {
  it('transparency is in [0, 1] and capture never exceeds capture_base x (1 - transparency)', () => {
    const m = january({ budget: { capture_base: 0.5, transparency_base: 0.3 } });
    updateTransparency(m);
    const vil = m.villages;
    for (let v = 0; v < vil.n; v++) {
      expect(vil.transparency[v]).toBeGreaterThanOrEqual(m.s.budget.transparency_base - 1e-6);
      expect(vil.transparency[v]).toBeLessThanOrEqual(1);
      expect(vil.capture[v]).toBeGreaterThanOrEqual(0);
      expect(vil.capture[v]).toBeLessThanOrEqual(m.s.budget.capture_base * (1 - vil.transparency[v]!) + 1e-6);
    }
  });
});

describe('appropriate', () => {
  it('funds reach the county pools, leakage is the rate times what each level holds, and the books balance', () => {
    const m = january({ budget: { leakage_base: 0.2 } });
    const before = m.counties.map((c) => c.pool);
    m.ledger.closeYear();
    appropriate(m);
    m.counties.forEach((c, k) => expect(c.pool).toBeGreaterThan(before[k]!));
    const central = m.now.centralBudget;
    expect(central).toBeGreaterThan(0);
    expect(m.ledger.yearFlow(A.central, A.leakage)).toBeCloseTo(central * leakageRate(m), 1);
    expect(m.ledger.yearFlow(A.central, A.fragmentation)).toBeCloseTo(central * m.eff.fragmentation_loss, 1);
    expectBooksBalance(m);
  });

  it('nothing leaks when leakage_base is 0', () => {
    const m = january({ budget: { leakage_base: 0 } });
    m.ledger.closeYear();
    appropriate(m);
    expect(m.ledger.yearInto(A.leakage)).toBe(0);
    expectBooksBalance(m);
  });
});

describe('coverOverdrafts', () => {
  it('a county whose books are negative is topped up to zero from the supplementary budget; the books balance', () => {
    const m = january();
    const c = m.counties[0]!;
    const overdraft = countyBooks(c) + 1234.5;
    c.funds[P.health]! -= overdraft;
    m.ledger.add(A.county, A.medical, PU.health, overdraft);
    m.ledger.post();
    expect(countyBooks(c)).toBeLessThan(0);
    m.ledger.closeYear();
    coverOverdrafts(m);
    expect(countyBooks(c)).toBeCloseTo(0, 6);
    expect(m.ledger.yearFlow(A.supplementary_budget, A.county)).toBeCloseTo(1234.5, 2);
    expect(m.ledger.fen(A.county) >= 0n).toBe(true);
    expectBooksBalance(m);
  });
});
