// Elites (src/agents/elite.ts, docs/ODD.md 7.14): elitesOrganise alone.
import { describe, expect, it } from 'vitest';
import { NONE, P, T } from '../../src/core/domain.ts';
import { NPROG, NTRUST, FROM_Q } from '../../src/core/households.ts';
import { elitesOrganise } from '../../src/agents/elite.ts';
import { copy, january, roundUntil } from '../helpers/model.ts';

describe('elitesOrganise', () => {
  it('new members have labour, trust elites and know the industry programme; each co-operative stays within its capacity', () => {
    const m = january({}, 1);
    roundUntil(m, 'elitesOrganise');
    const hh = m.hh;
    const vil = m.villages;
    const gate = m.s.trust.participation_gate;
    const before = copy(hh.coop);
    elitesOrganise(m);
    let members = 0;
    for (let v = 0; v < vil.n; v++) {
      let weight = 0;
      let last = 0;
      for (let i = vil.start[v]!; i < vil.end[v]!; i++) {
        if (hh.coop[i] !== -(2 + v)) {
          expect(hh.coop[i]! <= -2 && hh.coop[i] !== -(2 + v)).toBe(false); // only its own village's co-operative
          continue;
        }
        weight += hh.weight[i]!;
        last = hh.weight[i]!;
        members++;
        expect(hh.trust[i * NTRUST + T.elite]! * FROM_Q).toBeGreaterThanOrEqual(gate * 0.8);
        if (before[i] === NONE) {
          expect(hh.labour[i]).toBeGreaterThan(0);
          expect(hh.trust[i * NTRUST + T.elite]! * FROM_Q).toBeGreaterThanOrEqual(gate);
          expect(hh.awareness[i * NPROG + P.industry]! * FROM_Q).toBeGreaterThanOrEqual(0.3);
          expect(hh.product[i]).toBe(1);
        }
      }
      expect(weight).toBeLessThan(vil.elites[v]! * m.s.elites.coop_members + last + 1e-6);
    }
    expect(members).toBeGreaterThan(0);
  });

  it('does nothing without elites', () => {
    const m = january({ governance: { elites: false } }, 1);
    roundUntil(m, 'elitesOrganise');
    const before = copy(m.hh.coop);
    elitesOrganise(m);
    expect(copy(m.hh.coop)).toEqual(before);
  });
});
