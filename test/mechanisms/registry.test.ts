// The registry (identification, re-check, exit assessment): what its outputs promise.
import { describe, expect, it } from 'vitest';
import { runScenario, type Row } from '../../src/experiments/run.ts';
import { merge, small } from '../helpers/scenarios.ts';

type Patch = Record<string, unknown>;
const rows = (patch: Patch, replicates = 2): Row[] => runScenario(small(patch), { seed: 5, replicates }).trajectory;
const n = (r: Row, c: string) => r[c] as number;
const total = (rs: Row[], c: string) => rs.reduce((a, r) => a + n(r, c), 0);

describe('exit on sustained income (assessment.sustained_years)', () => {
  it('with 2, nobody exits in the first assessment after registration (2015) and relapses are fewer than with 1', () => {
    const one = rows({ assessment: { sustained_years: 1 } });
    const two = rows({ assessment: { sustained_years: 2 } });
    for (const r of two.filter((r) => r['year'] === 2015)) expect(n(r, 'exits')).toBe(0);
    expect(total(one.filter((r) => r['year'] === 2015), 'exits')).toBeGreaterThan(0);
    expect(total(two, 'relapses')).toBeLessThan(total(one, 'relapses'));
  });
});

describe('re-check outputs', () => {
  const rc = rows({ identification: { recheck_years: [2015], scale_control: 1 } });
  it('re-check additions are part of the new registrations, only in re-check years; people >= households', () => {
    for (const r of rc) {
      expect(n(r, 'recheck_added')).toBeLessThanOrEqual(n(r, 'registered_new') + 1e-6);
      expect(n(r, 'recheck_added_people')).toBeLessThanOrEqual(n(r, 'registered_new_people') + 1e-6);
      expect(n(r, 'recheck_added_people')).toBeGreaterThanOrEqual(n(r, 'recheck_added'));
      expect(n(r, 'recheck_removed_people')).toBeGreaterThanOrEqual(n(r, 'recheck_removed'));
      expect(n(r, 'registered_new_people')).toBeGreaterThanOrEqual(n(r, 'registered_new'));
      if (r['year'] !== 2015) {
        expect(n(r, 'recheck_added')).toBe(0);
        expect(n(r, 'recheck_removed')).toBe(0);
      }
    }
    expect(total(rc.filter((r) => r['year'] === 2015), 'recheck_removed')).toBeGreaterThan(0);
  });
});

describe('targeting errors at registration', () => {
  it('are zero when the registry sees true incomes, nobody is captured and the exit bar is the line', () => {
    const exact = {
      lever_effects: { registry_noise: { at0: 0, at1: 0 } },
      identification: { kin_capture: 0 },
      assessment: { exit_margin: 0, deadline_pressure: 0 },
    };
    for (const r of rows(exact, 1)) {
      expect(n(r, 'inclusion_error_at_registration')).toBe(0);
      expect(n(r, 'exclusion_error_at_registration')).toBe(0);
    }
  });

  it('grow with registry noise', () => {
    const err = (noise: number) => {
      const rs = rows(merge({ identification: { kin_capture: 0 } }, { lever_effects: { registry_noise: { at0: noise, at1: noise } } }));
      return total(rs, 'inclusion_error_at_registration') + total(rs, 'exclusion_error_at_registration');
    };
    expect(err(0.8)).toBeGreaterThan(err(0.1));
  });
});
