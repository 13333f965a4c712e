/**
 * Poor and near-poor households: the many agents. Their monthly step is the
 * hot loop of the simulator: it reads and writes typed-array columns only,
 * draws from the shock stream only what shocks decide (so shocks stay
 * aligned across scenarios), and allocates nothing.
 */
import { CHRONIC, HEALTHY, SERIOUS, NONE, P } from '../core/domain.ts';
import { A, PU } from '../core/ledger.ts';
import { coopCaptureShare } from '../core/farm.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import * as libm from '../core/libm.ts';

/**
 * The part of each household's monthly net cash that is fixed for a stretch
 * of the year (programme cash once delivery has started, social-organisation
 * aid, pensions and remittances, loan returns, less school costs). Recomputed
 * in January and in the delivery month, so the hot loop reads one number.
 */
export function refreshFixedMonthly(m: Model): void {
  const hh = m.hh;
  const active = m.programmesActive;
  const month = m.month;
  const other = m.now.otherIncome / 12;
  const school = m.now.educationCost / 12;
  const { fixedMonthly, cashGov, cashFrom, cashSo, guaranteeMonthly, size, children, loan, loanReturn } = hh;
  for (let i = 0; i < hh.n; i++) {
    const cashOn = active && month >= cashFrom[i]! ? 1 : 0;
    fixedMonthly[i] = cashOn * cashGov[i]! + guaranteeMonthly[i]! + cashSo[i]! + other * size[i]! - children[i]! * school + (loan[i]! * loanReturn[i]!) / 12;
  }
}

/** Illness, production, wages, transfers, costs and consumption for one month. */
export function householdsMonth(m: Model): void {
  if (m.month === 0 || m.month === m.deliveryMonth) refreshFixedMonthly(m);
  const hh = m.hh;
  const s = m.s;
  const now = m.now;
  const vil = m.villages;
  const rng = m.rng;
  const tick = m.tick;
  const { weight, size, labour, skill, health, insured, agInsured, employed, migrant } = hh;
  const { farmMult, fixedMonthly, reimbExtra, savings } = hh;
  const { incFarm, incWage, incTransfer, costMedical } = hh;

  const h = s.health;
  const mult = m.illnessMultiplier;
  const pSerious = h.serious_hazard * mult;
  const pSeriousOrChronic = pSerious + h.chronic_hazard * mult;
  const pChronicSerious = h.chronic_to_serious * mult;
  const pChronicSeriousOrRecover = pChronicSerious + h.chronic_recovery;
  const pRecover = h.recovery;
  const pRecoverHalf = pRecover * 0.5;
  const costScale = h.cost_scale;
  const invShape = 1 / h.cost_shape;
  const costCap = h.cost_cap;
  const chronicCost = h.chronic_cost;
  const lossChronic = h.labour_loss_chronic;
  const lossSerious = h.labour_loss_serious;
  const baseReimb = h.insurance_reimbursement;
  const reimbCap = h.reimbursement_cap;
  const farmMonth = now.farmPerWorker / 12;
  const casualMonth = now.casualWage / 12;
  const skillBase = s.economy.skill_base;
  const migrantMonth = now.migrantWage / 12;
  const firmWageMonth = now.enterpriseWage / 12;
  const subsistenceMonth = now.subsistence / 12;
  const mpc = s.economy.propensity_to_consume;
  const payout = s.disasters.insurance_payout;
  const healthSpend = m.countyHealthSpend;
  const illnessRow = rng.row(SITE.illness, tick);
  const illnessCostRow = rng.row(SITE.illnessCost, tick);
  // Module constants in locals: V8 reloads an imported binding at every use.
  const healthy = HEALTHY;
  const chronic = CHRONIC;
  const serious = SERIOUS;

  let sFarm = 0;
  let sEarned = 0;
  let sMigrant = 0;
  let sCost = 0;
  let sReimbBase = 0;
  let sReimbExtra = 0;
  let sLiving = 0;
  let sAgri = 0;
  let sEpisodes = 0;

  // Village by village: households of a village are contiguous, and the
  // village's disaster and county are read once.
  for (let v = 0; v < vil.n; v++) {
    const dl = vil.disasterLoss[v]!;
    const county = vil.county[v]!;
    const access = vil.access[v]!; // market access from village public works (1 without)
    const end = vil.end[v]!;
    for (let i = vil.start[v]!; i < end; i++) {
      const w = weight[i]!;
      // Illness: a draw for the transition, another for the cost of a serious
      // episode; keyed by household and month, so the same household falls
      // ill in the same month in every scenario run with the seed.
      const u = rng.uAt(illnessRow, i);
      const hs0 = health[i]!;
      let hs = hs0;
      if (hs0 === healthy) {
        if (u < pSerious) hs = serious;
        else if (u < pSeriousOrChronic) hs = chronic;
      } else if (hs0 === chronic) {
        if (u < pChronicSerious) hs = serious;
        else if (u < pChronicSeriousOrRecover) hs = healthy;
      } else if (u < pRecover) hs = u < pRecoverHalf ? chronic : healthy;
      let cost = 0;
      let lostWorkers = 0;
      let reimbursed = 0;
      if (hs !== hs0) health[i] = hs;
      if (hs !== healthy) {
        if (hs === chronic) {
          cost = chronicCost;
          lostWorkers = lossChronic;
        } else {
          lostWorkers = lossSerious;
          if (hs0 !== serious) {
            // Pareto(scale, shape) by inversion: heavy-tailed episode costs.
            const c = costScale / libm.pow(1 - rng.uAt(illnessCostRow, i), invShape);
            cost = c > costCap ? costCap : c;
            sEpisodes += w;
          }
        }
        if (cost > 0) {
          const rBase = insured[i] === 1 ? cost * baseReimb : 0;
          let rExtra = cost * reimbExtra[i]!;
          if (rBase + rExtra > cost * reimbCap) rExtra = Math.max(0, cost * reimbCap - rBase);
          if (rExtra > 0) healthSpend[county]! += w * rExtra;
          reimbursed = rBase + rExtra;
          costMedical[i]! += cost - reimbursed;
          sCost += w * cost;
          sReimbBase += w * rBase;
          sReimbExtra += w * rExtra;
        }
      }

      // Work: adults at home farm and take casual work; one may work for a firm or away.
      const isEmployed = employed[i]!;
      const away = migrant[i]!;
      let workers = labour[i]! - isEmployed - away - lostWorkers;
      if (workers < 0) workers = 0;
      let farm = workers * farmMonth * farmMult[i]!;
      let agri = 0;
      if (dl > 0) {
        const lost = farm * dl;
        farm -= lost;
        if (agInsured[i] === 1) {
          agri = lost * payout;
          incTransfer[i]! += agri;
          sAgri += w * agri;
        }
      }
      const earned = workers * casualMonth * (skillBase + skill[i]!) * access + isEmployed * firmWageMonth + away * migrantMonth;
      const people = size[i]!;
      const net = farm + earned + agri + fixedMonthly[i]! + reimbursed - cost;
      const need = subsistenceMonth * people;
      let living = net > need ? need + mpc * (net - need) : need;
      const available = savings[i]! + net;
      if (living > available) living = available > 0 ? available : 0;
      savings[i] = available - living;
      // Fixed flows (transfers, school costs, loan returns) are added at year end.
      incFarm[i]! += farm;
      incWage[i]! += earned;
      sFarm += w * farm;
      sEarned += w * earned;
      sMigrant += w * away;
      sLiving += w * living;
    }
  }
  const L = m.ledger;
  // Casual earnings are the part of `earned` that is neither firm wages nor migrant work.
  L.add(A.production, A.household, PU.farm_output, sFarm + m.loanIncomeMonthly);
  L.add(A.production, A.household, PU.casual_work, sEarned - sMigrant * migrantMonth - m.firmWageWeight * firmWageMonth);
  L.add(A.outside_wages, A.household, PU.migrant_work, sMigrant * migrantMonth);
  L.add(A.outside_transfers, A.household, PU.pensions_remittances, (now.otherIncome / 12) * m.peopleWeight);
  L.add(A.insurance, A.household, PU.medical_insurance, sReimbBase);
  L.add(A.county, A.household, PU.health, sReimbExtra);
  L.add(A.insurance, A.household, PU.agri_insurance, sAgri);
  L.add(A.household, A.medical, PU.medical_bills, sCost);
  L.add(A.household, A.education, PU.school_costs, (now.educationCost / 12) * m.schoolWeight);
  L.add(A.household, A.consumption, PU.living, sLiving);
  m.stats.illnessEpisodes += sEpisodes;
  // Extra reimbursement is paid out of each county's health programme funds;
  // once they run out, no more extra reimbursement this year.
  chargeExtraReimbursement(m);
}

/**
 * Each county's extra reimbursement of the month from its health funds. Its
 * own function, and an indexed loop: the iterator of a for-of here, after
 * the hot loop, deoptimised householdsMonth every few months (wrong map).
 */
function chargeExtraReimbursement(m: Model): void {
  const healthSpend = m.countyHealthSpend;
  const counties = m.counties;
  for (let k = 0; k < counties.length; k++) {
    const c = counties[k]!;
    const spent = healthSpend[c.id]!;
    if (spent === 0) continue;
    healthSpend[c.id] = 0;
    c.funds[P.health]! -= spent;
    m.stats.publicSpent += spent;
    if (c.funds[P.health]! <= 0) m.hh.reimbExtra.fill(0, c.hhStart, c.hhEnd);
  }
}

/** Yearly reset of the year's flows, and this year's insurance and luck draws. */
export function householdsYearStart(m: Model): void {
  const hh = m.hh;
  const rng = m.rng;
  const t = m.yearTick;
  const ys = m.s.economy.yield_luck_sd;
  const coverage = m.now.insuranceCoverage;
  const agri = m.now.agInsurance;
  const half = (ys * ys) / 2;
  const { luck, insured, agInsured, loanReturn, productivity } = hh;
  const keep = 1 - m.s.programmes.productivity_depreciation;
  const luckRow = rng.row(SITE.luck, t);
  const medicalRow = rng.row(SITE.medicalInsurance, t);
  const agRow = rng.row(SITE.agInsurance, t);
  for (let i = 0; i < hh.n; i++) {
    // The year's luck (it moves farm output and, for a borrower, the loan's
    // return alike), basic medical insurance, agricultural insurance.
    const z = rng.normalAt(luckRow, i);
    luck[i] = libm.exp(ys * z - half);
    productivity[i]! *= keep; // assets from support wear out
    loanReturn[i] = z;
    insured[i] = rng.uAt(medicalRow, i) < coverage ? 1 : 0;
    agInsured[i] = rng.uAt(agRow, i) < agri ? 1 : 0;
  }

  for (const col of [
    hh.incFarm, hh.incWage, hh.incTransfer, hh.incProperty, hh.costMedical, hh.costEducation,
    hh.promisedGov, hh.deliveredGov, hh.promisedEnt, hh.deliveredEnt, hh.promisedSo, hh.deliveredSo,
    hh.captured, hh.cashGov, hh.cashSo, hh.grant, hh.reimbExtra, hh.loan,
    hh.trained, hh.leftRegistry, hh.verifiedPoor,
  ]) col.fill(0);
  hh.planLast.set(hh.plan);
  hh.plan.fill(NONE); // last year's loans were settled in December
}

/** Close the year: fix true incomes, count entries into poverty and relapses. */
export function householdsYearEnd(m: Model): void {
  const hh = m.hh;
  const line = m.now.line;
  const subtract = m.s.subtract_medical_costs;
  const st = m.stats;
  const coopGain = m.villages.coopGain;
  let captured = 0;
  // The year's fixed flows: programme and social-organisation cash, school costs.
  const active = m.programmesActive;
  const school = m.now.educationCost;
  const other = m.now.otherIncome;
  const reporting = m.reporting;
  // Columns in locals: hh's properties are reloaded at every use otherwise.
  const { coop, village, incFarm, incWage, incTransfer, incProperty, costMedical, costEducation, weight, cashFrom, guaranteeMonthly, cashGov, cashSo } = hh;
  const { size, dibaoLast, loan, loanReturn, children, incomeBefore, income, relapseOpen, poorLast, everExited } = hh;
  // The counters in locals too (same additions in the same order), stored back after the loop.
  let relapses = st.relapses;
  let entries = st.entries;
  for (let i = 0; i < hh.n; i++) {
    const gain = coop[i]! <= -2 ? coopGain[village[i]!]! : 0;
    if (gain > 0) {
      // The organiser's share of the co-operative gain, produced but never reaching the member.
      const cs = coopCaptureShare(m, village[i]!);
      const amount = (incFarm[i]! * gain * cs) / (1 + gain * (1 - cs));
      captured += weight[i]! * amount;
      hh.captured[i]! += amount;
    }
    const cashMonths = active ? 12 - cashFrom[i]! : 0;
    const guarantee = guaranteeMonthly[i]! * 12; // paid from January, in the warm-up year too
    const sz = size[i]!;
    incTransfer[i]! += cashGov[i]! * cashMonths + guarantee + cashSo[i]! * 12 + other * sz;
    dibaoLast[i] = guarantee / sz;
    incFarm[i]! += loan[i]! * loanReturn[i]!;
    costEducation[i] = children[i]! * school;
    // Net income per person of the closed year (true, not observed).
    let y = incFarm[i]! + incWage[i]! + incTransfer[i]! + incProperty[i]!;
    if (subtract) y -= costMedical[i]! + costEducation[i]!;
    y /= sz;
    incomeBefore[i] = reporting ? income[i]! : y;
    income[i] = y;
    const poor = y < line ? 1 : 0;
    if (reporting && poor === 1) {
      // A household that exited and is poor again (or never really left: a
      // false exit) relapses, once per exit; other newly poor households enter.
      if (relapseOpen[i] === 1) {
        relapses += weight[i]!;
        relapseOpen[i] = 0;
      } else if (poorLast[i] === 0 && everExited[i] === 0) entries += weight[i]!;
    }
    poorLast[i] = poor;
  }
  st.relapses = relapses;
  st.entries = entries;
  if (captured > 0) m.ledger.add(A.production, A.elite_capture, PU.farm_output, captured);
}
