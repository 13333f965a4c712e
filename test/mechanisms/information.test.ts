// Information (docs/ODD.md 7.10): spreadInformation alone.
import { describe, expect, it } from 'vitest';
import { NPROG, FROM_Q, Q } from '../../src/core/households.ts';
import { spreadInformation } from '../../src/mechanisms/information.ts';
import { copy, january, roundUntil } from '../helpers/model.ts';

describe('spreadInformation', () => {
  it('keeps awareness in [0, 1] and makes households know the programme they are planned for', () => {
    const m = january({}, 1);
    roundUntil(m, 'spreadInformation');
    spreadInformation(m);
    const hh = m.hh;
    let planned = 0;
    for (let i = 0; i < hh.n; i++) {
      for (let p = 0; p < NPROG; p++) {
        expect(hh.awareness[i * NPROG + p]! * FROM_Q).toBeGreaterThanOrEqual(0);
        expect(hh.awareness[i * NPROG + p]! * FROM_Q).toBeLessThanOrEqual(1);
      }
      if (hh.plan[i]! >= 0) (planned++, expect(hh.awareness[i * NPROG + hh.plan[i]!]).toBe(Q));
    }
    expect(planned).toBeGreaterThan(0);
  });

  it('more publicity reach gives more awareness', () => {
    const awareness = (reach: number) => {
      const m = january({ lever_effects: { publicity_reach: { at0: reach, at1: reach } } });
      roundUntil(m, 'spreadInformation');
      spreadInformation(m);
      return copy(m.hh.awareness).reduce((a, x) => a + x, 0);
    };
    expect(awareness(0.8)).toBeGreaterThan(awareness(0));
  });

  it('with no channel, diffusion or forgetting, awareness does not move', () => {
    const m = january({
      information: { loss_per_level: 1, elite_relay: 0, forgetting: 0, neighbour_diffusion: 0 },
      lever_effects: { platform_fidelity: { at0: 0, at1: 0 }, publicity_reach: { at0: 0, at1: 0 } },
      governance: { enterprises: false, social_organisations: false },
    });
    roundUntil(m, 'spreadInformation');
    const before = copy(m.hh.awareness);
    spreadInformation(m);
    copy(m.hh.awareness).forEach((a, k) => expect(a).toBeCloseTo(before[k]!, 6));
  });
});
