// The ledger: unit tests of posting in fen, then properties of whole runs of
// random scenarios, checked at EVERY tick through runScenario's onTick.
import fc from 'fast-check';
import { countyBooks } from '../../src/core/world.ts';
import { describe, expect, it } from 'vitest';
import { A, ACCOUNTS, FIRST_HOLDER, FIRST_SINK, Ledger, PU } from '../../src/core/ledger.ts';
import { Model } from '../../src/core/model.ts';
import { runScenario } from '../../src/experiments/run.ts';
import { householdMoney, randomScenario } from '../helpers/scenarios.ts';

describe('Ledger (unit)', () => {
  it('rounds each pending cell to fen once, at post', () => {
    const L = new Ledger();
    L.add(A.production, A.household, PU.farm_output, 0.003);
    L.add(A.production, A.household, PU.farm_output, 0.003);
    L.add(A.production, A.household, PU.farm_output, 0.003);
    expect(L.fen(A.household)).toBe(0n); // nothing moves before post
    L.post();
    expect(L.fen(A.household)).toBe(1n); // 0.9 fen -> 1 fen, summed before rounding
    expect(L.fen(A.production)).toBe(-1n);
    L.add(A.production, A.household, PU.farm_output, 0.004); // 0.4 fen -> 0: nothing moves
    L.post();
    expect(L.fen(A.household)).toBe(1n);
    L.transfer(A.central_budget, A.central, PU.allocation, 1234.567);
    expect(L.fen(A.central)).toBe(123457n);
    expect(L.yuan(A.central)).toBe(1234.57);
    expect(typeof L.fen(A.central_budget)).toBe('bigint');
    expect(L.imbalanceFen()).toBe(0);
    expect(L.turnover).toBe(1 + 123457);
  });

  it('pending amounts do not leak into the next post', () => {
    const L = new Ledger();
    L.add(A.central_budget, A.central, PU.allocation, 10);
    L.post();
    L.post();
    expect(L.yuan(A.central)).toBe(10);
  });

  it('transfers between holders keep the books balanced', () => {
    const L = new Ledger();
    L.transfer(A.central_budget, A.central, PU.allocation, 1e6);
    expect(L.imbalanceFen()).toBe(0);
    const holders = ACCOUNTS.slice(FIRST_HOLDER, FIRST_SINK).map((_, k) => FIRST_HOLDER + k);
    let x = 0.37;
    for (let k = 0; k < 200; k++) {
      x = (x * 9301 + 0.49297) % 1; // deterministic pseudo-random amounts
      const from = holders[k % holders.length]!;
      const to = holders[(k * 7 + 3) % holders.length]!;
      L.add(from, to, PU.wages, x * 1000);
      if (k % 13 === 0) L.post();
      expect(L.imbalanceFen()).toBe(0);
    }
    L.post();
    expect(L.imbalanceFen()).toBe(0);
    let held = 0;
    for (const h of holders) held += Number(L.fen(h));
    expect(held).toBe(1e8); // 1e6 yuan in fen, only moved around
  });

  it('sinks absorb what sources issue: imbalance stays 0 through a chain', () => {
    const L = new Ledger();
    L.add(A.central_budget, A.central, PU.allocation, 500.5);
    L.add(A.central, A.provincial, PU.allocation, 400.25);
    L.add(A.central, A.leakage, PU.overhead, 100.25);
    L.add(A.provincial, A.household, PU.social_security, 400.25);
    L.add(A.household, A.consumption, PU.living, 300);
    L.post();
    expect(L.imbalanceFen()).toBe(0);
    expect(L.yuan(A.household)).toBe(100.25);
    expect(L.yuan(A.central)).toBe(0);
  });

  it('closeYear returns the year\'s flows in a fixed order and resets them (balances stay)', () => {
    const L = new Ledger();
    L.add(A.production, A.household, PU.farm_output, 5);
    L.add(A.central_budget, A.central, PU.allocation, 7.5);
    L.post();
    L.transfer(A.central_budget, A.central, PU.allocation, 2.5);
    expect(L.yearInto(A.central)).toBe(10);
    expect(L.yearFrom(A.central_budget)).toBe(10);
    expect(L.yearFlow(A.production, A.household)).toBe(5);
    const rows = L.closeYear();
    // Ordered by (payer, payee, purpose) index: central_budget is a source listed before production.
    expect(rows).toEqual([
      { payer: 'central_budget', payee: 'central', purpose: 'allocation', yuan: 10 },
      { payer: 'production', payee: 'household', purpose: 'farm_output', yuan: 5 },
    ]);
    expect(L.closeYear()).toEqual([]);
    expect(L.yearInto(A.central)).toBe(0);
    expect(L.yuan(A.central)).toBe(10);
    expect(L.yuan(A.household)).toBe(5);
    expect(L.imbalanceFen()).toBe(0);
  });

  it('rounds negative pending amounts symmetrically enough to keep integer fen', () => {
    const L = new Ledger();
    L.add(A.central_budget, A.central, PU.allocation, 10);
    L.add(A.central, A.household, PU.health, 3.333);
    L.add(A.central, A.household, PU.health, -0.004);
    L.post();
    for (const b of L.balance) expect(typeof b).toBe("bigint");
    expect(L.imbalanceFen()).toBe(0);
  });
});

const GOVERNMENT = [A.central, A.provincial, A.county, A.social_org] as const;
const NAMES = ['central', 'provincial', 'county', 'social_org'];

describe('Ledger over whole runs (property-based)', () => {
  it('balances exactly at every tick, and government accounts never go negative', () => {
    fc.assert(
      fc.property(randomScenario, fc.integer({ min: 0, max: 1000 }), (s, seed) => {
        let ticks = 0;
        runScenario(s, {
          seed,
          replicates: 1,
          onTick: (m) => {
            ticks++;
            const imbalance = m.ledger.imbalanceFen();
            if (imbalance !== 0) throw new Error(`imbalance ${imbalance} fen at ${m.year}-${m.month}`);
            GOVERNMENT.forEach((acc, k) => {
              const b = m.ledger.fen(acc);
              if (!(b >= 0n)) throw new Error(`${NAMES[k]} balance ${b} fen < 0 at ${m.year}-${m.month}`);
            });
          },
        });
        expect(ticks).toBe(12 * (s.time.end_year - s.time.start_year + 2)); // warm-up year included
      }),
      { numRuns: 25 },
    );
  });

  // Households keep their own money (savings, yuan per simulated household,
  // float); the ledger keeps the weighted total in fen. The two must agree to
  // within rounding: tolerance max(0.01 yuan, 1e-8 x turnover in yuan), i.e.
  // ONE FEN PER MILLION YUAN of flows posted so far.
  const tolerance = (m: Model) => Math.max(0.01, (1e-8 * m.ledger.turnover) / 100);

  it('households\' own money agrees with the ledger\'s household account at every tick', () => {
    let first = '';
    let worst = { diff: 0, tol: 0, at: '' };
    fc.assert(
      fc.property(randomScenario, fc.integer({ min: 0, max: 1000 }), (s, seed) => {
        runScenario(s, {
          seed,
          replicates: 1,
          onTick: (m) => {
            const diff = householdMoney(m) - m.ledger.yuan(A.household);
            const tol = tolerance(m);
            const at = `${m.year} month index ${m.month}`;
            if (Math.abs(diff) > Math.abs(worst.diff)) worst = { diff, tol, at };
            if (!(Math.abs(diff) <= tol)) {
              first ||= `sum(weight*savings) - ledger household = ${diff.toFixed(2)} yuan (tolerance ${tol.toFixed(2)}) at ${at}`;
              throw new Error(first);
            }
          },
        });
      }),
      // No shrinking: the figures of the first failing scenario are what matter.
      { numRuns: 15, endOnFailure: true, reporter: (r) => {
        if (r.failed) throw new Error(`${first}; worst ${worst.diff.toFixed(2)} yuan (tolerance ${worst.tol.toFixed(2)}) at ${worst.at}; fast-check seed ${r.seed}`);
      } },
    );
  });

  it('the counties\' own books agree with the ledger\'s county account at every tick', () => {
    fc.assert(
      fc.property(randomScenario, fc.integer({ min: 0, max: 1000 }), (s, seed) => {
        runScenario(s, {
          seed,
          replicates: 1,
          onTick: (m) => {
            const books = m.counties.reduce((a, c) => a + countyBooks(c), 0);
            const diff = books - m.ledger.yuan(A.county);
            const tol = tolerance(m);
            if (!(Math.abs(diff) <= tol)) throw new Error(`county books - ledger = ${diff} yuan (tolerance ${tol}) at ${m.year}-${m.month}`);
          },
        });
      }),
      { numRuns: 10 },
    );
  });

  it('exact integer balances survive flows beyond 2^53 fen (national-scale budgets)', () => {
    const L = new Ledger();
    // 1e14 yuan = 1e16 fen per transfer: past the exact range of a double.
    for (let k = 0; k < 5; k++) {
      L.transfer(A.central_budget, A.central, PU.allocation, 1e14 + 0.01 * k);
      L.transfer(A.central, A.leakage, PU.overhead, 3.33e13);
    }
    expect(L.imbalanceFen()).toBe(0);
  });
});
