/**
 * Leading enterprises (mechanism 4). A firm enters a county when its expected
 * margin — from the price of the county's main product, local labour skill,
 * and, under the multi-centre arrangement, industry subsidies and social
 * responsibility — clears a hurdle, discounted by its trust in the stability
 * of policy. It hires skilled-enough workers who trust it enough; under the
 * multi-centre arrangement it signs interest-linkage contracts
 * ("enterprise + cooperative + poor household") that pay members dividends.
 * A firm that loses money for some years leaves, and its workers and members
 * lose trust.
 */
import { NONE, P, T } from '../core/domain.ts';
import { NPROG, NTRUST, FROM_Q, toQ } from '../core/households.ts';
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import { type County, DOUBLE, type Firm, firmBirthKey } from '../core/world.ts';
import * as libm from '../core/libm.ts';
import { slots } from '../core/slots.ts';

/** Revenue per worker-year of a firm in county c, before costs. */
function revenuePerWorker(m: Model, c: County, efficiency: number): number {
  const k = c.mainProduct;
  const price = m.prices[k]! * (k === 0 ? 1 : c.advantage[k]!) * m.s.market.products[k]!.yield;
  return m.s.enterprises.output_per_worker * m.now.enterpriseWage * price * efficiency;
}

export function firmsEnterAndHire(m: Model): void {
  if (!m.s.governance.enterprises) return;
  const en = m.s.enterprises;
  const rng = m.rng;
  const t = m.yearTick;
  const L = m.ledger;
  const hh = m.hh;
  const effSd = en.efficiency_sd;
  const effHalf = (effSd * effSd) / 2; // mean-one lognormal
  for (const c of m.counties) {
    // Everybody is released and re-hired each January (keeps wage bills exact).
    hh.releaseEmployers(c.hhStart, c.hhEnd);
    for (const f of c.firms) {
      f.employees = 0;
      f.employeesWeight = 0;
      f.subsidy = 0;
    }
    const linkedMode = m.multiCentre && m.programmesActive;
    for (let k = 0; k < en.candidates_per_county; k++) {
      const z = rng.normal(SITE.firmEfficiency, c.id, t, k);
      const u = rng.u(SITE.firmOptimism, c.id, t, k);
      const efficiency = libm.exp(effSd * z - effHalf);
      const revenue = revenuePerWorker(m, c, efficiency);
      const margin = revenue > 0 ? 1 - m.now.enterpriseWage / revenue - en.other_costs : -1;
      const jobsWeight = en.jobs_per_firm;
      const active = c.firms.reduce((a, f) => a + (f.active ? 1 : 0), 0);
      const subsidyRate = linkedMode && c.subsidyPot > 0 ? c.subsidyPot / Math.max(1, (active + 1) * jobsWeight * revenue) : 0;
      const csr = linkedMode ? m.eff.csr_weight : 0;
      const riskPremium = en.risk_premium * (1 - c.policyTrust);
      // A little idiosyncratic optimism so entry is not all-or-nothing.
      const optimism = en.optimism * (u - 0.5);
      if (margin + Math.min(en.subsidy_cap, subsidyRate) + csr - riskPremium + optimism < m.eff.enterprise_hurdle) continue;
      const capital = jobsWeight * en.capital_per_job;
      // Every fractional field starts as DOUBLE (world.ts), so that all firms share one map.
      const firm: Firm = {
        id: m.firms.length,
        birth: firmBirthKey(m.year, k),
        county: c.id,
        efficiency: DOUBLE,
        capital: DOUBLE,
        jobs: slots(jobsWeight, m.householdWeight, rng.u(SITE.firmJobSlots, c.id, t, k)),
        targetedDraw: DOUBLE,
        memberPlaces: slots(en.members_per_firm, m.householdWeight, rng.u(SITE.firmMemberSlots, c.id, t, k)),
        employees: 0,
        employeesWeight: DOUBLE,
        linked: linkedMode,
        members: 0,
        membersWeight: DOUBLE,
        coopGain: DOUBLE,
        subsidy: DOUBLE,
        lastDividend: DOUBLE,
        revenueYear: DOUBLE,
        costsYear: DOUBLE,
        revenuePerWorkerIdle: DOUBLE,
        lossYears: 0,
        active: true,
      };
      firm.efficiency = efficiency;
      firm.capital = capital;
      firm.targetedDraw = rng.u(SITE.firmTargetedSlots, c.id, t, k);
      firm.employeesWeight = firm.membersWeight = firm.coopGain = firm.subsidy = 0;
      firm.lastDividend = firm.revenueYear = firm.costsYear = firm.revenuePerWorkerIdle = 0;
      m.firms.push(firm);
      c.firms.push(firm);
      L.add(A.investment, A.enterprise, PU.capital, capital);
      if (m.reporting) m.stats.firmEntries += 1;
    }
    drawCoopGains(m, c);
    hire(m, c);
    linkAndSubsidise(m, c);
  }
  L.post();
}

/**
 * This year's productivity gain of each active firm's co-operative members:
 * it follows the firm's efficiency and the price of the county's product
 * against its listed price, plus luck, and may be negative (a losing year).
 * Drawn for each active firm, linked or not, keyed by its county and birth
 * (year and candidate), so the two arrangements draw alike.
 */
function drawCoopGains(m: Model, c: County): void {
  const el = m.s.elites;
  const t = m.yearTick;
  const k = c.mainProduct;
  const priceRatio = m.prices[k]! / m.s.market.products[k]!.price;
  for (const f of c.firms) {
    if (!f.active) continue;
    const z = m.rng.normal(SITE.firmCoopGain, c.id, t, f.birth);
    f.coopGain = Math.max(-1, el.coop_productivity * f.efficiency * priceRatio + el.coop_gain_sd * z);
  }
}

/**
 * Fill the active firms' jobs from the county's eligible workers, taken in a
 * random rotation and handed to firms in turn. Linked firms first fill their
 * targeted share of jobs with registered households (strategic synergy).
 */
function hire(m: Model, c: County): void {
  const hh = m.hh;
  const en = m.s.enterprises;
  const gate = m.s.trust.participation_gate;
  const minAsp = m.s.aspiration.min_to_apply;
  const minAware = m.s.information.firm_job_awareness;
  const firms = c.firms.filter((f) => f.active);
  const span = c.hhEnd - c.hhStart;
  if (span === 0 || firms.length === 0) return;
  const wage = m.now.enterpriseWage;
  const candidates: number[] = [];
  // Columns and constants in locals: V8 reloads properties and imported bindings at every use.
  const { labour, migrant, skill, aspiration, trust, awareness } = hh;
  const minSkill = en.min_skill;
  const nTrust = NTRUST;
  const nProg = NPROG;
  const enterprise = T.enterprise;
  const employment = P.employment;
  const fromQ = FROM_Q;
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    if (labour[i]! - migrant[i]! < 1) continue;
    if (skill[i]! < minSkill || aspiration[i]! < minAsp) continue;
    if (trust[i * nTrust + enterprise]! * fromQ < gate) continue;
    if (awareness[i * nProg + employment]! * fromQ < minAware) continue;
    candidates.push(i);
  }
  if (candidates.length === 0) return;
  const offset = m.rng.int(candidates.length, SITE.hireRotation, c.id, m.yearTick);
  const take = (i: number, f: Firm) => {
    hh.setEmployer(i, f.id);
    f.employees++;
    f.employeesWeight += hh.weight[i]!;
    // Wages are paid every month while the firm is active (a closure breaks the promise).
    hh.promisedEnt[i]! += wage;
    hh.deliveredEnt[i]! += wage;
  };
  for (let pass = 0; pass < 2; pass++) {
    const limit = (f: Firm) => (pass === 0 ? (f.linked ? slots(f.jobs * m.eff.targeting_share, 1, f.targetedDraw) : 0) : f.jobs);
    let k = 0; // next firm to serve
    let open = firms.filter((f) => f.employees < limit(f));
    for (let j = 0; j < candidates.length && open.length > 0; j++) {
      const i = candidates[(offset + j) % candidates.length]!;
      if (hh.employer[i] !== NONE || (pass === 0 && hh.registered[i] !== 1)) continue;
      const f = open[k % open.length]!;
      take(i, f);
      if (f.employees >= limit(f)) open = open.filter((x) => x !== f);
      else k++;
    }
  }
}

/** Linked firms take co-operative members and receive the industry subsidy pot. */
function linkAndSubsidise(m: Model, c: County): void {
  const hh = m.hh;
  const gate = m.s.trust.participation_gate;
  const linked = c.firms.filter((f) => f.active && f.linked);
  const L = m.ledger;
  if (linked.length === 0) {
    // No firm to link with: the set-aside goes back to the pool (idle until next January).
    c.pool += c.subsidyPot;
    c.subsidyPot = 0;
    return;
  }
  for (const f of linked) {
    f.members = 0;
    f.membersWeight = 0;
  }
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    const id = hh.coop[i]!;
    if (id < 0) continue;
    const f = m.firms[id]!;
    if (!f.linked || !f.active) continue;
    f.members++;
    f.membersWeight += hh.weight[i]!;
    // Members expect this year the dividend they got last year.
    hh.promisedEnt[i]! += f.lastDividend;
  }
  let next = 0;
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    if (hh.registered[i] !== 1 || hh.coop[i] !== NONE) continue;
    if (hh.trust[i * NTRUST + T.enterprise]! * FROM_Q < gate) continue;
    // Full firms take nobody (members_per_firm 0: no co-operative at all).
    while (next < linked.length && linked[next]!.members >= linked[next]!.memberPlaces) next++;
    if (next >= linked.length) break;
    const f = linked[next]!;
    hh.coop[i] = f.id;
    hh.product[i] = 1;
    f.members++;
    f.membersWeight += hh.weight[i]!;
  }
  // Subsidies to linked firms, less what coordination between actors loses.
  const pot = c.subsidyPot;
  c.subsidyPot = 0;
  const lost = pot * m.eff.coordination_loss;
  L.add(A.county, A.coordination, PU.subsidy, lost);
  const each = (pot - lost) / linked.length;
  for (const f of linked) {
    f.subsidy = each;
    f.capital += each;
    L.add(A.county, A.enterprise, PU.subsidy, each);
  }
  m.stats.publicSpent += pot;
}

/** Monthly production: sales, wages, other costs. */
export function firmsMonth(m: Model): void {
  const L = m.ledger;
  const wageMonth = m.now.enterpriseWage / 12;
  const otherCosts = m.s.enterprises.other_costs;
  for (const f of m.firms) {
    if (!f.active) continue;
    const c = m.counties[f.county]!;
    if (f.employeesWeight === 0) {
      // No worker: nothing sold; what one would have brought is kept to judge the firm (year end).
      f.revenuePerWorkerIdle += revenuePerWorker(m, c, f.efficiency) / 12;
      continue;
    }
    const sales = (f.employeesWeight * revenuePerWorker(m, c, f.efficiency)) / 12;
    const wages = f.employeesWeight * wageMonth;
    const costs = sales * otherCosts;
    f.capital += sales - wages - costs;
    f.revenueYear += sales;
    f.costsYear += wages + costs;
    L.add(A.production, A.enterprise, PU.sales, sales);
    L.add(A.enterprise, A.household, PU.wages, wages);
    L.add(A.enterprise, A.operating_costs, PU.firm_costs, costs);
  }
}

/** Close the books: dividends to members, losses counted, loss-makers leave. */
export function firmsYearEnd(m: Model): void {
  const hh = m.hh;
  const en = m.s.enterprises;
  const L = m.ledger;
  const loss = m.s.trust.loss_rate;
  const drop = m.s.aspiration.failure_drop;
  // Firm by firm: profit, dividend per member weight, whether it leaves.
  const dividend = new Float64Array(m.firms.length);
  const leaving = new Uint8Array(m.firms.length);
  let anyone = false;
  for (const f of m.firms) {
    if (!f.active) continue;
    const profit = f.revenueYear + f.subsidy - f.costsYear;
    if (f.linked && profit > 0 && f.membersWeight > 0) {
      const paid = profit * en.dividend_share;
      dividend[f.id] = paid / f.membersWeight;
      f.lastDividend = dividend[f.id]!;
      f.capital -= paid;
      L.add(A.enterprise, A.household, PU.dividends, paid);
      anyone = true;
    }
    // A firm that had no worker all year (0 job slots, 2.10, or nobody to hire) has empty
    // books: its profit would be its subsidy for ever. It is judged on what its represented
    // jobs would have earned over the year's prices, so that whether it stays does not
    // depend on the sample size.
    const judged = f.employeesWeight > 0 ? profit : en.jobs_per_firm * (f.revenuePerWorkerIdle * (1 - en.other_costs) - m.now.enterpriseWage) + f.subsidy;
    f.lossYears = judged < 0 ? f.lossYears + 1 : 0;
    f.revenuePerWorkerIdle = 0;
    f.revenueYear = 0;
    f.costsYear = 0;
    if (f.lossYears >= en.exit_after_losses || f.capital <= 0) {
      leaving[f.id] = 1;
      anyone = true;
      f.active = false;
      if (m.reporting) m.stats.firmExits += 1;
      if (f.capital > 0) L.add(A.enterprise, A.outflow, PU.capital, f.capital);
      else if (f.capital < 0) L.add(A.investment, A.enterprise, PU.capital, -f.capital); // owners cover the losses
      f.capital = 0;
      f.employees = 0;
      f.employeesWeight = 0;
    }
  }
  if (!anyone) return;
  // One pass over households: members receive dividends; closures break promises.
  for (let i = 0; i < hh.n; i++) {
    const member = hh.coop[i]!;
    const worker = hh.employer[i]!;
    if (member < 0 && worker < 0) continue;
    if (member >= 0) {
      const d = dividend[member]!;
      if (d > 0) {
        hh.incProperty[i]! += d;
        hh.savings[i]! += d;
        hh.deliveredEnt[i]! += d;
      }
    }
    const closedCoop = member >= 0 && leaving[member] === 1;
    const closedJob = worker >= 0 && leaving[worker] === 1;
    if (!closedCoop && !closedJob) continue;
    // Closure breaks the promise of work and dividends.
    const o = i * NTRUST + T.enterprise;
    hh.trust[o] = toQ(hh.trust[o]! * FROM_Q * (1 - loss));
    hh.aspiration[i] = Math.max(0, hh.aspiration[i]! - drop);
    if (closedJob) hh.setEmployer(i, NONE);
    if (closedCoop) hh.coop[i] = NONE;
  }
}
