// Mechanism 6 (aspiration, docs/ODD.md 7.6) called alone on a small model.
import { describe, expect, it } from 'vitest';
import { updateAspiration } from '../../src/mechanisms/aspiration.ts';
import { copy, january } from '../helpers/model.ts';

const still = {
  aspiration: { neighbour_pull: 0, success_gain: 0, failure_drop: 0, training_gain: 0 },
  elites: { role_model: 0 },
  lever_effects: { publicity_aspiration: { at0: 0, at1: 0 } },
};

describe('updateAspiration', () => {
  it('with every pull at zero nothing moves', () => {
    const m = january(still, 1);
    const before = copy(m.hh.aspiration);
    updateAspiration(m);
    expect(copy(m.hh.aspiration)).toEqual(before);
  });

  it('the neighbour pull alone keeps each village mean and shrinks its spread by (1 - pull)', () => {
    const m = january({ ...still, aspiration: { ...still.aspiration, neighbour_pull: 0.3 } }, 1);
    const hh = m.hh;
    const vil = m.villages;
    const before = copy(hh.aspiration);
    updateAspiration(m);
    const pull = m.s.aspiration.neighbour_pull;
    for (let v = 0; v < vil.n; v++) {
      const idx = Array.from({ length: vil.end[v]! - vil.start[v]! }, (_, k) => vil.start[v]! + k);
      const mean0 = idx.reduce((a, i) => a + before[i]!, 0) / idx.length;
      const mean1 = idx.reduce((a, i) => a + hh.aspiration[i]!, 0) / idx.length;
      expect(mean1).toBeCloseTo(mean0, 5);
      for (const i of idx) expect(hh.aspiration[i]! - mean0).toBeCloseTo((1 - pull) * (before[i]! - mean0), 5);
    }
  });

  it('stays in [0, 1]; success raises it and failure lowers it (other pulls off)', () => {
    const m = january({ ...still, aspiration: { ...still.aspiration, success_gain: 0.1, failure_drop: 0.1 } }, 1);
    const hh = m.hh;
    const before = copy(hh.aspiration);
    updateAspiration(m);
    let up = 0;
    let down = 0;
    for (let i = 0; i < hh.n; i++) {
      expect(hh.aspiration[i]).toBeGreaterThanOrEqual(0);
      expect(hh.aspiration[i]).toBeLessThanOrEqual(1);
      const trained = hh.trained[i] === 1;
      if (hh.income[i]! > 1.05 * hh.incomeBefore[i]! && !trained) (expect(hh.aspiration[i]).toBeGreaterThanOrEqual(before[i]!), up++);
      if (hh.income[i]! < 0.9 * hh.incomeBefore[i]! && !trained) (expect(hh.aspiration[i]).toBeLessThanOrEqual(before[i]!), down++);
    }
    expect(up + down).toBeGreaterThan(0);
  });
});
