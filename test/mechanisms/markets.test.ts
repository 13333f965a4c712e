// Mechanism 4 (markets, docs/ODD.md 7.4): hotProduct, prices and crashes alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agePriceCrashes, chooseProducts, crashPrice, hotProduct, householdPrice, updatePrices } from '../../src/mechanisms/markets.ts';
import { january } from '../helpers/model.ts';

describe('hotProduct', () => {
  it('is the non-staple with the highest listed price (the first on ties), or the staple when there is none', () => {
    const m = january({ population: { households: 60, villages_per_county: 3 } });
    const products = m.s.market.products;
    const template = products[0]!;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), (prices) => {
        m.s.market.products = prices.map((price, k) => ({ ...template, name: `p${k}`, price }));
        const hot = hotProduct(m);
        const rest = prices.slice(1);
        expect(hot).toBe(rest.length === 0 ? 0 : 1 + rest.indexOf(Math.max(...rest)));
      }),
    );
    m.s.market.products = products;
  });
});

describe('updatePrices', () => {
  it('keeps the staple at its listed price and lowers a product\'s price as more counties grow it', () => {
    const m = january({ population: { counties: 3 } });
    const products = m.s.market.products;
    expect(products.length).toBeGreaterThan(2);
    const k = 1 === hotProduct(m) ? 2 : 1;
    m.counties.forEach((c) => (c.mainProduct = 0));
    updatePrices(m);
    const alone = m.prices[k]!;
    expect(m.prices[0]).toBe(products[0]!.price);
    m.counties.forEach((c) => (c.mainProduct = k));
    updatePrices(m);
    expect(m.prices[k]).toBeLessThan(alone);
    expect(m.prices[0]).toBe(products[0]!.price);
  });

  it('chooseProducts gives every county a listed product', () => {
    const m = january({ population: { counties: 3 } });
    chooseProducts(m);
    for (const c of m.counties) expect(c.mainProduct).toBeGreaterThanOrEqual(0), expect(c.mainProduct).toBeLessThan(m.s.market.products.length);
  });
});

describe('crashPrice and agePriceCrashes', () => {
  it('a crash cuts the price by its depth for its months, then the price returns', () => {
    const m = january();
    updatePrices(m);
    const k = 1;
    const base = m.prices[k]!;
    crashPrice(m, k, 0.4, 2);
    expect(m.prices[k]).toBeCloseTo(base * 0.6, 12);
    agePriceCrashes(m);
    expect(m.prices[k]).toBeCloseTo(base * 0.6, 12);
    agePriceCrashes(m);
    expect(m.prices[k]).toBe(base);
  });

  it('householdPrice is the staple off the main product, the main product times advantage on it', () => {
    const m = january();
    updatePrices(m);
    const c = m.counties[0]!;
    c.mainProduct = 1;
    expect(householdPrice(m, 0, false)).toBe(m.prices[0]);
    expect(householdPrice(m, 0, true)).toBe(m.prices[1]! * c.advantage[1]!);
  });
});
