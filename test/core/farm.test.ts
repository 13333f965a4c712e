// Farm multipliers (src/core/farm.ts, docs/ODD.md 7.12) on a small model.
import { describe, expect, it } from 'vitest';
import { NONE } from '../../src/core/domain.ts';
import { computeFarmMultipliers, coopCaptureShare } from '../../src/core/farm.ts';
import { updatePrices } from '../../src/mechanisms/markets.ts';
import { january } from '../helpers/model.ts';

describe('computeFarmMultipliers', () => {
  it('is the product of its factors for a household on the staple outside any co-operative', () => {
    const m = january();
    updatePrices(m);
    computeFarmMultipliers(m);
    const hh = m.hh;
    const floor = m.s.aspiration.effort_floor;
    const staple = m.prices[0]! * m.s.market.products[0]!.yield;
    let checked = 0;
    for (let i = 0; i < hh.n; i++) {
      expect(hh.farmMult[i]).toBeGreaterThanOrEqual(0);
      if (hh.product[i] !== 0 || hh.coop[i] !== NONE) continue;
      const expected = hh.land[i]! * (1 + hh.productivity[i]!) * (0.5 + hh.skill[i]!) * (floor + (1 - floor) * hh.aspiration[i]!) * (1 - hh.harshness[i]!) * staple * hh.luck[i]!;
      expect(hh.farmMult[i]).toBeCloseTo(expected, 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('scales with luck and with land, and a firm co-operative adds coop_productivity', () => {
    const m = january();
    updatePrices(m);
    computeFarmMultipliers(m);
    const hh = m.hh;
    const i = Array.from({ length: hh.n }, (_, k) => k).find((k) => hh.farmMult[k]! > 0 && hh.coop[k] === NONE)!;
    const base = hh.farmMult[i]!;
    hh.luck[i]! *= 2;
    computeFarmMultipliers(m);
    expect(hh.farmMult[i]).toBeCloseTo(2 * base, 4);
    hh.land[i]! *= 1.5;
    computeFarmMultipliers(m);
    expect(hh.farmMult[i]).toBeCloseTo(3 * base, 4);
    hh.coop[i] = 0; // a firm's co-operative: this year's gain of firm 0 (issue 12: drawn, may be negative)
    const firm = m.firms[0] ?? (m.firms[0] = { coopGain: 0 } as (typeof m.firms)[number]);
    for (const g of [0.3, -0.2]) {
      firm.coopGain = g;
      computeFarmMultipliers(m);
      expect(hh.farmMult[i]).toBeCloseTo(3 * base * (1 + g), 4);
    }
  });
});

describe('coopCaptureShare', () => {
  it('is coop_capture x (1 - transparency): within [0, coop_capture], zero at full transparency', () => {
    const m = january({ elites: { coop_capture: 0.4 } });
    const cap = m.s.elites.coop_capture;
    for (const t of [0, 0.3, 1]) {
      m.villages.transparency[0] = t;
      const s = coopCaptureShare(m, 0);
      expect(s).toBeCloseTo(cap * (1 - t), 6);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(cap);
    }
  });
});
