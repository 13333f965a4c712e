/**
 * Mechanism 4 (markets): each county picks a main product for its industry
 * programme; prices fall as more counties (simulated and outside) grow the
 * same product. Counties that copy the most popular product crowd its market,
 * so choosing by local advantage ("differentiated industries", 000 4.3) pays
 * off through prices, not by decree. The staple (product 0) has a fixed price.
 */
import { computeFarmMultipliers } from '../core/farm.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import * as libm from '../core/libm.ts';

/** The product everybody copies: the highest listed price among non-staples. */
export function hotProduct(m: Model): number {
  const products = m.s.market.products;
  let best = 0;
  for (let k = 1; k < products.length; k++) if (best === 0 || products[k]!.price > products[best]!.price) best = k;
  return best;
}

/** Counties choose (or reconsider, after a price collapse) their main product. */
export function chooseProducts(m: Model): void {
  const products = m.s.market.products;
  if (products.length < 2) return;
  const hot = hotProduct(m);
  const collapseAt = m.s.market.collapse_threshold;
  for (const c of m.counties) {
    const u = m.rng.u(SITE.productChoice, c.id, m.yearTick);
    const current = c.mainProduct;
    const collapsed = current !== 0 && m.prices[current]! < collapseAt * products[current]!.price;
    if (current !== 0 && !collapsed) continue;
    if (u < m.eff.local_advantage) {
      let best = 1;
      let bestValue = -Infinity;
      for (let k = 1; k < products.length; k++) {
        const expected = m.prices[k]! > 0 ? m.prices[k]! : products[k]!.price;
        const value = c.advantage[k]! * expected * products[k]!.yield;
        if (value > bestValue) {
          bestValue = value;
          best = k;
        }
      }
      c.mainProduct = best;
    } else {
      c.mainProduct = hot;
    }
  }
}

/** Prices from this year's supply: (1 + supply) / (1 + reference) to the power -elasticity. */
export function updatePrices(m: Model): void {
  const { products, elasticity, outside_counties } = m.s.market;
  const hot = hotProduct(m);
  for (let k = 0; k < products.length; k++) {
    if (k === 0) {
      m.basePrices[0] = products[0]!.price;
    } else {
      let supply = k === hot ? outside_counties : 0;
      for (const c of m.counties) if (c.mainProduct === k) supply += 1;
      const p = products[k]!;
      m.basePrices[k] = p.price * libm.pow((1 + supply) / (1 + p.reference_supply), -elasticity);
    }
    m.prices[k] = m.basePrices[k]! * (1 - (m.priceCrash[k]! > 0 ? m.priceCrashDepth[k]! : 0));
  }
}

/** Start a price crash of product k (or every county's main product when k < 0). */
export function crashPrice(m: Model, k: number, depth: number, months: number): void {
  const targets = k >= 0 ? [k] : [...new Set(m.counties.map((c) => c.mainProduct))].filter((x) => x !== 0);
  for (const t of targets) {
    m.priceCrash[t] = months;
    m.priceCrashDepth[t] = depth;
    m.prices[t] = m.basePrices[t]! * (1 - depth);
  }
  computeFarmMultipliers(m);
}

/** Count crash months down; restore prices when a crash ends. */
export function agePriceCrashes(m: Model): void {
  let ended = false;
  for (let k = 0; k < m.priceCrash.length; k++) {
    if (m.priceCrash[k]! <= 0) continue;
    m.priceCrash[k]!--;
    if (m.priceCrash[k] === 0) {
      m.prices[k] = m.basePrices[k]!;
      ended = true;
    }
  }
  if (ended) computeFarmMultipliers(m);
}

/** Price index a household's farm output sells at (staple or its county's main product). */
export function householdPrice(m: Model, county: number, onMainProduct: boolean): number {
  if (!onMainProduct) return m.prices[0]!;
  const c = m.counties[county]!;
  return m.prices[c.mainProduct]! * c.advantage[c.mainProduct]!;
}
