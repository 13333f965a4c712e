// Mechanism 1, county half (docs/ODD.md 7.1): allocateCounty alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { P, PROGRAMMES } from '../../src/core/domain.ts';
import { allocateCounty } from '../../src/mechanisms/allocation.ts';
import { january } from '../helpers/model.ts';

const NPG = PROGRAMMES.length;
const amounts = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e7 })), { minLength: NPG, maxLength: NPG });

describe('allocateCounty', () => {
  const m = january();
  const c = m.counties[0]!;

  it('conserves the county\'s money, fills no programme beyond its need, funds only planned programmes (and credit), and leaves idle funds only when every funded programme is full', () => {
    fc.assert(
      fc.property(amounts, amounts, fc.integer({ min: 0, max: 5e7 }), (plannedXs, needXs, pool) => {
        c.pool = pool;
        c.funds.fill(0);
        c.subsidyPot = 0;
        c.allocation.fill(0);
        const planned = Float64Array.from(plannedXs);
        const need = Float64Array.from(needXs);
        allocateCounty(m, c, planned, need);
        const total = c.pool + c.subsidyPot + c.funds.reduce((a, x) => a + x, 0);
        expect(total).toBeCloseTo(pool, 3);
        expect(c.pool).toBeGreaterThanOrEqual(-1e-6);
        for (let p = 0; p < NPG; p++) {
          expect(c.funds[p]).toBeGreaterThanOrEqual(0);
          expect(c.funds[p]!).toBeLessThanOrEqual(need[p]! * (1 + 1e-9) + 1e-6);
          if (planned[p] === 0 && p !== P.credit) expect(c.funds[p]).toBe(0);
          const funded = planned[p]! > 0 || p === P.credit;
          // The firms' subsidy pot comes out of the industry programme's need (no gross-up, issue 12).
          const placed = c.funds[p]! + (p === P.industry ? c.subsidyPot : 0);
          if (c.pool > 1e-3 && funded) expect(placed).toBeCloseTo(need[p]!, 3);
        }
        const shares = c.allocation.reduce((a, x) => a + x, 0);
        if (total - c.pool > 1e-6) expect(shares).toBeCloseTo(1, 9);
      }),
      { numRuns: 200 },
    );
  });
});
