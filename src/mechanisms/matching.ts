/**
 * Mechanism 3 (matching programme to cause and delivery, "classify the
 * guidance", brief §4.3): each registered household gets a plan, the
 * programme that best fits its RECORDED cause; policy synergy decides how
 * often the recorded cause is the true one. What the plans can usefully
 * spend caps the county's allocation (allocation.ts); then each planned
 * household's entitlement is fixed, cash paid monthly and one-off grants
 * delivered in the delivery month. A yuan spent on a household the
 * programme cannot help (the matching matrix) buys nothing. What leaves the
 * county passes the village, where elites may capture part of it.
 */
import { C, CAUSES, CHRONIC, NONE, P, PROGRAMMES, SERIOUS, T, type Cause } from '../core/domain.ts';
import { computeFarmMultipliers } from '../core/farm.ts';
import { NTRUST, FROM_Q } from '../core/households.ts';
import { A } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import { slots } from '../core/slots.ts';
import type { County } from '../core/world.ts';
import { allocateCounty, coordinationDelay } from './allocation.ts';

const NC = CAUSES.length;
const NPG = PROGRAMMES.length;
/**
 * Programmes paid in monthly cash from the delivery month on. Social security
 * is not among them: a household planned for it is referred to the minimum
 * living guarantee, which civil affairs pays (guarantee.ts), not poverty funds.
 */
const CASH_PROGRAMMES = [P.employment, P.education, P.ecological] as const;

/**
 * Causes a recorder confuses with one another (symmetric): the groups the
 * registration's own measures treat together (004 2.1.5 and 3.2: the social
 * security batch for "physical disability and special difficulties", health
 * poverty alleviation for "poverty due to illness"; the relocation batch for
 * harsh places that are also "endemic and geological disaster prone"; the
 * financial batch for households with "willingness and abilities" but no
 * loans; schooling costs are a shortage of money; 003: "poverty due to old
 * age, illness and other factors").
 */
export const RELATED_CAUSES: readonly (readonly [Cause, Cause])[] = [
  ['illness', 'disability'],
  ['illness', 'lack_labour'],
  ['disability', 'lack_labour'],
  ['lack_skills', 'lack_funds'],
  ['harsh_location', 'disaster'],
  ['education_costs', 'lack_funds'],
];

/**
 * For each true cause t, the cumulative weights (row t, NC entries) of the
 * cause recorded when the recorder gets it wrong: the true cause and every
 * unrelated cause weigh 1, a related cause `related`. With related = 1 the
 * draw is uniform over the eight causes.
 */
export function confusionTable(related: number): Float64Array {
  const w = new Float64Array(NC * NC).fill(1);
  for (const [a, b] of RELATED_CAUSES) {
    w[C[a]! * NC + C[b]!] = related;
    w[C[b]! * NC + C[a]!] = related;
  }
  for (let t = 0; t < NC; t++) for (let c = 1; c < NC; c++) w[t * NC + c]! += w[t * NC + c - 1]!;
  return w;
}

/** The cause recorded for true cause t from one uniform draw u in [0, 1) (table: confusionTable). */
export function misrecordedCause(table: Float64Array, t: number, u: number): number {
  const row = t * NC;
  const x = u * table[row + NC - 1]!;
  let c = 0;
  while (c < NC - 1 && x >= table[row + c]!) c++;
  return c;
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
  m.deliveryMonth = Math.min(11, Math.max(0, Math.round(m.eff.disbursement_delay + coordinationDelay(m))));
  const M = m.matchMatrix;
  const best = bestProgrammes(M);
  const confusion = confusionTable(m.s.cause_recording.related_weight);
  for (const c of m.counties) planCounty(m, c, M, best, confusion);
}

function planCounty(m: Model, c: County, M: Float64Array, best: Int8Array, confusion: Float64Array): void {
  const hh = m.hh;
  const rng = m.rng;
  const t = m.yearTick;
  const st = m.stats;
  const accuracy = m.eff.match_accuracy;
  const planned = new Float64Array(NPG);
  const recordedRow = rng.row(SITE.causeRecorded, t);
  const confusionRow = rng.row(SITE.causeConfusion, t);
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    if (hh.registered[i] !== 1) continue;
    const recorded = rng.uAt(recordedRow, i) < accuracy ? hh.trueCause[i]! : misrecordedCause(confusion, hh.trueCause[i]!, rng.uAt(confusionRow, i));
    hh.recordedCause[i] = recorded;
    const plan = eligible(m, i, best[recorded]!);
    hh.plan[i] = plan;
    if (plan !== P.social_security) planned[plan]! += hh.weight[i]!; // a referral costs poverty funds nothing
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
  allocateCounty(m, c, planned, need);
  entitlements(m, c, M, need);
}

/** What planned household i needs from programme p: per month for cash programmes, once for the others. */
function needOf(m: Model, i: number, p: number): number {
  const hh = m.hh;
  const pr = m.s.programmes;
  switch (p) {
    case P.employment:
      return pr.employment_cost / 12;
    case P.education:
      return (hh.children[i]! * m.now.educationCost) / 12;
    case P.ecological:
      return pr.ecological_payment / 12;
    case P.industry:
      return pr.max_per_household;
    case P.training:
    case P.relocation:
      return grantCost(m, p);
    default:
      return 0; // health and credit: entitlements drawn during the year; social security: the guarantee pays
  }
}

/** Whether planned household i will take part (relocation needs trust, training the will to attend). */
function accepts(m: Model, i: number, p: number): boolean {
  const hh = m.hh;
  if (p === P.relocation) return hh.trust[i * NTRUST + T.government]! * FROM_Q >= m.s.trust.participation_gate;
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

/** Monthly cash and one-off grants per planned household, within each programme's funds. */
function entitlements(m: Model, c: County, M: Float64Array, need: Float64Array): void {
  const hh = m.hh;
  const s = m.s;
  // Share of need each programme can pay. Industry is spread thin; training and
  // relocation serve whole households while money lasts.
  const grantsLeft = wholeGrants(m, c, need);
  const fill = c.fill;
  for (let p = 0; p < NPG; p++) fill[p] = need[p]! > 0 ? Math.min(1, Math.max(0, c.funds[p]!) / need[p]!) : 0;
  c.monthlyGross.fill(0);
  c.monthlyNet.fill(0);
  c.monthlyCaptured.fill(0);
  c.monthlyWasted.fill(0);
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    const p = hh.plan[i]!;
    if (p === NONE || p === P.social_security) continue; // a referral: the guarantee pays (guarantee.ts)
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
      const gross = needed * fill[p]!;
      hh.cashGov[i] = gross * (1 - capture) * match;
      hh.cashFrom[i] = from;
      hh.promisedGov[i] = needed * 12;
      hh.deliveredGov[i] = hh.cashGov[i]! * (12 - from);
      hh.captured[i]! += gross * capture * (12 - from);
      addCash(c, cashSlot(hh.planLast[i] === p, p), w, gross, capture, match);
      continue;
    }
    if (p === P.credit) continue; // loans are made by the lender (credit.ts)
    if (!accepts(m, i, p)) continue; // refused: nothing promised, nothing spent
    hh.promisedGov[i] = needed;
    let grant: number;
    if (p === P.industry) grant = needed * fill[p]!;
    else {
      grant = grantsLeft[p]! > 0 ? needed : 0;
      if (grant > 0) grantsLeft[p]!--;
    }
    hh.grant[i] = grant;
  }
}

/** The grant programmes: a household's grant is whole (a training course, a move). */
const GRANT_PROGRAMMES = [P.training, P.relocation] as const;

/** A grant programme's cost per household (the same for every household). */
function grantCost(m: Model, p: number): number {
  return p === P.training ? m.s.programmes.training_cost : m.s.programmes.relocation_cost;
}

/** Programmes whose funds a whole grant's rounding may draw on or add to: all but the grant programmes. */
function shares(q: number): boolean {
  return !(GRANT_PROGRAMMES as readonly number[]).includes(q);
}

/**
 * Whole training and relocation grants, in simulated households (2.10): the
 * programme's funds buy `slots(funds / grant, w, u)` of them, one keyed draw
 * per county, year and programme. The money of a rounded-up last grant comes
 * from the county's idle pool, then from its other programmes in proportion
 * to their funds; the rest of a rounded-down one goes to the other programmes
 * in proportion to what they still lack, then to the pool. No money is
 * created or lost, and the expected number of grants is funds / (w * grant)
 * at any sample size. (Rounding up with the programme overdrawn, as first
 * done, was covered by a supplementary appropriation: new money, 2-4 billion
 * yuan a year at 10,000 national households.) Never more grants than
 * households that take part: the funds are capped at that need.
 */
export function wholeGrants(m: Model, c: County, need: Float64Array): Int32Array {
  const grants = new Int32Array(NPG);
  const w = m.householdWeight;
  for (const p of GRANT_PROGRAMMES) {
    const cost = grantCost(m, p);
    const funds = Math.max(0, c.funds[p]!);
    if (funds <= 0 || cost <= 0 || w <= 0) continue;
    let k = slots(funds / cost, w, m.rng.u(SITE.grantSlots, c.id, m.yearTick, p));
    let delta = k * w * cost - funds; // > 0: to find; < 0: to give away
    if (delta > 0 && delta > c.pool + otherFunds(c)) {
      k -= 1; // the county has no money for the last one
      delta -= w * cost;
    }
    c.funds[p] = funds + delta;
    if (delta > 0) takeFromOthers(c, delta);
    else if (delta < 0) giveToOthers(c, need, -delta);
    grants[p] = k;
  }
  return grants;
}

/** Funds of the programmes other than the grant programmes. */
function otherFunds(c: County): number {
  let sum = 0;
  for (let q = 0; q < NPG; q++) if (shares(q)) sum += Math.max(0, c.funds[q]!);
  return sum;
}

function takeFromOthers(c: County, amount: number): void {
  const fromPool = Math.min(c.pool, amount);
  c.pool -= fromPool;
  const rest = amount - fromPool;
  if (rest <= 0) return;
  const others = otherFunds(c);
  for (let q = 0; q < NPG; q++) {
    if (!shares(q) || c.funds[q]! <= 0) continue;
    c.funds[q]! -= (rest * c.funds[q]!) / others;
  }
}

function giveToOthers(c: County, need: Float64Array, amount: number): void {
  let lacking = 0;
  for (let q = 0; q < NPG; q++) if (shares(q)) lacking += Math.max(0, need[q]! - c.funds[q]!);
  const given = Math.min(amount, lacking);
  if (given > 0) {
    for (let q = 0; q < NPG; q++) {
      if (!shares(q)) continue;
      const gap = Math.max(0, need[q]! - c.funds[q]!);
      c.funds[q]! += (given * gap) / lacking;
    }
  }
  c.pool += amount - given;
}

/** Totals slot of a cash entitlement: renewed from last year (paid from January) or new. */
function cashSlot(renewed: boolean, p: number): number {
  return renewed ? p : NPG + p;
}

/** Add (sign 1) or remove (sign -1) one household's monthly cash in the county's totals. */
function addCash(c: County, k: number, w: number, gross: number, capture: number, match: number, sign = 1): void {
  const net = gross * (1 - capture) * match;
  c.monthlyGross[k]! += sign * (w * gross);
  c.monthlyNet[k]! += sign * (w * net);
  c.monthlyCaptured[k]! += sign * (w * gross * capture);
  c.monthlyWasted[k]! += sign * (w * gross * (1 - capture) * (1 - match));
}

/**
 * Displacement (003 V.B: where responsibilities are unclear, one actor
 * transfers its responsibility to another): a household that a social
 * organisation takes on although the county planned help for it is handed
 * over. The county withdraws this year's entitlement before anything is paid
 * (cash, a grant not yet delivered, extra medical reimbursement); the money
 * stays in the programme's funds and returns to the pool next January. The
 * guarantee (an entitlement by law) and loans (the lender's) are not
 * withdrawn. Runs in January, after entitlements (step 15).
 */
export function handOver(m: Model, c: County, i: number): boolean {
  const hh = m.hh;
  const p = hh.plan[i]!;
  if (p === NONE || p === P.social_security || p === P.credit) return false;
  if (p === P.health) {
    if (hh.reimbExtra[i] === 0) return false;
    hh.reimbExtra[i] = 0;
    return true;
  }
  if (isCash(p)) {
    if (hh.cashGov[i] === 0 && hh.promisedGov[i] === 0) return false;
    const capture = m.villages.capture[hh.village[i]!]!;
    const match = m.matchMatrix[p * NC + hh.trueCause[i]!]!;
    const gross = needOf(m, i, p) * c.fill[p]!;
    addCash(c, cashSlot(hh.planLast[i] === p, p), hh.weight[i]!, gross, capture, match, -1);
    // Float32 column: adding then subtracting leaves a residue that trust would read as a
    // broken promise of the elites (7.6); a remainder within rounding of the sum is 0.
    const left = hh.captured[i]! - gross * capture * (12 - hh.cashFrom[i]!);
    hh.captured[i] = Math.abs(left) <= 1e-6 * Math.abs(hh.captured[i]!) ? 0 : left;
    hh.cashGov[i] = 0;
  } else {
    if (hh.grant[i] === 0 && hh.promisedGov[i] === 0) return false; // refused: nothing promised
    // A taker left without a grant (the money ran out) is handed over too: the promise goes.
    hh.grant[i] = 0;
  }
  hh.promisedGov[i] = 0;
  hh.deliveredGov[i] = 0;
  return true;
}

/** Step 15, after the social organisations: every planned household they serve is handed over. */
export function handOverToOrganisations(m: Model): void {
  if (!m.socialOrgsActive || !m.programmesActive) return;
  const hh = m.hh;
  const { plan, promisedSo, weight } = hh;
  for (const c of m.counties) {
    for (let i = c.hhStart; i < c.hhEnd; i++) {
      if (promisedSo[i] === 0 || plan[i] === NONE) continue;
      if (handOver(m, c, i) && m.reporting) m.stats.handedOver += weight[i]!;
    }
  }
}

/** Month cash programme p starts paying household i: January if renewed from last year, else the delivery month. */
function cashStart(m: Model, i: number, p: number): number {
  return m.hh.planLast[i] === p ? 0 : m.deliveryMonth;
}

function isCash(p: number): boolean {
  return p === P.employment || p === P.education || p === P.ecological;
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
  const M = m.matchMatrix;
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
