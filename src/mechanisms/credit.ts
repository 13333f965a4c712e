/**
 * Mechanism 7 (credit): poverty microcredit for registered households with
 * the will (aspiration), a viable use (labour, skill) and enough trust in the
 * government-backed lender. Supply is limited by fund synergy and by the
 * lender's confidence, which defaults erode unless the credit programme's
 * risk-compensation fund covers them. Returns depend on skill, prices and
 * luck (a yearly shock draw); a default hurts trust and aspiration.
 */
import { NONE, P, T } from '../core/domain.ts';
import { NPROG, NTRUST, FROM_Q, toQ } from '../core/households.ts';
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import { slots } from '../core/slots.ts';
import { householdPrice } from './markets.ts';

/** Yearly return rate of household i's loan given its return luck z. */
function returnRate(m: Model, i: number, z: number): number {
  const cr = m.s.credit;
  const c = m.villages.county[m.hh.village[i]!]!;
  const price = householdPrice(m, c, m.hh.product[i] === 1);
  return cr.return_mean * (m.s.economy.skill_base + m.hh.skill[i]!) * price + cr.return_sd * z;
}

export function originateLoans(m: Model): void {
  const hh = m.hh;
  const cr = m.s.credit;
  const gate = m.s.trust.participation_gate;
  const minAsp = m.s.aspiration.min_to_apply;
  const minAware = m.s.information.uptake_awareness;
  const L = m.ledger;
  m.loanIncomeMonthly = 0;
  for (const c of m.counties) {
    let registered = 0;
    for (let i = c.hhStart; i < c.hhEnd; i++) if (hh.registered[i] === 1) registered += hh.weight[i]!;
    const span = c.hhEnd - c.hhStart;
    if (span === 0) continue;
    // The supply in represented households, as loans to simulated households (slots.ts).
    let capacity = slots(m.eff.credit_supply * c.lenderConfidence * registered, m.householdWeight, m.rng.u(SITE.creditSlots, c.id, m.yearTick));
    const offset = m.rng.int(span, SITE.creditRotation, c.id, m.yearTick);
    let lent = 0;
    for (let k = 0; k < span && capacity > 0; k++) {
      const i = c.hhStart + ((offset + k) % span);
      if (hh.registered[i] !== 1 || hh.loan[i]! > 0 || hh.labour[i] === 0) continue;
      if (hh.skill[i]! < cr.min_skill || hh.aspiration[i]! < minAsp) continue;
      if (hh.trust[i * NTRUST + T.government]! * FROM_Q < gate) continue;
      if (hh.plan[i] !== P.credit && hh.awareness[i * NPROG + P.credit]! * FROM_Q < minAware) continue;
      const w = hh.weight[i]!;
      hh.loan[i] = cr.loan_size;
      hh.savings[i]! += cr.loan_size;
      hh.loanReturn[i] = returnRate(m, i, hh.loanReturn[i]!);
      if (hh.plan[i] === NONE) hh.plan[i] = P.credit;
      capacity--;
      lent += w * cr.loan_size;
      m.loanIncomeMonthly += (w * cr.loan_size * hh.loanReturn[i]!) / 12;
      m.stats.loansIssued += w;
    }
    L.add(A.deposits, A.lender, PU.loan, lent);
    L.add(A.lender, A.household, PU.loan, lent);
  }
  L.post();
}

/** End of the loan year: repay with interest, or default on the shortfall. */
export function settleLoans(m: Model): void {
  const hh = m.hh;
  const cr = m.s.credit;
  const L = m.ledger;
  const loss = m.s.trust.loss_rate;
  for (const c of m.counties) {
    let repaid = 0;
    let lentWeight = 0;
    let shortfall = 0;
    let subsidy = 0;
    let defaultsWeight = 0;
    for (let i = c.hhStart; i < c.hhEnd; i++) {
      const loan = hh.loan[i]!;
      if (loan <= 0) continue;
      const w = hh.weight[i]!;
      const due = loan * (1 + cr.interest);
      const pay = Math.min(due, Math.max(0, hh.savings[i]!));
      hh.savings[i]! -= pay;
      repaid += w * pay;
      lentWeight += w;
      subsidy += w * loan * cr.subsidy_rate;
      if (pay < due * 0.99) {
        shortfall += w * (due - pay);
        defaultsWeight += w;
        const o = i * NTRUST + T.government;
        hh.trust[o] = toQ(hh.trust[o]! * FROM_Q * (1 - loss));
        hh.aspiration[i] = Math.max(0, hh.aspiration[i]! - m.s.aspiration.failure_drop);
      }
      // The loan stays on record until next January (for the year's statistics).
    }
    if (lentWeight === 0) continue;
    L.add(A.household, A.lender, PU.repayment, repaid);
    // The credit programme pays the interest subsidy, then compensates defaults with what is left.
    const fund = Math.max(0, c.funds[P.credit]!);
    const paidSubsidy = Math.min(subsidy, fund);
    const covered = Math.min(shortfall, fund - paidSubsidy);
    c.funds[P.credit]! -= paidSubsidy + covered;
    L.add(A.county, A.lender, PU.interest_subsidy, paidSubsidy);
    L.add(A.county, A.lender, PU.risk_compensation, covered);
    m.stats.publicSpent += paidSubsidy + covered;
    m.stats.loanDefaults += defaultsWeight;
    const uncoveredRate = (shortfall - covered) / Math.max(1, lentWeight * cr.loan_size);
    c.lenderConfidence = Math.min(1, Math.max(cr.confidence_floor, c.lenderConfidence + cr.confidence_recovery * (1 - c.lenderConfidence) - cr.default_confidence_loss * uncoveredRate));
  }
}
