// Mechanism 8 (exit assessment, docs/ODD.md 7.8) called alone on a small model.
import { describe, expect, it } from 'vitest';
import { assessExits } from '../../src/mechanisms/assessment.ts';
import { copy, january, roundUntil } from '../helpers/model.ts';

function prepared(patch: Record<string, unknown> = {}) {
  const m = january(patch, 1);
  roundUntil(m, 'assessExits');
  return m;
}

describe('assessExits', () => {
  it('never exits an unregistered household; exits only registered ones observed at or above the bar, and counts them', () => {
    const m = prepared();
    const hh = m.hh;
    const a = m.s.assessment;
    const bar = m.now.line * (1 + a.exit_margin - m.now.pressure * a.leniency);
    const registered = copy(hh.registered);
    const exitedBefore = copy(hh.everExited);
    expect(registered.filter((r) => r === 1).length).toBeGreaterThan(0);
    assessExits(m);
    let exits = 0;
    let falseExits = 0;
    for (let i = 0; i < hh.n; i++) {
      if (registered[i] === 0) {
        expect(hh.registered[i]).toBe(0);
        expect(hh.everExited[i]).toBe(exitedBefore[i]);
        continue;
      }
      if (hh.registered[i] === 0) {
        expect(hh.observed[i]).toBeGreaterThanOrEqual(bar);
        expect([hh.everExited[i], hh.relapseOpen[i], hh.leftRegistry[i]]).toEqual([1, 1, 1]);
        exits += hh.weight[i]!;
        if (hh.income[i]! < m.now.line) falseExits += hh.weight[i]!;
      } else if (hh.observed[i]! >= bar) {
        // Stayed although observed above the bar: its exit was reversed by verification.
        expect(hh.verifiedPoor[i]).toBe(1);
        expect(hh.income[i]).toBeLessThan(m.now.line);
      }
    }
    expect(m.stats.exits).toBeCloseTo(exits, 6);
    expect(m.stats.falseExits).toBeCloseTo(falseExits, 6);
  });

  it('with full verification and full supervision no truly poor household exits', () => {
    const m = prepared({ assessment: { verification: 1 }, budget: { supervision: 1 } });
    assessExits(m);
    expect(m.stats.falseExits).toBe(0);
    for (let i = 0; i < m.hh.n; i++) if (m.hh.leftRegistry[i] === 1) expect(m.hh.income[i]).toBeGreaterThanOrEqual(m.now.line);
  });

  it('does nothing before assessment.first_year', () => {
    const m = prepared();
    m.s.assessment.first_year = m.year + 1;
    const before = copy(m.hh.registered);
    assessExits(m);
    expect(copy(m.hh.registered)).toEqual(before);
    expect(m.stats.exits).toBe(0);
  });
});
