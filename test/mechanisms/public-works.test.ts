// Village public works and idle funds (src/mechanisms/public-works.ts): the
// county spends part of its idle pool on village infrastructure, which raises
// farm output and casual earnings after a lag; funds idle for
// budget.idle_return_years go back up; the books balance throughout.
import { describe, expect, it } from 'vitest';
import { A, PU } from '../../src/core/ledger.ts';
import { runScenario, type Row } from '../../src/experiments/run.ts';
import { createModel, step } from '../../src/schedule.ts';
import { merge, small } from '../helpers/scenarios.ts';

const SEED = 11;
type Patch = Record<string, unknown>;

/** A budget far above what the programmes can use: every programme is filled, the rest is idle. */
const AMPLE: Patch = { budget: { central: 1e9, idle_return_years: 0 } };
const NO_EFFECT: Patch = { public_works: { farm_gain: 0, wage_gain: 0 } };

function rows(patch: Patch): Row[] {
  return runScenario(small(merge(AMPLE, patch)), { seed: SEED, replicates: 1 }).trajectory;
}
const col = (rs: Row[], c: string) => rs.map((r) => r[c] as number);

describe('village public works', () => {
  it('spend down the idle pool: less idle money, spending reported', () => {
    const none = rows({ public_works: { spend_share: 0 } });
    const half = rows({ public_works: { spend_share: 0.5 } });
    expect(col(none, 'funds_public_works').every((x) => x === 0)).toBe(true);
    expect(col(half, 'funds_public_works').every((x) => x > 0)).toBe(true);
    const idle = (rs: Row[]) => col(rs, 'funds_idle').at(-1)!;
    expect(idle(half)).toBeLessThan(0.75 * idle(none));
    expect(idle(none)).toBeGreaterThan(0);
  });

  it('with no effect they leave incomes unaffected (ample budget: programmes filled either way)', () => {
    const none = rows(merge(NO_EFFECT, { public_works: { spend_share: 0 } }));
    const built = rows(merge(NO_EFFECT, { public_works: { spend_share: 1, cost_per_unit: 100 } }));
    for (const c of ['income_farm', 'income_wage', 'income_mean', 'headcount_ratio']) expect(col(built, c)).toEqual(col(none, c));
  });

  it('raise farm and wage incomes, from the year after with a one-year lag', () => {
    const cheap = { spend_share: 1, cost_per_unit: 100 };
    const off = rows(merge(NO_EFFECT, { public_works: cheap }));
    const lag1 = rows({ public_works: { ...cheap, farm_gain: 0.3, wage_gain: 0.3, lag_years: 1 } });
    const lag0 = rows({ public_works: { ...cheap, farm_gain: 0.3, wage_gain: 0.3, lag_years: 0 } });
    // First year: nothing built last year, so the lagged stock has no effect yet.
    expect(lag1[0]!['income_farm']).toBe(off[0]!['income_farm']);
    expect(lag1[0]!['income_wage']).toBe(off[0]!['income_wage']);
    expect(lag0[0]!['income_farm'] as number).toBeGreaterThan(off[0]!['income_farm'] as number);
    // Later years: higher farm and wage incomes.
    expect(lag1[2]!['income_farm'] as number).toBeGreaterThan(off[2]!['income_farm'] as number);
    expect(lag1[2]!['income_wage'] as number).toBeGreaterThan(off[2]!['income_wage'] as number);
  });

  it('go through the ledger: the books balance, capture and building add up to the spending', () => {
    const m = createModel(small(merge(AMPLE, { public_works: { spend_share: 0.5 } })), SEED, 0);
    for (let t = 0; t < 13; t++) step(m); // the warm-up year, then January of the first year
    expect(m.ledger.imbalanceFen()).toBe(0);
    const rows = m.ledger.closeYear().filter((r) => r.purpose === 'public_works');
    const spent = rows.reduce((a, r) => a + r.yuan, 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeCloseTo(m.stats.publicWorks, -1);
    expect(new Set(rows.map((r) => r.payee))).toEqual(new Set(['infrastructure', 'elite_capture']));
    expect(PU.public_works).toBeGreaterThan(0);
    expect(m.ledger.yuan(A.infrastructure)).toBeGreaterThan(0);
    let stock = 0;
    for (let v = 0; v < m.villages.n; v++) stock += m.villages.infra[v]!;
    expect(stock).toBe(0); // lag 1: under construction, not yet in effect
  });
});

describe('idle funds returned to the level above', () => {
  const withRule = (years: number) =>
    rows({ public_works: { spend_share: 0 }, budget: { idle_return_years: years, idle_return_from: 2000 } });

  it('money unplaced for two budget years goes back up; none in the first year', () => {
    const kept = withRule(0);
    const returned = withRule(2);
    expect(col(kept, 'funds_returned').every((x) => x === 0)).toBe(true);
    expect(returned[0]!['funds_returned']).toBe(0);
    expect(col(returned, 'funds_returned').slice(1).some((x) => x > 0)).toBe(true);
    expect(col(returned, 'funds_idle').at(-1)!).toBeLessThan(col(kept, 'funds_idle').at(-1)!);
  });

  it('the rule waits for idle_return_from', () => {
    const late = rows({ public_works: { spend_share: 0 }, budget: { idle_return_years: 1, idle_return_from: 2100 } });
    expect(col(late, 'funds_returned').every((x) => x === 0)).toBe(true);
  });

  it('returns are posted to the recovered sink and the books balance', () => {
    const s = small(merge(AMPLE, { public_works: { spend_share: 0 }, budget: { idle_return_years: 1, idle_return_from: 2000 } }));
    runScenario(s, {
      seed: SEED,
      replicates: 1,
      onTick: (m) => expect(m.ledger.imbalanceFen()).toBe(0),
    });
    const out = runScenario(s, { seed: SEED, replicates: 1 });
    const recovered = out.ledger.filter((r) => r['payee'] === 'recovered');
    expect(recovered.length).toBeGreaterThan(0);
    expect(recovered.every((r) => r['payer'] === 'county' && r['purpose'] === 'idle_return')).toBe(true);
  });
});
