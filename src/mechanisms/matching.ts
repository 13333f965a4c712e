/**
 * Mechanism 3 (matching programme to cause, "classify the guidance"): each
 * county splits its funds across programmes (fixed shares blended with the
 * registry's needs), and each registered household gets a plan: the programme
 * that best fits its RECORDED cause. Policy synergy decides how often the
 * recorded cause is the true one. A yuan spent on a household the programme
 * cannot help (the matching matrix) buys nothing. What leaves the county
 * passes the village, where elites may capture part of it.
 */
import { CAUSES, CHRONIC, NONE, P, PROGRAMMES, SERIOUS, T } from '../core/domain.ts';
import { NTRUST } from '../core/households.ts';
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import type { County } from '../core/world.ts';
import { computeFarmMultipliers } from '../agents/household.ts';

const NC = CAUSES.length;
const NPG = PROGRAMMES.length;
/** Programmes paid in monthly cash from the delivery month on. */
export const CASH_PROGRAMMES = [P.employment, P.social_security, P.education, P.ecological] as const;
/** Programmes delivered once, in the delivery month. */
export const CAPITAL_PROGRAMMES = [P.industry, P.training, P.relocation] as const;

/** Effectiveness matrix [programme * NC + cause] from the scenario. */
export function matchMatrix(m: Model): Float64Array {
  const out = new Float64Array(NPG * NC);
  PROGRAMMES.forEach((p, pi) => CAUSES.forEach((c, ci) => (out[pi * NC + ci] = m.s.matching[p][c])));
  return out;
}

/** For each cause, the programme that helps it most. */
export function bestProgrammes(M: Float64Array): Int8Array {
  const best = new Int8Array(NC);
  for (let c = 0; c < NC; c++) {
    let b = 0;
    for (let p = 1; p < NPG; p++) if (M[p * NC + c]! > M[b * NC + c]!) b = p;
    best[c] = b;
  }
  return best;
}

/** The programme a household can actually be enrolled in (eligibility rules). */
function eligible(m: Model, i: number, p: number): number {
  const hh = m.hh;
  const v = hh.village[i]!;
  const canWork = hh.labour[i]! > 0;
  if (p === P.relocation && (m.villages.harsh[v] === 0 || hh.relocated[i] === 1)) {
    if (m.villages.eco[v] === 1) return P.ecological;
    return canWork ? P.industry : P.social_security;
  }
  if (p === P.ecological && m.villages.eco[v] === 0) return canWork ? P.employment : P.social_security;
  if (p === P.education && hh.children[i] === 0) return canWork ? P.industry : P.social_security;
  if (!canWork && (p === P.industry || p === P.employment || p === P.training || p === P.credit)) return P.social_security;
  return p;
}

export function allocateAndPlan(m: Model): void {
  m.deliveryMonth = Math.min(11, Math.max(0, Math.round(m.eff.disbursement_delay)));
  const M = matchMatrix(m);
  const best = bestProgrammes(M);
  for (const c of m.counties) planCounty(m, c, M, best);
}

function planCounty(m: Model, c: County, M: Float64Array, best: Int8Array): void {
  const hh = m.hh;
  const rng = m.rng.behaviour;
  const st = m.stats;
  const accuracy = m.eff.match_accuracy;
  const planned = new Float64Array(NPG);
  const keep = m.s.assessment.guarantee_after_exit;
  const guaranteeLine = m.now.guaranteeLine;
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    if (hh.registered[i] !== 1) {
      // Out of the registry (exited or removed), a household on the guarantee keeps
      // it while its own income still fails the means test (000 3.4).
      if (keep && hh.planLast[i] === P.social_security && meansTested(m, i) < guaranteeLine) {
        hh.plan[i] = P.social_security;
        planned[P.social_security]! += hh.weight[i]!;
      }
      continue;
    }
    const u = rng.next();
    const u2 = rng.next();
    const recorded = u < accuracy ? hh.trueCause[i]! : Math.floor(u2 * NC);
    hh.recordedCause[i] = recorded;
    const plan = eligible(m, i, best[recorded]!);
    hh.plan[i] = plan;
    planned[plan]! += hh.weight[i]!;
    st.planTotal += hh.weight[i]!;
    if (plan === eligible(m, i, best[hh.trueCause[i]!]!)) st.planMatched += hh.weight[i]!;
  }
  // What the programmes can usefully spend this year: planned households who
  // will take part, expected medical assistance, expected lending.
  const need = new Float64Array(NPG);
  const episode = expectedEpisodeCost(m);
  let registered = 0;
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    if (hh.registered[i] === 1) registered += hh.weight[i]!;
    const p = hh.plan[i]!;
    if (p === NONE || !accepts(m, i, p)) continue;
    if (p === P.health) need[p]! += hh.weight[i]! * m.s.health.assistance_reimbursement * expectedMedicalCost(m, i, episode);
    else need[p]! += hh.weight[i]! * needOf(m, i, p) * (isCash(p) ? 12 - cashStart(m, i, p) : 1);
  }
  const cr = m.s.credit;
  need[P.credit] = m.eff.credit_supply * c.lenderConfidence * registered * cr.loan_size * (cr.subsidy_rate + cr.risk_reserve);
  // The allocation cap: industry is grossed up because the firms' share comes off the top.
  const cap = Float64Array.from(need);
  if (m.multiCentre && m.s.governance.enterprises) cap[P.industry]! /= 1 - m.s.enterprises.subsidy_share;
  allocate(m, c, planned, cap); // an entitlement guarantee takes nothing from the pool
  if (m.s.budget.guarantee_entitlement) {
    // Civil affairs tops the guarantee's funds up to this year's need (its carry-over stays its own).
    const topUp = Math.max(0, need[P.social_security]! - c.funds[P.social_security]!);
    m.ledger.add(A.guarantee_budget, A.county, PU.allocation, topUp);
    c.funds[P.social_security]! += topUp;
  }
  entitlements(m, c, M, need);
}

/** What planned household i needs from programme p: per month for cash programmes, once for the others. */
function needOf(m: Model, i: number, p: number): number {
  const hh = m.hh;
  const pr = m.s.programmes;
  switch (p) {
    case P.employment:
      return pr.employment_cost / 12;
    case P.social_security:
      return (pr.dibao_top_up * Math.max(0, m.now.guaranteeLine - meansTested(m, i)) * hh.size[i]!) / 12;
    case P.education:
      return (hh.children[i]! * m.now.educationCost) / 12;
    case P.ecological:
      return pr.ecological_payment / 12;
    case P.industry:
      return pr.max_per_household;
    case P.training:
      return pr.training_cost;
    case P.relocation:
      return pr.relocation_cost;
    default:
      return 0; // health and credit: entitlements drawn during the year
  }
}

/** Whether planned household i will take part (relocation needs trust, training the will to attend). */
function accepts(m: Model, i: number, p: number): boolean {
  const hh = m.hh;
  if (p === P.relocation) return hh.trust[i * NTRUST + T.government]! >= m.s.trust.participation_gate;
  if (p === P.training) return hh.aspiration[i]! >= m.s.aspiration.min_to_apply;
  return true;
}

/** Mean cost of a serious-illness episode: Pareto mean, capped (an approximation). */
function expectedEpisodeCost(m: Model): number {
  const h = m.s.health;
  return Math.min(h.cost_cap, (h.cost_scale * h.cost_shape) / (h.cost_shape - 1));
}

/** A household's expected medical costs this year, from its health now. */
function expectedMedicalCost(m: Model, i: number, episode: number): number {
  const h = m.s.health;
  const state = m.hh.health[i]!;
  if (state === SERIOUS) return episode;
  if (state === CHRONIC) return 12 * h.chronic_cost + 12 * h.chronic_to_serious * episode;
  return 12 * h.serious_hazard * episode;
}

/**
 * Split the county's money (this year's arrivals plus last year's unspent
 * funds) across programmes: fixed shares blended with the registry's needs,
 * each programme filled at most to what it can usefully spend this year; what
 * is left over stays in the pool as idle funds. Credit is funded by expected
 * lending to any registered borrower (interest subsidies and a risk reserve);
 * other programmes nobody is planned for get nothing.
 */
function allocate(m: Model, c: County, planned: Float64Array, need: Float64Array): void {
  const s = m.s;
  const rng = m.rng.behaviour;
  let fixedSum = 0;
  let plannedSum = 0;
  for (let p = 0; p < NPG; p++) {
    fixedSum += s.budget.allocation[PROGRAMMES[p]!];
    plannedSum += planned[p]!;
  }
  const k = m.eff.needs_based_allocation * s.budget.delegation;
  const share = new Float64Array(NPG);
  for (let p = 0; p < NPG; p++) {
    const fixed = fixedSum > 0 ? s.budget.allocation[PROGRAMMES[p]!] / fixedSum : 1 / NPG;
    const needShare = plannedSum > 0 ? planned[p]! / plannedSum : fixed;
    // Unstable policy: allocations swing at random from year to year.
    const swing = Math.exp(m.eff.allocation_noise * rng.normal());
    share[p] = planned[p]! > 0 || p === P.credit ? ((1 - k) * fixed + k * needShare) * swing : 0;
  }
  // Last year's unspent programme money (an overdraft counts against it) goes back into the
  // pool, except an entitlement guarantee's, which is not poverty money.
  const own = s.budget.guarantee_entitlement ? P.social_security : -1;
  for (let p = 0; p < NPG; p++) {
    if (p === own) continue;
    c.pool += c.funds[p]!;
    c.funds[p] = 0;
  }
  if (own >= 0) share[own] = 0;
  // Water-filling: shares of what is left, capped at need, until nothing more can be placed.
  const open = new Uint8Array(NPG);
  for (let p = 0; p < NPG; p++) open[p] = share[p]! > 0 ? 1 : 0;
  for (let round = 0; round < NPG && c.pool > 1e-6; round++) {
    let sum = 0;
    for (let p = 0; p < NPG; p++) if (open[p] === 1) sum += share[p]!;
    if (sum === 0) break;
    const available = c.pool;
    for (let p = 0; p < NPG; p++) {
      if (open[p] === 0) continue;
      let give = (available * share[p]!) / sum;
      if (c.funds[p]! + give >= need[p]!) {
        give = Math.max(0, need[p]! - c.funds[p]!);
        open[p] = 0;
      }
      c.funds[p]! += give;
      c.pool -= give;
    }
  }
  const first = c.allocation.every((x) => x === 0);
  c.previousAllocation.set(c.allocation);
  let placed = 0;
  for (let p = 0; p < NPG; p++) if (p !== own) placed += c.funds[p]!;
  for (let p = 0; p < NPG; p++) c.allocation[p] = placed > 0 && p !== own ? c.funds[p]! / placed : 0;
  if (first) c.previousAllocation.set(c.allocation);
  if (m.multiCentre && s.governance.enterprises) {
    // Part of industry money goes to firms with interest-linkage contracts (enterprise.ts).
    const pot = c.funds[P.industry]! * s.enterprises.subsidy_share;
    c.funds[P.industry]! -= pot;
    c.subsidyPot += pot;
  }
}

/** Monthly cash and one-off grants per planned household, within each programme's funds. */
function entitlements(m: Model, c: County, M: Float64Array, need: Float64Array): void {
  const hh = m.hh;
  const s = m.s;
  // Share of need each programme can pay. Industry is spread thin; training and
  // relocation serve whole households while money lasts.
  const fill = new Float64Array(NPG);
  for (let p = 0; p < NPG; p++) fill[p] = need[p]! > 0 ? Math.min(1, Math.max(0, c.funds[p]!) / need[p]!) : 0;
  const budgetLeft = Float64Array.from(c.funds);
  c.monthlyGross.fill(0);
  c.monthlyNet.fill(0);
  c.monthlyCaptured.fill(0);
  c.monthlyWasted.fill(0);
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    const p = hh.plan[i]!;
    if (p === NONE) continue;
    const w = hh.weight[i]!;
    const capture = m.villages.capture[hh.village[i]!]!;
    const match = M[p * NC + hh.trueCause[i]!]!;
    const needed = needOf(m, i, p);
    if (p === P.health) {
      hh.reimbExtra[i] = c.funds[P.health]! > 0 ? s.health.assistance_reimbursement * (1 - capture) : 0;
      continue;
    }
    if (isCash(p)) {
      const from = cashStart(m, i, p);
      const k = hh.planLast[i] === p ? p : NPG + p; // totals slot: renewed from last year, or new
      const gross = needed * fill[p]!;
      const net = gross * (1 - capture) * match;
      hh.cashGov[i] = net;
      hh.cashFrom[i] = from;
      hh.promisedGov[i] = needed * 12;
      hh.deliveredGov[i] = net * (12 - from);
      hh.captured[i]! += gross * capture * (12 - from);
      c.monthlyGross[k]! += w * gross;
      c.monthlyNet[k]! += w * net;
      c.monthlyCaptured[k]! += w * gross * capture;
      c.monthlyWasted[k]! += w * gross * (1 - capture) * (1 - match);
      continue;
    }
    if (p === P.credit) continue; // loans are made by the lender (credit.ts)
    if (!accepts(m, i, p)) continue; // refused: nothing promised, nothing spent
    hh.promisedGov[i] = needed;
    let grant: number;
    if (p === P.industry) grant = needed * fill[p]!;
    else grant = budgetLeft[p]! >= w * needed ? needed : 0;
    budgetLeft[p]! -= w * grant;
    hh.grant[i] = grant;
  }
}

/**
 * Income the guarantee's means test sees (per person): the registry's
 * observation less last year's guarantee itself (else the top-up chases its
 * own tail and closes under half the gap).
 */
function meansTested(m: Model, i: number): number {
  return m.hh.observed[i]! - m.hh.dibaoLast[i]!;
}

/** Month cash programme p starts paying household i: January if renewed from last year, else the delivery month. */
function cashStart(m: Model, i: number, p: number): number {
  return m.hh.planLast[i] === p ? 0 : m.deliveryMonth;
}

function isCash(p: number): boolean {
  return p === P.employment || p === P.social_security || p === P.education || p === P.ecological;
}

/** Monthly cash programmes: renewed entitlements from January, new ones from the delivery month. */
export function payCashProgrammes(m: Model): void {
  if (!m.programmesActive) return;
  const newOnes = m.month >= m.deliveryMonth;
  for (const c of m.counties) {
    for (const p of CASH_PROGRAMMES) {
      payCash(m, c, p, p);
      if (newOnes) payCash(m, c, p, NPG + p);
    }
  }
}

/** One month of programme p's cash from totals slot k. */
function payCash(m: Model, c: County, p: number, k: number): void {
  const gross = c.monthlyGross[k]!;
  if (gross === 0) return;
  const L = m.ledger;
  c.funds[p]! -= gross;
  L.add(A.county, A.household, p, c.monthlyNet[k]!);
  L.add(A.county, A.elite_capture, p, c.monthlyCaptured[k]!);
  L.add(A.county, A.mismatch, p, c.monthlyWasted[k]!);
  m.stats.publicSpent += gross;
}

/** One-off programmes (industry assets, training, relocation) in the delivery month. */
export function deliverCapitalProgrammes(m: Model): void {
  if (!m.programmesActive || m.month !== m.deliveryMonth) return;
  const hh = m.hh;
  const s = m.s;
  const L = m.ledger;
  const M = matchMatrix(m);
  for (const c of m.counties) {
    for (let i = c.hhStart; i < c.hhEnd; i++) {
      const grant = hh.grant[i]!;
      if (grant <= 0) continue;
      const p = hh.plan[i]!;
      const w = hh.weight[i]!;
      const capture = m.villages.capture[hh.village[i]!]!;
      const match = M[p * NC + hh.trueCause[i]!]!;
      const useful = (1 - capture) * match;
      if (p === P.industry) {
        hh.productivity[i]! += (grant * useful) / s.programmes.capital_per_productivity;
        hh.product[i] = 1;
      } else if (p === P.training) {
        hh.skill[i] = Math.min(1, hh.skill[i]! + m.eff.training_gain * useful);
        hh.trained[i] = 1;
        m.stats.trained += w;
      } else if (p === P.relocation) {
        // Relocation moves the household whatever its cause; capture only thins the new house.
        hh.harshness[i] = Math.min(hh.harshness[i]!, s.programmes.relocated_harshness);
        hh.relocated[i] = 1;
        m.stats.relocations += w;
      }
      hh.deliveredGov[i]! += grant * (1 - capture);
      hh.captured[i]! += grant * capture;
      c.funds[p]! -= w * grant;
      m.stats.publicSpent += w * grant;
      const wasted = p === P.relocation ? 0 : grant * (1 - capture) * (1 - match);
      L.add(A.county, A.services, p, w * (grant * (1 - capture) - wasted));
      L.add(A.county, A.elite_capture, p, w * grant * capture);
      L.add(A.county, A.mismatch, p, w * wasted);
      hh.grant[i] = 0;
    }
  }
  computeFarmMultipliers(m);
}
