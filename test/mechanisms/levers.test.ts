// The lever table (docs/ODD.md section 8): effectiveParams alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEVER_TABLE, effectiveParams } from '../../src/mechanisms/levers.ts';
import { small } from '../helpers/scenarios.ts';

const LEVERS = ['strategic', 'organisational', 'policy', 'social', 'fund', 'technology', 'publicity', 'assistance'] as const;

describe('effectiveParams', () => {
  it('every lever effect of the scenario is in the table once', () => {
    const s = small();
    const params = LEVER_TABLE.map((e) => e.param);
    expect(new Set(params).size).toBe(params.length);
    expect([...params].sort()).toEqual(Object.keys(s.lever_effects).sort());
  });

  it('interpolates linearly between at0 and at1 by the lever; withdrawal sets the assistance lever to 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }).map((k) => k / 100), { minLength: 8, maxLength: 8 }), (xs) => {
        const s = small({ levers: Object.fromEntries(LEVERS.map((l, k) => [l, xs[k]])) });
        const eff = effectiveParams(s);
        const withdrawn = effectiveParams(s, true);
        for (const { param, lever } of LEVER_TABLE) {
          const { at0, at1 } = s.lever_effects[param];
          expect(eff[param]).toBeCloseTo(at0 + (at1 - at0) * s.levers[lever], 12);
          const expectedWithdrawn = lever === 'assistance' ? at0 : eff[param];
          expect(withdrawn[param]).toBeCloseTo(expectedWithdrawn, 12);
          expect(Math.min(at0, at1) - 1e-12 <= eff[param] && eff[param] <= Math.max(at0, at1) + 1e-12).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});
