/**
 * Each household's farm output multiplier for the year (land, support,
 * skill, effort, location, product, luck, co-operative: this year's gain of
 * the member's co-operative, drawn in elite.ts and enterprise.ts). Computed in January
 * after migration and recomputed whenever something it reads changes: a
 * price crash starts or ends, capital programmes are delivered. It sits in
 * the core because agents and mechanisms both call it.
 */
import { NONE } from './domain.ts';
import type { Model } from './model.ts';
import * as libm from './libm.ts';

/** Farm output multiplier of each household for this year (village by village). */
export function computeFarmMultipliers(m: Model): void {
  const hh = m.hh;
  const vil = m.villages;
  const s = m.s;
  const products = s.market.products;
  const floor = s.aspiration.effort_floor;
  const firms = m.firms;
  const skillBase = s.economy.skill_base;
  const { product, aspiration, coop, farmMult, land, productivity, skill, harshness, luck } = hh;
  const staple = m.prices[0]! * products[0]!.yield;
  const worksGain = s.public_works.farm_gain;
  for (let v = 0; v < vil.n; v++) {
    const c = m.counties[vil.county[v]!]!;
    // Village public works (roads, water, power) raise output and the price received.
    const works = 1 + worksGain * infrastructureEffect(vil.infra[v]!);
    const k = c.mainProduct;
    // product[i] is a flag: 1 = the county's main product, 0 = the staple.
    const main = k === 0 ? staple : m.prices[k]! * products[k]!.yield * c.advantage[k]!;
    // This year's co-operative gains (elite.ts, enterprise.ts). Elite organisers keep part
    // of a positive gain where transparency is low; members bear a loss in full.
    const g = vil.coopGain[v]!;
    const eliteCoop = 1 + (g > 0 ? g * (1 - coopCaptureShare(m, v)) : g);
    for (let i = vil.start[v]!; i < vil.end[v]!; i++) {
      const priceYield = product[i] === 1 ? main : staple;
      const effort = floor + (1 - floor) * aspiration[i]!;
      const membership = coop[i]!;
      const co = membership === NONE ? 1 : membership <= -2 ? eliteCoop : 1 + firms[membership]!.coopGain;
      farmMult[i] = land[i]! * (1 + productivity[i]!) * (skillBase + skill[i]!) * effort * (1 - harshness[i]!) * priceYield * luck[i]! * co * works;
    }
  }
}

/** Share of an elite co-operative's gain the organiser captures in village v. */
export function coopCaptureShare(m: Model, v: number): number {
  return m.s.elites.coop_capture * (1 - m.villages.transparency[v]!);
}

/** Share of its full effect a village's public-works stock reaches: saturating, 0 without infrastructure. */
export function infrastructureEffect(stock: number): number {
  return 1 - libm.exp(-stock);
}
