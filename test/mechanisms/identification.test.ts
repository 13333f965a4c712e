// Mechanism 2 (identification, docs/ODD.md 7.2): observation noise, observation,
// re-check and registration, each called alone on a small model.
import { describe, expect, it } from 'vitest';
import { householdsYearStart } from '../../src/agents/household.ts';
import { identify, observationNoise, observeIncomes, recheck } from '../../src/mechanisms/identification.ts';
import { copy, january, roundUntil } from '../helpers/model.ts';

describe('observationNoise', () => {
  it('halves in re-check years, falls with cadre contact, and falls where social organisations report needs', () => {
    const m = january();
    const inf = m.s.information;
    const vil = m.villages;
    vil.contact[0] = 0;
    const none = observationNoise(m, 0, false);
    expect(none).toBeGreaterThan(0);
    expect(observationNoise(m, 0, true)).toBeCloseTo(none / 2, 12);
    vil.contact[0] = 1;
    expect(observationNoise(m, 0, false)).toBeCloseTo(none * (1 - inf.cadre_noise_reduction), 12);
    for (const c of [0.2, 0.5, 0.9]) {
      vil.contact[0] = c;
      const at = observationNoise(m, 0, false);
      vil.contact[0] = c + 0.1;
      expect(observationNoise(m, 0, false)).toBeLessThan(at);
    }
    const single = january({ governance: { arrangement: 'single' } });
    single.villages.contact[0] = 0;
    expect(m.socialOrgsActive).toBe(true);
    expect(none).toBeCloseTo(observationNoise(single, 0, false) * (1 - inf.social_report_noise_reduction * (1 - m.eff.coordination_loss)), 12);
  });
});

describe('observeIncomes', () => {
  it('without registry noise the registry sees true incomes exactly', () => {
    const m = january({ lever_effects: { registry_noise: { at0: 0, at1: 0 } } });
    observeIncomes(m);
    // (income - guarantee) + guarantee: equal up to float rounding.
    const income = copy(m.hh.income);
    copy(m.hh.observed).forEach((x, i) => expect(x).toBeCloseTo(income[i]!, 6));
  });

  it('with noise, incomes at or below the guarantee the registry paid are seen exactly, others not', () => {
    const m = january({ lever_effects: { registry_noise: { at0: 0.5, at1: 0.5 } } }, 1);
    observeIncomes(m);
    const hh = m.hh;
    let noisy = 0;
    for (let i = 0; i < hh.n; i++) {
      if (hh.income[i]! - hh.dibaoLast[i]! <= 0) expect(hh.observed[i]).toBeCloseTo(hh.income[i]!, 6);
      else if (hh.observed[i] !== hh.income[i]) noisy++;
    }
    expect(noisy).toBeGreaterThan(hh.n / 2);
  });
});

describe('identify', () => {
  it('registers households observed below the line (plus margin), never one already registered or one that just left', () => {
    const m = january({ identification: { kin_capture: 0, dynamic_adjustment: 1 } }, 1);
    roundUntil(m, 'identify');
    const hh = m.hh;
    const threshold = m.now.line * (1 + m.s.identification.margin);
    const registered = copy(hh.registered);
    const left = copy(hh.leftRegistry);
    const plan = copy(hh.plan);
    // Mark some unregistered households as having just left: they must stay out.
    for (let i = 0; i < hh.n; i += 7) if (registered[i] === 0) (hh.leftRegistry[i] = 1), (left[i] = 1);
    identify(m);
    let added = 0;
    let addedWeight = 0;
    for (let i = 0; i < hh.n; i++) {
      if (registered[i] === 1) {
        expect(hh.registered[i]).toBe(1);
        expect(hh.plan[i]).toBe(plan[i]); // not registered again
        continue;
      }
      const below = hh.observed[i]! < threshold;
      if (left[i] === 1) expect(hh.registered[i], `household ${i} just left`).toBe(0);
      else expect(hh.registered[i], `household ${i}`).toBe(below ? 1 : 0); // take = 1, no kin capture
      if (hh.registered[i] === 1) (added++, (addedWeight += hh.weight[i]!));
    }
    expect(added).toBeGreaterThan(0);
    expect(m.stats.registeredNew).toBeCloseTo(addedWeight, 6);
  });

  it('under scale control registered people stay within the quota of poor people per county', () => {
    const m = january({ identification: { kin_capture: 0, scale_control: 1 }, lever_effects: { registry_noise: { at0: 1, at1: 1 } } });
    roundUntil(m, 'identify');
    const hh = m.hh;
    hh.registered.fill(0);
    identify(m);
    for (const c of m.counties) {
      let reg = 0;
      let poor = 0;
      for (let i = c.hhStart; i < c.hhEnd; i++) {
        const people = hh.weight[i]! * hh.size[i]!;
        if (hh.registered[i] === 1) reg += people;
        if (hh.income[i]! < m.now.line) poor += people;
      }
      expect(poor).toBeGreaterThan(0);
      expect(reg).toBeLessThanOrEqual(m.s.identification.scale_control * poor * (1 + 1e-9));
      expect(reg).toBeGreaterThan(0);
    }
  });
});

describe('recheck', () => {
  it('in a re-check year removes registered households observed at or above the line (not verified poor), without counting an exit', () => {
    const m = january({}, 1);
    m.s.identification.recheck_years = [m.year];
    observeIncomes(m);
    householdsYearStart(m);
    const hh = m.hh;
    const registered = copy(hh.registered);
    const exited = copy(hh.everExited);
    hh.verifiedPoor[0] = 1;
    hh.registered[0] = 1;
    hh.observed[0] = 10 * m.now.line;
    registered[0] = 1;
    recheck(m);
    let removed = 0;
    for (let i = 0; i < hh.n; i++) {
      // A household waiting for a sustained exit (aboveBar > 0) is the exit assessment's, not the re-check's.
      const shouldGo = registered[i] === 1 && hh.verifiedPoor[i] === 0 && hh.aboveBar[i] === 0 && hh.observed[i]! >= m.now.line;
      expect(hh.registered[i]).toBe(shouldGo ? 0 : registered[i]);
      if (shouldGo) (removed += hh.weight[i]!), expect(hh.leftRegistry[i]).toBe(2);
      expect(hh.everExited[i]).toBe(exited[i]);
    }
    expect(hh.registered[0]).toBe(1);
    expect(m.stats.recheckRemoved).toBeCloseTo(removed, 6);
  });

  it('does nothing outside re-check years', () => {
    const m = january({ identification: { recheck_years: [] } }, 1);
    const before = copy(m.hh.registered);
    recheck(m);
    expect(copy(m.hh.registered)).toEqual(before);
  });
});
