// Mechanism 5 (shocks, docs/ODD.md 7.5): village disasters and timed events alone.
import { describe, expect, it } from 'vitest';
import { applyEvents, villageDisasters } from '../../src/mechanisms/shocks.ts';
import { copy, january } from '../helpers/model.ts';

describe('villageDisasters', () => {
  it('no hazard, no disaster; certain hazard hits every village with loss_share, counted once', () => {
    const calm = january({ disasters: { monthly_hazard: 0 } });
    villageDisasters(calm);
    expect(copy(calm.villages.disasterLoss).every((x) => x === 0)).toBe(true);
    expect(calm.stats.disasterVillages).toBe(0);

    const m = january({ disasters: { monthly_hazard: 1 } });
    villageDisasters(m);
    m.month = 1;
    villageDisasters(m);
    const loss = m.s.disasters.loss_share;
    expect(copy(m.villages.disasterLoss).every((x) => Math.abs(x - loss) < 1e-6)).toBe(true);
    expect(m.stats.disasterVillages).toBe(m.villages.n);
  });
});

describe('applyEvents', () => {
  it('an epidemic raises illness for its months, then ends; a withdrawal sets the flag', () => {
    const m = january();
    m.s.events = [
      { kind: 'epidemic', year: m.year, month: 1, months: 2, severity: 3, share: 1, product: '' },
      { kind: 'assistance_withdrawal', year: m.year, month: 1, months: 1, severity: 0, share: 0, product: '' },
    ] as typeof m.s.events;
    m.hh.migrant.fill(1);
    applyEvents(m);
    expect(m.illnessMultiplier).toBe(3);
    expect(m.assistanceWithdrawn).toBe(true);
    expect(copy(m.hh.migrant).every((x) => x === 0)).toBe(true); // share 1: every migrant comes home
    m.month = 1;
    applyEvents(m);
    expect(m.illnessMultiplier).toBe(3);
    m.month = 2;
    applyEvents(m);
    expect(m.illnessMultiplier).toBe(1);
  });

  it('a regional disaster only raises villages\' losses', () => {
    const m = january();
    m.villages.disasterLoss.fill(0.9);
    m.s.events = [{ kind: 'disaster', year: m.year, month: 1, months: 1, severity: 0.5, share: 1, product: '' }] as typeof m.s.events;
    applyEvents(m);
    expect(copy(m.villages.disasterLoss).every((x) => Math.abs(x - 0.9) < 1e-6)).toBe(true);
  });
});
