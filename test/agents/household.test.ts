// Households (src/agents/household.ts, docs/ODD.md 7.5 and 7.12): the yearly
// reset, the monthly step and the year end, each alone on a small model.
import { describe, expect, it } from 'vitest';
import { householdsMonth, householdsYearEnd, householdsYearStart, refreshFixedMonthly } from '../../src/agents/household.ts';
import { NONE } from '../../src/core/domain.ts';
import { copy, expectBooksBalance, january } from '../helpers/model.ts';
import { payGuarantee } from '../../src/mechanisms/guarantee.ts';

describe('householdsYearStart', () => {
  it('resets the year\'s flows, keeps last year\'s plan, draws luck around 1', () => {
    const m = january({}, 1);
    const hh = m.hh;
    const plan = copy(hh.plan);
    hh.incFarm.fill(5);
    hh.promisedGov.fill(5);
    householdsYearStart(m);
    expect(copy(hh.planLast)).toEqual(plan);
    expect(copy(hh.plan).every((p) => p === NONE)).toBe(true);
    expect(copy(hh.incFarm).every((x) => x === 0)).toBe(true);
    expect(copy(hh.promisedGov).every((x) => x === 0)).toBe(true);
    const luck = copy(hh.luck);
    expect(luck.every((x) => x > 0)).toBe(true);
    expect(luck.reduce((a, x) => a + x, 0) / luck.length).toBeCloseTo(1, 1);
  });
});

describe('householdsMonth', () => {
  it('books a month of production, wages, costs and consumption in step with savings; the books balance', () => {
    const m = january();
    m.programmesActive = false;
    householdsYearStart(m);
    const farm = copy(m.hh.incFarm).reduce((a, x) => a + x, 0);
    householdsMonth(m);
    payGuarantee(m); // the guarantee households count in their month is civil affairs' payment (step 23)
    expect(copy(m.hh.incFarm).reduce((a, x) => a + x, 0)).toBeGreaterThan(farm);
    expectBooksBalance(m);
  });

  it('nobody earns from a farm in a month when every village has lost all its output', () => {
    const m = january();
    householdsYearStart(m);
    m.villages.disasterLoss.fill(1);
    householdsMonth(m);
    payGuarantee(m);
    expect(copy(m.hh.incFarm).every((x) => x === 0)).toBe(true);
    expectBooksBalance(m);
  });

  it('refreshFixedMonthly adds programme cash only from the month it starts', () => {
    const m = january();
    m.programmesActive = true;
    const hh = m.hh;
    hh.cashGov.fill(0);
    hh.cashSo.fill(0);
    hh.loan.fill(0);
    hh.cashGov[0] = 100;
    hh.cashFrom[0] = 3;
    m.month = 2;
    refreshFixedMonthly(m);
    const before = hh.fixedMonthly[0]!;
    m.month = 3;
    refreshFixedMonthly(m);
    expect(hh.fixedMonthly[0]! - before).toBeCloseTo(100, 3);
  });
});

describe('householdsYearEnd', () => {
  it('fixes income per person and counts entries and relapses against the line', () => {
    const m = january({}, 1);
    const hh = m.hh;
    householdsYearStart(m);
    m.month = 11;
    householdsMonth(m);
    const relapseOpen = copy(hh.relapseOpen);
    const poorLast = copy(hh.poorLast);
    const everExited = copy(hh.everExited);
    householdsYearEnd(m);
    let relapses = 0;
    let entries = 0;
    for (let i = 0; i < hh.n; i++) {
      const poor = hh.income[i]! < m.now.line;
      expect(hh.poorLast[i]).toBe(poor ? 1 : 0);
      if (poor && relapseOpen[i] === 1) relapses += hh.weight[i]!;
      else if (poor && poorLast[i] === 0 && everExited[i] === 0) entries += hh.weight[i]!;
      expect(Number.isFinite(hh.income[i])).toBe(true);
    }
    expect(m.stats.relapses).toBeCloseTo(relapses, 6);
    expect(m.stats.entries).toBeCloseTo(entries, 6);
  });
});
