/**
 * Mechanism 1 (budget and allocation): public money comes down the hierarchy
 * central -> provincial -> county. At each level part of it is lost to
 * fragmentation (fund synergy lowers it) and to misuse (supervision lowers
 * it). At the village, transparency and social watch decide how much of what
 * is delivered local elites capture.
 */
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import { countyBooks } from '../core/world.ts';

/**
 * Combined supervision: government audits, fund synergy, social watch. Where
 * social organisations also watch, responsibility shifts between the two
 * watchers (003 V.B): the share coordination_loss of each one's effort is lost.
 */
export function supervision(m: Model): number {
  const b = m.s.budget;
  const { watch, kept } = socialWatch(m);
  return 1 - (1 - b.supervision * kept) * (1 - m.eff.fund_supervision) * (1 - watch);
}

/** The social watch in effect and the share of each watcher's effort kept after responsibility shifting. */
export function socialWatch(m: Model): { watch: number; kept: number } {
  const watch = m.socialOrgsActive ? m.s.budget.social_watch : 0;
  const kept = watch > 0 ? 1 - m.eff.coordination_loss : 1;
  return { watch: watch * kept, kept };
}

/** Share of funds misused at one level of the hierarchy. */
export function leakageRate(m: Model): number {
  return m.s.budget.leakage_base * (1 - supervision(m));
}

/** Village transparency and the share of delivered benefits elites capture there. */
export function updateTransparency(m: Model): void {
  const b = m.s.budget;
  const vil = m.villages;
  const platform = m.eff.platform_transparency * m.now.platformAccess;
  for (const c of m.counties) {
    const { watch } = socialWatch(m);
    const t = 1 - (1 - b.transparency_base) * (1 - watch) * (1 - platform);
    for (let v = c.villageStart; v < c.villageEnd; v++) {
      vil.transparency[v] = t;
      vil.capture[v] = b.capture_base * (1 - t) * Math.min(1, vil.elites[v]! / 2);
    }
  }
}

/**
 * The year's appropriations flow down to the counties. What arrives joins
 * each county's pool, to be allocated across programmes (matching.ts).
 */
export function appropriate(m: Model): void {
  const L = m.ledger;
  const b = m.s.budget;
  const frag = m.eff.fragmentation_loss;
  const total = m.s.population.represented_households;
  updateTransparency(m);
  const central = m.now.centralBudget;
  const provincial = central * b.provincial_match;
  L.add(A.central_budget, A.central, PU.allocation, central);
  L.add(A.provincial_budget, A.provincial, PU.allocation, provincial);
  // Leakage follows supervision (the same in every county today); the upper levels use the counties' weighted mean.
  let leakUpper = 0;
  for (const c of m.counties) leakUpper += (leakageRate(m) * c.weight) / total;
  const [fragUp, leakUp] = losses(frag, leakUpper);
  L.add(A.central, A.fragmentation, PU.overhead, central * fragUp);
  L.add(A.central, A.leakage, PU.overhead, central * leakUp);
  const toProvince = central * (1 - fragUp - leakUp);
  L.add(A.central, A.provincial, PU.allocation, toProvince);
  const atProvince = toProvince + provincial;
  L.add(A.provincial, A.fragmentation, PU.overhead, atProvince * fragUp);
  L.add(A.provincial, A.leakage, PU.overhead, atProvince * leakUp);
  const toCounties = atProvince * (1 - fragUp - leakUp);
  L.add(A.provincial, A.county, PU.allocation, toCounties);
  for (const c of m.counties) {
    const share = c.weight / total;
    const own = m.now.countyBudget * share;
    L.add(A.county_budget, A.county, PU.allocation, own);
    const arriving = toCounties * share + own;
    const [fragC, leakC] = losses(frag, leakageRate(m));
    L.add(A.county, A.fragmentation, PU.overhead, arriving * fragC);
    L.add(A.county, A.leakage, PU.overhead, arriving * leakC);
    c.pool += arriving * (1 - fragC - leakC);
  }
  L.post();
}

/** Fragmentation and leakage shares at one level; together never more than all of it. */
function losses(frag: number, leak: number): [number, number] {
  const sum = frag + leak;
  return sum <= 1 ? [frag, leak] : [frag / sum, leak / sum];
}

/**
 * Government accounts never go negative: an overdraft (entitlements such as
 * medical assistance paid beyond the year's funds) is covered by a declared
 * supplementary appropriation, visible in the ledger.
 */
export function coverOverdrafts(m: Model): void {
  const L = m.ledger;
  // County by county: a county whose books are negative gets the difference.
  for (const c of m.counties) {
    const balance = countyBooks(c);
    if (balance < 0) {
      L.add(A.supplementary_budget, A.county, PU.allocation, -balance);
      c.pool -= balance;
    }
  }
  L.post();
  for (const acc of [A.central, A.provincial, A.county, A.social_org, A.lender]) {
    const fen = L.fen(acc);
    if (fen < 0n) L.transfer(A.supplementary_budget, acc, PU.allocation, Number(-fen) / 100);
  }
}
