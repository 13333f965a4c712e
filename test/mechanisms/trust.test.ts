// Trust (docs/ODD.md 7.11): trustAfter alone (properties) and updateTrust on a small model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T } from '../../src/core/domain.ts';
import { FROM_Q, NTRUST } from '../../src/core/households.ts';
import { trustAfter, updateTrust } from '../../src/mechanisms/trust.ts';
import { copy, fresh, january } from '../helpers/model.ts';

const unit = fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000);
const inner = fc.integer({ min: 1, max: 999 }).map((k) => k / 1000);

describe('trustAfter', () => {
  it('stays in [0, 1], never moves without a promise, and rises with what is delivered', () => {
    fc.assert(
      fc.property(unit, fc.integer({ min: 1, max: 1e6 }), unit, unit, inner, unit, unit, (t, promised, d1, d2, x, gain, loss) => {
        const lo = trustAfter(t, promised, Math.min(d1, d2) * promised, x, gain, loss);
        const hi = trustAfter(t, promised, Math.max(d1, d2) * promised, x, gain, loss);
        for (const y of [lo, hi]) {
          expect(y).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(1 + 1e-12);
        }
        expect(hi).toBeGreaterThanOrEqual(lo - 1e-12);
        expect(trustAfter(t, 0, d1 * 100, x, gain, loss)).toBe(t);
        expect(trustAfter(t, promised, x * promised, x, gain, loss)).toBeCloseTo(t, 12);
        // Trust moves toward delivery: up when more than expected arrives, down when less.
        expect(trustAfter(t, promised, promised, x, gain, loss)).toBeGreaterThanOrEqual(t);
        expect(trustAfter(t, promised, 0, x, gain, loss)).toBeLessThanOrEqual(t);
      }),
    );
  });

  it('losses weigh more than gains: with the scenario rates, falling short hurts more than overshooting helps', () => {
    const tr = fresh({ population: { households: 60, villages_per_county: 3 } }).s.trust;
    expect(tr.loss_rate).toBeGreaterThan(tr.gain_rate);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }).map((k) => k / 100), (d) => {
        // Symmetric shortfall and overshoot around an expectation of one half, at trust one half.
        const x = 0.5;
        const step = d * 0.5;
        const up = trustAfter(0.5, 100, 100 * (x + step), x, tr.gain_rate, tr.loss_rate) - 0.5;
        const down = 0.5 - trustAfter(0.5, 100, 100 * (x - step), x, tr.gain_rate, tr.loss_rate);
        expect(up).toBeGreaterThan(0);
        expect(down).toBeGreaterThan(up);
      }),
    );
  });
});

describe('updateTrust', () => {
  it('does nothing in the first reported year (nothing was promised in the warm-up year)', () => {
    const m = january();
    expect(m.year).toBe(m.s.time.start_year);
    const before = copy(m.hh.trust);
    updateTrust(m);
    expect(copy(m.hh.trust)).toEqual(before);
  });

  it('government trust follows deliveries: kept promises never lower it, broken ones lower it; all stays in [0, 1]', () => {
    const m = january({}, 1, 3);
    const hh = m.hh;
    let kept = 0;
    let broken = 0;
    for (let i = 0; i < hh.n; i++) {
      hh.captured[i] = 0;
      if (i % 2 === 0) {
        hh.promisedGov[i] = 100;
        hh.deliveredGov[i] = 100;
        kept++;
      } else {
        hh.promisedGov[i] = 100;
        hh.deliveredGov[i] = 0;
        broken++;
      }
    }
    const before = copy(hh.trust);
    updateTrust(m);
    expect(kept + broken).toBe(hh.n);
    for (let i = 0; i < hh.n; i++) {
      const g = hh.trust[i * NTRUST + T.government]!;
      const was = before[i * NTRUST + T.government]!;
      if (i % 2 === 0) expect(g).toBeGreaterThanOrEqual(was);
      else if (was > 0) expect(g).toBeLessThan(was);
      for (let k = 0; k < NTRUST; k++) {
        expect(hh.trust[i * NTRUST + k]! * FROM_Q).toBeGreaterThanOrEqual(0);
        expect(hh.trust[i * NTRUST + k]! * FROM_Q).toBeLessThanOrEqual(1);
      }
      // Without felt capture the promise to the household was kept past the elites: trust in them does not fall.
      expect(hh.trust[i * NTRUST + T.elite]).toBeGreaterThanOrEqual(before[i * NTRUST + T.elite]!);
    }
    for (const c of m.counties) {
      expect(c.policyTrust).toBeGreaterThanOrEqual(0);
      expect(c.policyTrust).toBeLessThanOrEqual(1);
      expect(c.donorTrust).toBeGreaterThanOrEqual(0);
      expect(c.donorTrust).toBeLessThanOrEqual(1);
    }
  });
});
