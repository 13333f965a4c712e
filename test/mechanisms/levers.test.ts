// The lever table (docs/ODD.md section 8): effectiveParams alone.
// Time-varying policy (issue 10): levers and the credit supply are time
// series evaluated each January; a number is a constant series, so existing
// scenarios and sweeps keep their meaning. The income index scales farm
// output and wages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEVER_TABLE, effectiveParams } from '../../src/mechanisms/levers.ts';
import { small } from '../helpers/scenarios.ts';
import { compileYearValues } from '../../src/core/year-values.ts';
import { runScenario } from '../../src/experiments/run.ts';
import { createModel, step } from '../../src/schedule.ts';
import { parseScenario } from '../../src/scenario/scenario.ts';

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
        const now = compileYearValues(s)(s.time.start_year);
        const eff = effectiveParams(s, now);
        const withdrawn = effectiveParams(s, now, true);
        for (const { param, lever } of LEVER_TABLE) {
          const { at0, at1 } = s.lever_effects[param];
          expect(eff[param]).toBeCloseTo(at0 + (at1 - at0) * (s.levers[lever] as number), 12);
          const expectedWithdrawn = lever === 'assistance' ? at0 : eff[param];
          expect(withdrawn[param]).toBeCloseTo(expectedWithdrawn, 12);
          expect(Math.min(at0, at1) - 1e-12 <= eff[param] && eff[param] <= Math.max(at0, at1) + 1e-12).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});


const SEED = 11;

/** The model's effective parameters in January of each simulated year. */
function effByYear(patch: Record<string, unknown>): Map<number, ReturnType<typeof effectiveParams>> {
  const s = small(patch);
  const m = createModel(s, SEED, 0);
  const out = new Map<number, ReturnType<typeof effectiveParams>>();
  while (m.year <= s.time.end_year) {
    step(m);
    if (m.month === 1) out.set(m.year, m.eff);
  }
  return out;
}

describe('levers as time series', () => {
  it('a lever series moves its parameters year by year', () => {
    const pin = { lever_effects: { match_accuracy: { at0: 0.3, at1: 0.9 } } };
    const eff = effByYear({ ...pin, levers: { policy: { '2014': 0, '2016': 1 } } });
    expect(eff.get(2014)!.match_accuracy).toBeCloseTo(0.3, 12);
    expect(eff.get(2015)!.match_accuracy).toBeCloseTo(0.6, 12);
    expect(eff.get(2016)!.match_accuracy).toBeCloseTo(0.9, 12);
  });

  it('a number is a constant series: the same run as a constant table', () => {
    const a = runScenario(small({ levers: { fund: 0.7 } }), { seed: SEED, replicates: 1 }).trajectory;
    const b = runScenario(small({ levers: { fund: { '2000': 0.7 } } }), { seed: SEED, replicates: 1 }).trajectory;
    expect(b).toEqual(a);
  });

  it('an expression lever is range-checked over the simulated years', () => {
    const text = 'time: {start_year: 2014, end_year: 2016}\nlevers:\n  fund: "0.5 + 0.3 * (year - 2014)"\n';
    expect(() => parseScenario(text, 's.yaml')).toThrow();
    expect(parseScenario(text.replace('0.3', '0.2'), 's.yaml').levers.fund).toBe('0.5 + 0.2 * (year - 2014)');
  });
});

describe('credit supply series', () => {
  it('multiplies the lever-set supply; 0 before the programme means no loans', () => {
    const eff = effByYear({ credit: { supply: { '2014': 0, '2015': 1, '2016': 2 } } });
    const lever = effByYear({}).get(2015)!.credit_supply;
    expect(eff.get(2014)!.credit_supply).toBe(0);
    expect(eff.get(2015)!.credit_supply).toBe(lever);
    expect(eff.get(2016)!.credit_supply).toBeCloseTo(2 * lever, 12);
    const rows = runScenario(small({ credit: { supply: { '2014': 0, '2015': 1 } } }), { seed: SEED, replicates: 1 }).trajectory;
    expect(rows.find((r) => r['year'] === 2014)!['microcredit_uptake']).toBe(0);
    expect(rows.find((r) => r['year'] === 2016)!['microcredit_uptake']).toBeGreaterThan(0);
  });
});

describe('income index', () => {
  it('scales farm output, the casual, migrant and enterprise wages and other private income, nothing else', () => {
    const base = compileYearValues(small())(2015);
    const idx = compileYearValues(small({ economy: { income_index: '2 ^ (year - 2014)' } }))(2015);
    for (const k of ['farmPerWorker', 'casualWage', 'migrantWage', 'enterpriseWage', 'otherIncome'] as const) expect(idx[k]).toBeCloseTo(2 * base[k], 9);
    for (const k of ['line', 'subsistence', 'educationCost', 'guaranteeLine', 'centralBudget'] as const) expect(idx[k]).toBe(base[k]);
  });

  it('higher income growth raises mean income', () => {
    const mean = (patch: Record<string, unknown>) => {
      const rows = runScenario(small(patch), { seed: SEED, replicates: 1 }).trajectory;
      return rows[rows.length - 1]!['income_mean'] as number;
    };
    expect(mean({ economy: { income_index: '1.1 ^ (year - 2013)' } })).toBeGreaterThan(mean({}));
  });
});
