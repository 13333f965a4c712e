/**
 * Poor and near-poor households: the many agents. Their monthly step is the
 * hot loop of the simulator: it reads and writes typed-array columns only,
 * draws a fixed two numbers per household from the shock stream (so shocks
 * stay aligned across scenarios), and allocates nothing.
 */
import { CHRONIC, HEALTHY, SERIOUS, NONE, P } from '../core/domain.ts';
import { NPROG } from '../core/households.ts';
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';

/** Illness, production, wages, transfers, costs and consumption for one month. */
export function householdsMonth(m: Model): void {
  const hh = m.hh;
  const n = hh.n;
  const s = m.s;
  const now = m.now;
  const next = m.rng.shocks.next;
  const disasterLoss = m.villages.disasterLoss;
  const { village, weight, size, labour, children, skill, health, insured, agInsured, employer, migrant } = hh;
  const { farmMult, loan, loanReturn, cashGov, cashSo, reimbExtra, savings } = hh;
  const { incFarm, incWage, incTransfer, costMedical } = hh;

  const h = s.health;
  const mult = m.illnessMultiplier;
  const pSerious = h.serious_hazard * mult;
  const pChronic = h.chronic_hazard * mult;
  const pChronicSerious = h.chronic_to_serious * mult;
  const pRecover = h.recovery;
  const pChronicRecover = h.chronic_recovery;
  const costScale = h.cost_scale;
  const invShape = 1 / h.cost_shape;
  const costCap = h.cost_cap;
  const chronicCost = h.chronic_cost;
  const lossChronic = h.labour_loss_chronic;
  const lossSerious = h.labour_loss_serious;
  const baseReimb = h.insurance_reimbursement;
  const farmMonth = now.farmPerWorker / 12;
  const casualMonth = now.casualWage / 12;
  const migrantMonth = now.migrantWage / 12;
  const firmWageMonth = now.enterpriseWage / 12;
  const subsistenceMonth = now.subsistence / 12;
  const schoolMonth = now.educationCost / 12;
  const otherMonth = now.otherIncome / 12;
  const mpc = s.economy.propensity_to_consume;
  const payout = s.disasters.insurance_payout;
  const cashOn = m.programmesActive && m.month >= m.deliveryMonth ? 1 : 0;
  const villageCounty = m.villages.county;
  const healthSpend = m.countyHealthSpend;

  let sFarm = 0;
  let sCasual = 0;
  let sMigrant = 0;
  let sCost = 0;
  let sReimbBase = 0;
  let sReimbExtra = 0;
  let sSchool = 0;
  let sLiving = 0;
  let sAgri = 0;
  let sEpisodes = 0;

  for (let i = 0; i < n; i++) {
    const w = weight[i]!;
    // Illness: two draws always (alignment), one for the transition, one for the cost.
    const u = next();
    const u2 = next();
    let hs = health[i]!;
    let episode = 0;
    if (hs === HEALTHY) {
      if (u < pSerious) {
        hs = SERIOUS;
        episode = 1;
      } else if (u < pSerious + pChronic) hs = CHRONIC;
    } else if (hs === CHRONIC) {
      if (u < pChronicSerious) {
        hs = SERIOUS;
        episode = 1;
      } else if (u < pChronicSerious + pChronicRecover) hs = HEALTHY;
    } else if (u < pRecover) hs = u < pRecover * 0.5 ? CHRONIC : HEALTHY;
    health[i] = hs;
    let cost = hs === CHRONIC ? chronicCost : 0;
    if (episode === 1) {
      // Pareto(scale, shape) by inversion: heavy-tailed episode costs.
      let c = costScale / Math.pow(1 - u2, invShape);
      if (c > costCap) c = costCap;
      cost += c;
      sEpisodes += w;
    }
    let rBase = 0;
    let rExtra = 0;
    if (cost > 0) {
      rBase = insured[i] === 1 ? cost * baseReimb : 0;
      rExtra = cost * reimbExtra[i]!;
      if (rBase + rExtra > cost * 0.95) rExtra = Math.max(0, cost * 0.95 - rBase);
      if (rExtra > 0) healthSpend[villageCounty[village[i]!]!]! += w * rExtra;
    }

    // Work: adults at home farm and take casual work; one may work for a firm or away.
    const employed = employer[i]! !== NONE ? 1 : 0;
    const away = migrant[i]!;
    let workers = labour[i]! - employed - away - (hs === SERIOUS ? lossSerious : hs === CHRONIC ? lossChronic : 0);
    if (workers < 0) workers = 0;
    const v = village[i]!;
    const potential = workers * farmMonth * farmMult[i]!;
    const lost = potential * disasterLoss[v]!;
    const farm = potential - lost + loan[i]! * loanReturn[i]! * (1 / 12);
    const casual = workers * casualMonth * (0.5 + skill[i]!);
    const wage = employed * firmWageMonth + away * migrantMonth;
    const agri = agInsured[i] === 1 ? lost * payout : 0;
    const cash = cashOn * cashGov[i]! + cashSo[i]! + otherMonth * size[i]!;
    const school = children[i]! * schoolMonth;
    const medical = cost - rBase - rExtra;

    const net = farm + casual + wage + agri + cash + rBase + rExtra - cost - school;
    const need = subsistenceMonth * size[i]!;
    let living = net > need ? need + mpc * (net - need) : need;
    const available = savings[i]! + net;
    if (living > available) living = available > 0 ? available : 0;
    savings[i] = available - living;

    // Cash transfers and school costs are fixed for the year and are added at
    // year end (householdsYearEnd); only what varies month to month is summed here.
    incFarm[i]! += farm;
    incWage[i]! += casual + wage;
    if (agri > 0) incTransfer[i]! += agri;
    if (medical !== 0) costMedical[i]! += medical;

    sFarm += w * farm;
    sCasual += w * casual;
    sMigrant += w * away * migrantMonth;
    sCost += w * cost;
    sReimbBase += w * rBase;
    sReimbExtra += w * rExtra;
    sSchool += w * school;
    sLiving += w * living;
    sAgri += w * agri;
  }
  const L = m.ledger;
  L.add(A.production, A.household, PU.farm_output, sFarm);
  L.add(A.production, A.household, PU.casual_work, sCasual);
  L.add(A.outside_wages, A.household, PU.migrant_work, sMigrant);
  L.add(A.outside_transfers, A.household, PU.pensions_remittances, otherMonth * m.peopleWeight);
  L.add(A.insurance, A.household, PU.medical_insurance, sReimbBase);
  L.add(A.county, A.household, PU.health, sReimbExtra);
  L.add(A.insurance, A.household, PU.agri_insurance, sAgri);
  L.add(A.household, A.medical, PU.medical_bills, sCost);
  L.add(A.household, A.education, PU.school_costs, sSchool);
  L.add(A.household, A.consumption, PU.living, sLiving);
  m.stats.illnessEpisodes += sEpisodes;
  // Extra reimbursement is paid out of each county's health programme funds;
  // once they run out, no more extra reimbursement this year.
  for (const c of m.counties) {
    const spent = healthSpend[c.id]!;
    if (spent === 0) continue;
    healthSpend[c.id] = 0;
    c.funds[P.health]! -= spent;
    m.stats.publicSpent += spent;
    if (c.funds[P.health]! <= 0) closeHealth(m, c.hhStart, c.hhEnd);
  }
}

function closeHealth(m: Model, from: number, to: number): void {
  m.hh.reimbExtra.fill(0, from, to);
}

/** Yearly reset of the year's flows, and this year's insurance and luck draws. */
export function householdsYearStart(m: Model): void {
  const hh = m.hh;
  const shocks = m.rng.shocks;
  const ys = m.s.economy.yield_luck_sd;
  const coverage = m.now.insuranceCoverage;
  const agri = m.now.agInsurance;
  const half = (ys * ys) / 2;
  const { luck, insured, agInsured, loanReturn } = hh;
  for (let i = 0; i < hh.n; i++) {
    // Four shock draws per household per year, always: luck, insurance,
    // farm insurance, and the return luck of a loan taken this year.
    luck[i] = Math.exp(ys * shocks.normal() - half);
    insured[i] = shocks.next() < coverage ? 1 : 0;
    agInsured[i] = shocks.next() < agri ? 1 : 0;
    loanReturn[i] = shocks.normal();
  }
  for (const col of [
    hh.incFarm, hh.incWage, hh.incTransfer, hh.incProperty, hh.costMedical, hh.costEducation,
    hh.promisedGov, hh.deliveredGov, hh.promisedEnt, hh.deliveredEnt, hh.promisedSo, hh.deliveredSo,
    hh.captured, hh.cashGov, hh.cashSo, hh.grant, hh.reimbExtra, hh.loan,
    hh.trained, hh.soServed, hh.publicPost, hh.exitedThisYear,
  ]) col.fill(0);
  hh.plan.fill(NONE); // last year's loans were settled in December
}

/**
 * Migration and organised labour export, then each household's farm
 * multiplier for the year (land, support, skill, effort, location, product).
 */
export function migrate(m: Model): void {
  const hh = m.hh;
  const s = m.s;
  const rng = m.rng.behaviour;
  const e = s.economy;
  const minAsp = s.aspiration.min_to_apply;
  // Labour export: places for registered working households (assistance lever).
  let exportPlaces = 0;
  if (m.programmesActive) {
    let poorWorking = 0;
    for (let i = 0; i < hh.n; i++) if (hh.registered[i] === 1 && hh.labour[i]! > 0) poorWorking += hh.weight[i]!;
    exportPlaces = m.eff.labour_export * poorWorking;
  }
  let exported = 0;
  const epidemic = m.epidemicMonthsLeft > 0;
  for (let i = 0; i < hh.n; i++) {
    const u = rng.next();
    if (hh.migrant[i] === 1) {
      if (u < e.migration_return) hh.migrant[i] = 0;
      continue;
    }
    const free = hh.labour[i]! - (hh.employer[i]! !== NONE ? 1 : 0);
    if (free < 1 || hh.health[i] === SERIOUS || epidemic) continue;
    if (hh.skill[i]! < e.migration_min_skill || hh.aspiration[i]! < minAsp * 0.5) continue;
    if (u < e.migration_base) hh.migrant[i] = 1;
    else if (exported < exportPlaces && hh.registered[i] === 1 && hh.awareness[i * NPROG + P.employment]! > 0.3) {
      hh.migrant[i] = 1;
      exported += hh.weight[i]!;
    }
  }
  computeFarmMultipliers(m);
}

/** Farm output multiplier of each household for this year. */
export function computeFarmMultipliers(m: Model): void {
  const hh = m.hh;
  const s = m.s;
  const products = s.market.products;
  const floor = s.aspiration.effort_floor;
  const coopGain = s.elites.coop_productivity;
  for (let i = 0; i < hh.n; i++) {
    const v = hh.village[i]!;
    const c = m.counties[m.villages.county[v]!]!;
    const k = hh.product[i]!;
    const product = products[k]!;
    const priceYield = m.prices[k]! * product.yield * (k === 0 ? 1 : c.advantage[k]!);
    const effort = floor + (1 - floor) * hh.aspiration[i]!;
    let coop = 1;
    const membership = hh.coop[i]!;
    // Elite-run co-operatives keep part of the members' gain where transparency is low.
    if (membership !== NONE) coop += coopGain * (membership <= -2 ? 1 - coopCaptureShare(m, v) : 1);
    hh.farmMult[i] =
      hh.land[i]! * (1 + hh.productivity[i]!) * (0.5 + hh.skill[i]!) * effort * (1 - hh.harshness[i]!) * priceYield * hh.luck[i]! * coop;
  }
}

/** Share of an elite co-operative's gain the organiser captures in village v. */
export function coopCaptureShare(m: Model, v: number): number {
  return m.s.elites.coop_capture * (1 - m.villages.transparency[v]!);
}

/** Close the year: fix true incomes, count entries into poverty and relapses. */
export function householdsYearEnd(m: Model): void {
  const hh = m.hh;
  const line = m.now.line;
  const subtract = m.s.subtract_medical_costs;
  const st = m.stats;
  const gain = m.s.elites.coop_productivity;
  let captured = 0;
  // The year's fixed flows: programme and social-organisation cash, school costs.
  const cashMonths = m.programmesActive ? 12 - m.deliveryMonth : 0;
  const school = m.now.educationCost;
  const other = m.now.otherIncome;
  for (let i = 0; i < hh.n; i++) {
    hh.incTransfer[i]! += hh.cashGov[i]! * cashMonths + hh.cashSo[i]! * 12 + other * hh.size[i]!;
    hh.costEducation[i] = hh.children[i]! * school;
  }
  for (let i = 0; i < hh.n; i++) {
    const c = hh.coop[i]!;
    if (c <= -2) {
      // The organiser's share of the co-operative gain, produced but never reaching the member.
      const cs = coopCaptureShare(m, hh.village[i]!);
      const amount = (hh.incFarm[i]! * gain * cs) / (1 + gain * (1 - cs));
      captured += hh.weight[i]! * amount;
      hh.captured[i]! += amount;
    }
    const y = hh.yearIncomePerPerson(i, subtract);
    hh.incomeBefore[i] = m.reporting ? hh.income[i]! : y;
    hh.income[i] = y;
    const poor = y < line ? 1 : 0;
    if (poor === 1 && hh.poorLast[i] === 0 && m.reporting) {
      if (hh.everExited[i] === 1) st.relapses += hh.weight[i]!;
      else st.entries += hh.weight[i]!;
    }
    hh.poorLast[i] = poor;
  }
  if (captured > 0) m.ledger.add(A.production, A.elite_capture, PU.farm_output, captured);
}
