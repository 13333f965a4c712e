/**
 * The rural minimum living guarantee (dibao) as its own programme: a standing
 * means-tested cash entitlement run and financed by civil affairs, outside
 * the poverty funds. Poverty alleviation is only "connected" with it (004
 * 3.2.1, 3.3.1): a registered household that the registry plans for social
 * security (no labour, or a cause only a transfer can meet) is referred to it.
 *
 * Each January every household is means-tested on its OWN income (last year's
 * income less last year's guarantee, so the top-up does not chase its own
 * tail), observed by civil affairs with an error of its own: the guarantee
 * has targeting errors of its own, independent of the registry's. A household
 * observed below the standard is enrolled with probability `take_up`; a
 * referred household is enrolled when the registry's observation of its own
 * income is below the standard. A recipient gets `top_up` times the gap per
 * person, monthly from January, paid by `guarantee_budget` (an entitlement:
 * it never runs out and takes nothing from poverty funds). It starts in
 * start_year's January, on the warm-up year's incomes: in the warm-up year's
 * January no income is known yet (all are 0), and a means test then would
 * enrol everyone at the full standard.
 */
import { P } from '../core/domain.ts';
import { A } from '../core/ledger.ts';
import { observedIncome } from '../core/observe.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';

/**
 * Income per person the registry's means test sees: its observation less last
 * year's guarantee, which it knows exactly (else the top-up chases its own
 * tail and closes under half the gap).
 */
export function registryMeansTested(m: Model, i: number): number {
  return m.hh.observed[i]! - m.hh.dibaoLast[i]!;
}

/**
 * One year's guarantee per person for a means-tested income per person: the
 * share `topUp` of the gap to the standard. An income at or below zero (a
 * year of losses or medical bills) gets the whole standard, never more: the
 * guarantee tops income up to the standard, it does not repay losses.
 */
export function guaranteePerPerson(standard: number, meansTested: number, topUp: number): number {
  return meansTested < standard ? topUp * (standard - Math.max(0, meansTested)) : 0;
}

/** Bins of the applicants' priority (0 first, 1 last) for rationing a budget. */
const BINS = 64;

/**
 * January: the means test of every household, referrals from the registry
 * (after this year's plans), and this year's monthly amounts. Two draws per
 * household from the guarantee stream, always, and a third for an applicant's
 * priority when need_priority < 1; all keyed, so that switching the guarantee
 * or changing its parameters moves no other stream.
 *
 * With a budget (`guarantee.budget` > 0), each county gets its share (by
 * represented households) and enrols applicants in order of priority until
 * it is spent: referrals first (in full, even beyond the budget: the
 * guarantee is their floor), then applicants by bins of priority; in the bin
 * where the money runs out, a matching share of its applicants (by their own
 * uniform draw). An applicant's priority mixes its observed need with chance:
 * `need_priority` times its observed income as a share of the standard plus
 * (1 - need_priority) times a uniform draw of its own (local quotas, village appraisal
 * and connections rank applicants on more than income); 1 is poorest-observed
 * first, 0 a lottery among applicants. Without a budget every applicant
 * observed below the standard is enrolled.
 */
export function meansTestGuarantee(m: Model): void {
  const hh = m.hh;
  const g = m.s.guarantee;
  const rng = m.rng;
  const t = m.yearTick;
  const st = m.stats;
  const standard = m.now.guaranteeLine;
  const sd = g.observation_noise;
  const half = (sd * sd) / 2;
  const takeUp = g.take_up;
  const topUp = g.top_up;
  const on = g.enabled;
  const budget = m.now.guaranteeBudget;
  const needPriority = g.need_priority;
  const totalWeight = m.s.population.represented_households;
  const { income, dibaoLast, plan, registered, size, weight, guaranteeMonthly } = hh;
  const binSpend = new Float64Array(BINS);
  // Per household, for the rationing pass: an applicant's bin + its uniform draw (in [0, 1)); -1 a referral; -2 neither.
  const mark = m.scratch;
  let total = 0;
  const observationRow = rng.row(SITE.guaranteeObservation, t);
  const takeUpRow = rng.row(SITE.guaranteeTakeUp, t);
  const rankRow = rng.row(SITE.guaranteeRank, t);
  const socialSecurity = P.social_security; // a local: V8 reloads an imported binding at every use
  for (const c of m.counties) {
    binSpend.fill(0);
    let referralSpend = 0;
    // Pass 1: observe, enrol referrals, price every applicant (tentatively in guaranteeMonthly).
    for (let i = c.hhStart; i < c.hhEnd; i++) {
      const z = rng.normalAt(observationRow, i);
      const u = rng.uAt(takeUpRow, i);
      const own = income[i]! - dibaoLast[i]!;
      const seen = observedIncome(own, sd, half, z); // civil affairs' observation of own income
      let monthly = 0;
      mark[i] = -2;
      if (on) {
        if (registered[i] === 1 && plan[i] === socialSecurity) {
          monthly = (guaranteePerPerson(standard, registryMeansTested(m, i), topUp) * size[i]!) / 12;
          referralSpend += weight[i]! * monthly * 12;
          mark[i] = -1;
        }
        if (monthly === 0 && u < takeUp && seen < standard) {
          monthly = (guaranteePerPerson(standard, seen, topUp) * size[i]!) / 12;
          // The chance part of the priority has a draw of its own, so that v, which orders the bin where the
          // money runs out, is independent of the bin (else the funded share of that bin misses the budget).
          const b = needPriority === 1 ? binOf(seen, standard) : binOfPriority(needPriority, seen / standard, rng.uAt(rankRow, i));
          binSpend[b]! += weight[i]! * monthly * 12;
          // u / takeUp: uniform on [0, 1) given that it applied; kept below 1 so that floor(mark) is the bin.
          mark[i] = b + Math.min(u / takeUp, 1 - 9.094947017729282e-13); // 1 - 2^-40
        }
      }
      guaranteeMonthly[i] = monthly;
    }
    // The bin where the county's budget runs out, and the share of it that is funded.
    let cutBin = BINS;
    let cutShare = 1;
    if (budget > 0) {
      let left = (budget * c.weight) / totalWeight - referralSpend;
      for (let b = 0; b < BINS; b++) {
        if (binSpend[b]! <= left) {
          left -= binSpend[b]!;
          continue;
        }
        cutBin = b;
        cutShare = Math.max(0, left) / binSpend[b]!;
        break;
      }
    }
    // Pass 2: ration, and count.
    for (let i = c.hhStart; i < c.hhEnd; i++) {
      let monthly = guaranteeMonthly[i]!;
      const own = income[i]! - dibaoLast[i]!;
      const k = mark[i]!;
      if (k >= 0 && cutBin < BINS) {
        const b = Math.floor(k);
        if (b > cutBin || (b === cutBin && k - b >= cutShare)) monthly = guaranteeMonthly[i] = 0;
      }
      const w = weight[i]!;
      total += w * monthly;
      const eligible = own < standard;
      if (eligible) st.guaranteeEligible += w;
      if (monthly > 0) {
        st.guaranteeRecipients += w;
        st.guaranteeRecipientsPeople += w * size[i]!;
        if (!eligible) st.guaranteeIncluded += w;
        if (k === -1) {
          // The registry promised the referral; the guarantee delivers it in full.
          hh.promisedGov[i]! += monthly * 12;
          hh.deliveredGov[i]! += monthly * 12;
        }
      } else if (eligible) st.guaranteeExcluded += w;
    }
  }
  m.guaranteeMonthlyTotal = total;
}

function binOf(seen: number, standard: number): number {
  const b = Math.floor((BINS * Math.max(0, seen)) / standard);
  return b < BINS ? b : BINS - 1;
}

/** The bin of an applicant's mixed priority (need: observed income over the standard, in [0, 1) for an applicant; r its own uniform draw). */
function binOfPriority(needPriority: number, need: number, r: number): number {
  const b = Math.floor(BINS * (needPriority * Math.max(0, need) + (1 - needPriority) * r));
  return b < BINS ? b : BINS - 1;
}

/** Every month: civil affairs pays the month's guarantee (the households' side is in their fixed monthly cash). */
export function payGuarantee(m: Model): void {
  if (m.guaranteeMonthlyTotal > 0) m.ledger.add(A.guarantee_budget, A.household, P.social_security, m.guaranteeMonthlyTotal);
}
