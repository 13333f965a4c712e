// Bounds: shares stay shares, nothing becomes NaN or infinite, counts stay
// non-negative — over random scenarios (property-based) and a few edge cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NPROG, NTRUST, FROM_Q } from '../../src/core/households.ts';
import type { Model } from '../../src/core/model.ts';
import { runReplicate, runScenario, type Row } from '../../src/experiments/run.ts';
import { CATALOGUE, TRAJECTORY_COLUMNS, metricRange } from '../../src/metrics/catalogue.ts';
import { nonFinite, randomScenario, small } from '../helpers/scenarios.ts';

// Ranges come from the metric catalogue: shares, indices and trust in [0, 1], the rest >= 0 unless signed.
const SHARE_COLUMNS = CATALOGUE.filter((e) => metricRange(e)?.[1] === 1).map((e) => e.name);
const NON_NEGATIVE_COLUMNS = CATALOGUE.filter((e) => metricRange(e)?.[0] === 0 && metricRange(e)?.[1] === Infinity).map((e) => e.name);

/** First household attribute outside [0, 1] (or NaN), as a message; '' when all are inside. */
function householdOutOfBounds(m: Model): string {
  const hh = m.hh;
  const check = (name: string, a: Float32Array | Uint16Array, stride: number, scale = 1): string => {
    for (let k = 0; k < a.length; k++) {
      const x = a[k]! * scale;
      if (!(x >= 0 && x <= 1)) return `${name}[household ${Math.floor(k / stride)}, column ${k % stride}] = ${x} at ${m.year}-${m.month}`;
    }
    return '';
  };
  return (
    check('trust', hh.trust, NTRUST, FROM_Q) ||
    check('awareness', hh.awareness, NPROG, FROM_Q) ||
    check('aspiration', hh.aspiration, 1) ||
    check('skill', hh.skill, 1)
  );
}

function rowProblems(row: Row): string[] {
  const out = nonFinite(row).map((x) => `not finite: ${x}`);
  for (const c of SHARE_COLUMNS) {
    const v = row[c] as number;
    if (!(v >= 0 && v <= 1)) out.push(`${c} = ${v} outside [0, 1]`);
  }
  for (const c of NON_NEGATIVE_COLUMNS) {
    const v = row[c] as number;
    // 1e-9: float sums of money can leave an emptied pool (funds_held_county) at -5e-17.
    if (!(v >= -1e-9)) out.push(`${c} = ${v} < 0`);
  }
  const n = (c: string) => row[c] as number;
  if (n('registered_poor') > n('households') * (1 + 1e-9)) out.push('registered_poor > households');
  if (n('poor_people') > n('people') * (1 + 1e-9)) out.push('poor_people > people');
  if (n('false_exits') > n('exits') * (1 + 1e-9) + 1e-6) out.push(`false_exits ${n('false_exits')} > exits ${n('exits')}`);
  return out;
}

describe('bounds over random scenarios (property-based)', () => {
  it('household shares stay in [0, 1] at every tick; every output row is finite and in range', () => {
    fc.assert(
      fc.property(randomScenario, fc.integer({ min: 0, max: 1000 }), (s, seed) => {
        const out = runScenario(s, {
          seed,
          replicates: 1,
          onTick: (m) => {
            const bad = householdOutOfBounds(m);
            if (bad) throw new Error(bad);
          },
        });
        expect(out.trajectory.length).toBe(s.time.end_year - s.time.start_year + 1);
        for (const row of out.trajectory) {
          expect(Object.keys(row).sort()).toEqual([...TRAJECTORY_COLUMNS].sort());
          expect(rowProblems(row), `year ${row['year']}`).toEqual([]);
        }
        for (const row of out.ledger) {
          expect(nonFinite(row)).toEqual([]);
          // A row is a posted flow: rows with zero fen are not written.
          expect(row['amount_yuan'] as number, `${row['payer']}->${row['payee']} ${row['purpose']}`).toBeGreaterThan(0);
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('edge scenarios run and stay in bounds', () => {
  const edges: Record<string, Record<string, unknown>> = {
    'ten households in one village': { population: { households: 10, villages_per_county: 1 } },
    'counties without households': { population: { households: 10, counties: 5, villages_per_county: 3 } },
    'no one can work': { population: { households: 300, villages_per_county: 5, no_labour_share: 1 } },
    'no money anywhere': {
      population: { households: 300, villages_per_county: 5 },
      budget: { central: 0, county_own: 0 },
      economy: { farm_income_per_worker: 0, casual_wage: 0, migrant_wage: 0, enterprise_wage: 0 },
    },
    'no elites, single centre': { population: { households: 300, villages_per_county: 5 }, governance: { elites: false, arrangement: 'single' } },
    'only the staple product': { population: { households: 1000, villages_per_county: 10 }, market: { products: [{ name: 'grain' }] } },
  };
  for (const [name, patch] of Object.entries(edges)) {
    it(name, () => {
      const s = small({ ...patch, time: { start_year: 2014, end_year: 2015 } });
      const out = runReplicate(s, 1, 0, {
        onTick: (m) => {
          const bad = householdOutOfBounds(m);
          if (bad) throw new Error(bad);
        },
      });
      expect(out.trajectory.length).toBe(2);
      for (const row of out.trajectory) expect(rowProblems(row)).toEqual([]);
    });
  }
});
