// Shapley decomposition (issue 12, item 3): the pure computation on toy games
// with known values, the channels of two scenarios, and efficiency on real
// paired runs (contributions add up to b − a per replicate and year).
import { describe, expect, it } from 'vitest';
import { allOrders, ordersFor, sampledOrders, shapleyValues, subsetsNeeded } from '../../src/experiments/decompose.ts';
import { ARRANGEMENT_NEUTRAL, arrangementChannels, channelGame, differingPaths } from '../../src/experiments/channels.ts';
import { runDecomposition } from '../../src/experiments/decompose-run.ts';
import { createInlinePool } from '../../src/experiments/pool.ts';
import { executeRun } from '../../src/experiments/worker.ts';
import { ARRANGEMENT_TABLE } from '../../src/mechanisms/arrangement.ts';
import { defaultScenario } from '../../src/scenario/scenario.ts';

const bits = (mask: number, n: number) => Array.from({ length: n }, (_, i) => (mask >> i) & 1);

describe('Shapley values over orders', () => {
  it('all orders: n! distinct permutations', () => {
    expect(allOrders(0)).toEqual([[]]);
    expect(allOrders(3)).toHaveLength(6);
    expect(new Set(allOrders(4).map((o) => o.join())).size).toBe(24);
  });

  it('an additive game: each channel gets exactly its own effect', () => {
    const w = [3, -1.5, 0.25, 7];
    const v = (mask: number) => [bits(mask, 4).reduce((s, b, i) => s + b * w[i]!, 0)];
    const phi = shapleyValues(4, allOrders(4), v);
    phi.forEach((p, i) => expect(p[0]).toBeCloseTo(w[i]!, 12));
    // Sampled orders give the same in an additive game (every marginal is the effect).
    const sampled = shapleyValues(4, sampledOrders(4, 5, 1), v);
    sampled.forEach((p, i) => expect(p[0]).toBeCloseTo(w[i]!, 12));
  });

  it('an interaction game: the joint effect is split equally, efficiency holds', () => {
    // v = 2·x0 + 6·x1·x2 + 4·x0·x1·x2 (known Shapley: 2 + 4/3, 3 + 4/3, 3 + 4/3).
    const v = (mask: number) => {
      const [x0, x1, x2] = bits(mask, 3) as [number, number, number];
      return [2 * x0 + 6 * x1 * x2 + 4 * x0 * x1 * x2, x0 * x1]; // second element: a glove game, 1/2 each
    };
    const phi = shapleyValues(3, allOrders(3), v);
    expect(phi.map((p) => p[0])).toEqual([expect.closeTo(2 + 4 / 3, 12), expect.closeTo(3 + 4 / 3, 12), expect.closeTo(3 + 4 / 3, 12)]);
    expect(phi.map((p) => p[1])).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.5, 12), expect.closeTo(0, 12)]);
    expect(phi.reduce((s, p) => s + p[0]!, 0)).toBeCloseTo(12, 12);
  });

  it('sampled orders: seeded, antithetic pairs, efficiency exact for any orders', () => {
    const o = sampledOrders(8, 6, 42);
    expect(o).toEqual(sampledOrders(8, 6, 42));
    expect(o).not.toEqual(sampledOrders(8, 6, 43));
    expect(o[1]).toEqual([...o[0]!].reverse());
    const v = (mask: number) => [Math.sin(mask) * 10 + (mask & 3) * (mask >> 5)];
    const phi = shapleyValues(8, o, v);
    expect(phi.reduce((s, p) => s + p[0]!, 0)).toBeCloseTo(v(255)[0]! - v(0)[0]!, 12);
    expect(ordersFor(6, 3, 1).exact).toBe(true);
    expect(ordersFor(7, 3, 1)).toMatchObject({ exact: false });
    expect(ordersFor(7, 3, 1).orders).toHaveLength(3);
    // Every prefix is needed once: ∅, the full set and n−1 more per order at most.
    const masks = subsetsNeeded(o);
    expect(masks[0]).toBe(0);
    expect(masks).toContain(255);
    expect(masks.length).toBeLessThanOrEqual(2 + 7 * o.length);
  });
});

describe('channels of two scenarios', () => {
  it('every ARRANGEMENT_TABLE place has a neutral setting; places sharing a field form one channel', () => {
    expect(Object.keys(ARRANGEMENT_NEUTRAL).sort()).toEqual(ARRANGEMENT_TABLE.map((r) => r.place).sort());
    const names = arrangementChannels().map((c) => c.name);
    expect(names).toContain('delay: firms + delay: social watch');
    expect(names).toHaveLength(ARRANGEMENT_TABLE.length - 1);
  });

  it('field channels: the differing leaves; the subsets run a, b and mixtures', () => {
    const a = defaultScenario({ name: 'a', enterprises: { members_per_firm: 0 } });
    const b = defaultScenario({ name: 'b', budget: { social_watch: 0 } });
    expect(differingPaths(a, b).sort()).toEqual(['budget.social_watch', 'enterprises.members_per_firm', 'name']);
    const g = channelGame(a, b);
    expect(g.channels.map((c) => c.name).sort()).toEqual(['budget.social_watch', 'enterprises.members_per_firm']);
    const none = g.scenarioFor(0);
    const all = g.scenarioFor(3);
    expect({ ...none, name: 'a' }).toEqual(a);
    expect(all).toEqual(b);
    const firms = 1 << g.channels.findIndex((c) => c.name === 'enterprises.members_per_firm');
    expect(g.scenarioFor(firms).enterprises.members_per_firm).toBe(b.enterprises.members_per_firm);
    expect(g.scenarioFor(firms).budget.social_watch).toBe(a.budget.social_watch);
    expect(() => channelGame(a, { ...a, name: 'x', seed: 7 })).toThrow(/do not differ/);
  });

  it('arrangement: every subset runs multi-centre; off = the neutral setting', () => {
    const single = defaultScenario({ governance: { arrangement: 'single' } });
    const multi = defaultScenario({ governance: { arrangement: 'multi' } });
    const g = channelGame(single, multi);
    expect(g.channels.every((c) => c.kind === 'arrangement')).toBe(true);
    const full = (1 << g.channels.length) - 1;
    expect(g.scenarioFor(full)).toEqual(multi);
    const none = g.scenarioFor(0);
    expect(none.governance.arrangement).toBe('multi');
    expect(none.budget.social_watch).toBe(0);
    expect(none.enterprises.subsidy_share).toBe(0);
    // Reversed (a multi, b single): the full set is all neutral.
    const back = channelGame(multi, single);
    expect(back.scenarioFor(0)).toEqual(multi);
    expect(back.scenarioFor(full).budget.social_watch).toBe(0);
  });
});

describe('runDecomposition', () => {
  it('contributions add up to b − a for every replicate, year and metric (paired runs)', async () => {
    const small = { population: { households: 300, villages_per_county: 10 }, time: { start_year: 2011, end_year: 2013 } };
    const a = defaultScenario({ ...small, name: 'a', enterprises: { members_per_firm: 0 } });
    const b = defaultScenario({ ...small, name: 'b', budget: { social_watch: 0 }, enterprises: { subsidy_share: 0 } });
    const d = await runDecomposition(a, b, { seed: 5, replicates: 2, orders: 4, pool: createInlinePool(executeRun) });
    expect(d.exact).toBe(true);
    expect(d.channels).toHaveLength(3);
    expect(d.subsets).toBe(8);
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < d.totals[r]!.length; j++) {
        const sum = d.perReplicate.reduce((s, ch) => s + ch[r]![j]!, 0);
        expect(Math.abs(sum - d.totals[r]![j]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(d.totals[r]![j]!)));
      }
    }
    // The total is the paired difference of the two scenarios' own runs.
    const ra = executeRun({ runId: 0, scenario: a, seed: 5, replicate: 1, metrics: d.metrics });
    const rb = executeRun({ runId: 0, scenario: b, seed: 5, replicate: 1, metrics: d.metrics });
    if (!('rows' in ra) || !('rows' in rb)) throw new Error('run failed');
    d.metrics.forEach((m, k) => expect(d.totals[1]![k]).toBeCloseTo((rb.rows[0]![m] as number) - (ra.rows[0]![m] as number), 9));
    expect(d.rows.filter((r) => r['channel'] === 'total')).toHaveLength(d.years.length * d.metrics.length);
  });
});
