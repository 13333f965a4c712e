// Migration and labour export (docs/ODD.md 7.9, 7.12): migrate alone.
import { describe, expect, it } from 'vitest';
import { SERIOUS } from '../../src/core/domain.ts';
import { migrate } from '../../src/mechanisms/migration.ts';
import { copy, january } from '../helpers/model.ts';

describe('migrate', () => {
  it('new migrants have a free worker, are not seriously ill and have the skill and will to go', () => {
    const m = january({ economy: { migration_base: 0.5, migration_return: 0 } });
    const hh = m.hh;
    const before = copy(hh.migrant);
    migrate(m);
    let moved = 0;
    for (let i = 0; i < hh.n; i++) {
      if (before[i] === 1) {
        expect(hh.migrant[i]).toBe(1); // nobody returns
        continue;
      }
      if (hh.migrant[i] !== 1) continue;
      moved++;
      expect(hh.labour[i]! - hh.employed[i]!).toBeGreaterThanOrEqual(1);
      expect(hh.health[i]).not.toBe(SERIOUS);
      expect(hh.skill[i]).toBeGreaterThanOrEqual(m.s.economy.migration_min_skill);
      expect(hh.aspiration[i]).toBeGreaterThanOrEqual(m.s.aspiration.min_to_apply * 0.5);
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('with certain return and no migration or export nobody is away afterwards; farm multipliers are recomputed', () => {
    const m = january({ economy: { migration_base: 0, migration_return: 1 }, lever_effects: { labour_export: { at0: 0, at1: 0 } } });
    m.hh.migrant.fill(1, 0, 10);
    m.hh.farmMult.fill(0);
    migrate(m);
    expect(copy(m.hh.migrant).every((x) => x === 0)).toBe(true);
    expect(copy(m.hh.farmMult).some((x) => x > 0)).toBe(true);
  });
});
