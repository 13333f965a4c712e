/**
 * Allocation, the county half of mechanism 1 (budget and allocation, brief
 * §4.1): each January a county splits its pool (this year's arrivals from
 * budget.ts plus last year's unspent programme funds) across programmes,
 * fixed shares blended with the registry's needs, each programme capped at
 * what its planned households can usefully spend (matching.ts works that
 * out). Under the multi-centre arrangement part of the industry money is set
 * aside for firms with interest-linkage contracts (enterprise.ts), out of
 * what households planned for industry could have used.
 */
import { P, PROGRAMMES } from '../core/domain.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import type { County } from '../core/world.ts';
import * as libm from '../core/libm.ts';

const NPG = PROGRAMMES.length;

/**
 * The county's allocation for the year: `planned` is the represented
 * households planned per programme, `need` what each programme can usefully
 * spend. Social security gets nothing: its households are referred to the
 * minimum living guarantee, which civil affairs pays (guarantee.ts).
 */
export function allocateCounty(m: Model, c: County, planned: Float64Array, need: Float64Array): void {
  // No gross-up for the firms' share: the subsidy comes out of the same industry
  // pot as the households' grants, so it crowds them out (issue 12).
  allocate(m, c, planned, need);
}

/**
 * Months of delay coordination adds to every programme's delivery: one
 * `governance.coordination_delay` for each non-government actor that touches
 * public money (firms paid from the industry pot, social organisations
 * watching the funds), 003 V.A-B.
 */
export function coordinationDelay(m: Model): number {
  const s = m.s;
  let actors = 0;
  if (m.multiCentre && s.governance.enterprises && s.enterprises.subsidy_share > 0) actors++;
  if (m.socialOrgsActive && s.budget.social_watch > 0) actors++;
  return actors * s.governance.coordination_delay;
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
    const swing = libm.exp(m.eff.allocation_noise * m.rng.normal(SITE.allocationSwing, c.id, m.yearTick, p));
    share[p] = planned[p]! > 0 || p === P.credit ? ((1 - k) * fixed + k * needShare) * swing : 0;
  }
  // Last year's unspent programme money (an overdraft counts against it) goes back into the pool.
  for (let p = 0; p < NPG; p++) {
    c.pool += c.funds[p]!;
    c.funds[p] = 0;
  }
  c.poolAtAllocation = c.pool; // what public-works.ts ages the idle funds against
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
  for (let p = 0; p < NPG; p++) placed += c.funds[p]!;
  for (let p = 0; p < NPG; p++) c.allocation[p] = placed > 0 ? c.funds[p]! / placed : 0;
  if (first) c.previousAllocation.set(c.allocation);
  if (m.multiCentre && s.governance.enterprises) {
    // Part of industry money goes to firms with interest-linkage contracts (enterprise.ts).
    const pot = c.funds[P.industry]! * s.enterprises.subsidy_share;
    c.funds[P.industry]! -= pot;
    c.subsidyPot += pot;
  }
}
