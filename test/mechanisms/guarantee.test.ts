// The minimum living guarantee as its own programme (src/mechanisms/guarantee.ts):
// a means test of every household on its own income, referrals from the
// registry, a budget rationed by priority (poorest observed first by default), paid by civil affairs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { P } from '../../src/core/domain.ts';
import { A } from '../../src/core/ledger.ts';
import type { Model } from '../../src/core/model.ts';
import { guaranteePerPerson, meansTestGuarantee } from '../../src/mechanisms/guarantee.ts';
import { createModel, step } from '../../src/schedule.ts';
import { small } from '../helpers/scenarios.ts';

const SEED = 5;

/** A model stepped to the end of its warm-up year (incomes known, guarantee paid once). */
function afterWarmUp(patch: Record<string, unknown>, seed = SEED): Model {
  const m = createModel(small(patch), seed, 0);
  for (let k = 0; k < 12; k++) step(m);
  return m;
}

/** Own income per person the means test is about: last year's income less last year's guarantee. */
const own = (m: Model, i: number) => m.hh.income[i]! - m.hh.dibaoLast[i]!;

describe('guaranteePerPerson', () => {
  it('pays top_up times the gap below the standard (an income below zero counts as zero), nothing at or above it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: -1e5, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (standard, income, topUp) => {
        const pay = guaranteePerPerson(standard, income, topUp);
        if (income >= standard) expect(pay).toBe(0);
        else expect(pay).toBeCloseTo(topUp * (standard - Math.max(0, income)), 6);
        expect(pay).toBeGreaterThanOrEqual(0);
        expect(pay).toBeLessThanOrEqual(topUp * standard);
      }),
    );
  });
});

describe('means test without a budget (an entitlement)', () => {
  it('with an exact observation and full take-up, enrols exactly the households whose own income is below the standard', () => {
    const m = afterWarmUp({ guarantee: { observation_noise: 0, take_up: 1, top_up: 1 } });
    meansTestGuarantee(m);
    const hh = m.hh;
    const standard = m.now.guaranteeLine;
    let recipients = 0;
    for (let i = 0; i < hh.n; i++) {
      const below = own(m, i) < standard;
      const referred = hh.registered[i] === 1 && hh.plan[i] === P.social_security;
      if (referred) continue; // enrolled on the registry's observation instead
      expect(hh.guaranteeMonthly[i]! > 0).toBe(below);
      if (below) {
        // The top-up fills the whole gap (top_up 1): own income (at least 0) plus guarantee reaches the standard.
        expect(Math.max(0, own(m, i)) + (hh.guaranteeMonthly[i]! * 12) / hh.size[i]!).toBeCloseTo(standard, 0);
        recipients++;
      }
    }
    expect(recipients).toBeGreaterThan(0);
    expect(m.stats.guaranteeIncluded).toBe(0);
    expect(m.stats.guaranteeExcluded).toBe(0);
  });

  it('noise brings inclusion and exclusion errors; take-up below 1 only exclusion', () => {
    const noisy = afterWarmUp({ guarantee: { observation_noise: 0.8 } });
    meansTestGuarantee(noisy);
    expect(noisy.stats.guaranteeIncluded).toBeGreaterThan(0);
    expect(noisy.stats.guaranteeExcluded).toBeGreaterThan(0);
    const shy = afterWarmUp({ guarantee: { observation_noise: 0, take_up: 0.5 } });
    meansTestGuarantee(shy);
    expect(shy.stats.guaranteeIncluded).toBe(0);
    expect(shy.stats.guaranteeExcluded / shy.stats.guaranteeEligible).toBeGreaterThan(0.3);
  });

  it('is switched off entirely by guarantee.enabled = false', () => {
    const m = createModel(small({ guarantee: { enabled: false } }), SEED, 0);
    while (!m.finished) {
      step(m);
      expect(m.guaranteeMonthlyTotal).toBe(0);
    }
    expect(m.ledger.yearFrom(A.guarantee_budget)).toBe(0);
  });
});

describe('a budget rations the guarantee, poorest observed first', () => {
  it('spends the budget when applicants need more, on the poorest', () => {
    const free = afterWarmUp({ guarantee: { observation_noise: 0 } });
    meansTestGuarantee(free);
    const entitlement = free.guaranteeMonthlyTotal * 12;
    expect(entitlement).toBeGreaterThan(0);
    // Half of what the entitlement would cost, for the represented population.
    const m = afterWarmUp({ guarantee: { observation_noise: 0, budget: entitlement / 2 } });
    meansTestGuarantee(m);
    // In the bin where the money runs out a matching SHARE of applicants is enrolled by their own draws,
    // so the budget is met in expectation: within a few percent here.
    expect(Math.abs(m.guaranteeMonthlyTotal * 12 - entitlement / 2)).toBeLessThan(0.05 * entitlement / 2);
    // Everyone enrolled (other than a referral) is poorer than everyone left out whom the entitlement enrolled,
    // up to the width of one bin of the rationing (a 64th of the standard).
    const hh = m.hh;
    let richestIn = -Infinity;
    let poorestOut = Infinity;
    for (let i = 0; i < hh.n; i++) {
      if (hh.registered[i] === 1 && hh.plan[i] === P.social_security) continue;
      if (hh.guaranteeMonthly[i]! > 0) richestIn = Math.max(richestIn, own(m, i));
      else if (free.hh.guaranteeMonthly[i]! > 0) poorestOut = Math.min(poorestOut, own(m, i));
    }
    expect(richestIn).toBeLessThanOrEqual(poorestOut + m.now.guaranteeLine / 64);
  });
});

describe('need_priority: how far a binding budget ranks applicants by observed need', () => {
  /** Recipients (not referrals) and their mean yearly payment per person, after a means test at half the entitlement. */
  function rationed(needPriority: number, budget: number) {
    const m = afterWarmUp({ guarantee: { observation_noise: 0, budget, need_priority: needPriority } });
    meansTestGuarantee(m);
    const hh = m.hh;
    let recipients = 0;
    let paid = 0;
    let ownSum = 0;
    for (let i = 0; i < hh.n; i++) {
      if (hh.registered[i] === 1 && hh.plan[i] === P.social_security) continue;
      if (hh.guaranteeMonthly[i]! <= 0) continue;
      recipients++;
      paid += (hh.guaranteeMonthly[i]! * 12) / hh.size[i]!;
      ownSum += Math.max(0, own(m, i));
    }
    return { m, recipients, meanPay: paid / recipients, meanOwn: ownSum / recipients };
  }

  it('spends the same budget either way; a lottery (0) enrols more, poorer-paid, less poor applicants than poorest first (1)', () => {
    const free = afterWarmUp({ guarantee: { observation_noise: 0 } });
    meansTestGuarantee(free);
    const half = (free.guaranteeMonthlyTotal * 12) / 2;
    const first = rationed(1, half);
    const lottery = rationed(0, half);
    const mixed = rationed(0.5, half);
    for (const r of [first, lottery, mixed]) expect(Math.abs(r.m.guaranteeMonthlyTotal * 12 - half)).toBeLessThan(0.05 * half);
    expect(lottery.recipients).toBeGreaterThan(first.recipients);
    expect(lottery.meanPay).toBeLessThan(first.meanPay);
    expect(lottery.meanOwn).toBeGreaterThan(first.meanOwn);
    // In between: 0.5 ranks by need less than 1 and more than 0.
    expect(mixed.meanOwn).toBeGreaterThan(first.meanOwn);
    expect(mixed.meanOwn).toBeLessThan(lottery.meanOwn);
  });

  it('meets the budget at every priority, with many applicants at zero income (the draw that orders the last bin is independent of the bin)', () => {
    // Half of the households with no income: a mass of applicants at the same observed need, whose
    // priority differs only by chance. Ordering the last bin by the draw that had also placed them in
    // it (a first version) funded all or none of them: 1.50 and 0.75 of the budget at need_priority
    // 0.97 here. One small county meets its budget only in expectation (0.92-1.15 by seed at the
    // default 1), so the mean over 8 seeds is checked.
    const zeroHalf = (m: Model) => {
      for (let i = 0; i < m.hh.n; i += 2) {
        m.hh.income[i] = 0;
        m.hh.dibaoLast[i] = 0;
      }
      return m;
    };
    for (const needPriority of [0.2, 0.83, 0.97]) {
      for (const share of [0.3, 0.6]) {
        let ratio = 0;
        for (let seed = 1; seed <= 8; seed++) {
          const free = zeroHalf(afterWarmUp({ guarantee: { observation_noise: 0.8 } }, seed));
          meansTestGuarantee(free);
          const budget = free.guaranteeMonthlyTotal * 12 * share;
          const m = zeroHalf(afterWarmUp({ guarantee: { observation_noise: 0.8, budget, need_priority: needPriority } }, seed));
          meansTestGuarantee(m);
          ratio += (m.guaranteeMonthlyTotal * 12) / budget / 8;
        }
        expect(Math.abs(ratio - 1)).toBeLessThan(0.05);
      }
    }
  });

  it('changes nothing without a budget (every applicant is enrolled)', () => {
    const a = afterWarmUp({ guarantee: { need_priority: 1 } });
    const b = afterWarmUp({ guarantee: { need_priority: 0 } });
    meansTestGuarantee(a);
    meansTestGuarantee(b);
    expect(Array.from(b.hh.guaranteeMonthly)).toEqual(Array.from(a.hh.guaranteeMonthly));
  });
});

describe('the guarantee in the run', () => {
  it('enrols nobody in the warm-up year (no income known yet), then pays from start_year\'s January through the ledger', () => {
    const m = createModel(small({}), SEED, 0);
    for (let k = 0; k < 12; k++) {
      step(m); // the warm-up year: every income is still 0, a means test would enrol everyone
      expect(m.guaranteeMonthlyTotal).toBe(0);
    }
    m.ledger.closeYear();
    step(m); // January of start_year
    expect(m.reporting).toBe(true);
    expect(m.guaranteeMonthlyTotal).toBeGreaterThan(0);
    expect(m.ledger.yearFrom(A.guarantee_budget)).toBeCloseTo(m.guaranteeMonthlyTotal, -2);
  });

  it('a registry referral is enrolled on the registry\'s observation even when nobody applies', () => {
    const m = createModel(small({ guarantee: { take_up: 0 } }), SEED, 0);
    let referrals = 0;
    while (!m.finished) {
      step(m);
      if (m.month !== 1 || !m.reporting) continue;
      const hh = m.hh;
      for (let i = 0; i < hh.n; i++) {
        const referred = hh.registered[i] === 1 && hh.plan[i] === P.social_security;
        if (!referred) expect(hh.guaranteeMonthly[i]).toBe(0); // take_up 0: no one applies
        else if (hh.observed[i]! - hh.dibaoLast[i]! < m.now.guaranteeLine) {
          expect(hh.guaranteeMonthly[i]).toBeGreaterThan(0);
          referrals++;
        }
      }
    }
    expect(referrals).toBeGreaterThan(0);
  });
});
