// Cause recording (issue 10): a mis-recorded cause is drawn near the true
// one. One uniform draw per household, as before; related_weight 1 is the
// old uniform draw exactly.
import { describe, expect, it } from 'vitest';
import { C, CAUSES } from '../../src/core/domain.ts';
import { RELATED_CAUSES, confusionTable, misrecordedCause } from '../../src/mechanisms/matching.ts';

const NC = CAUSES.length;
const GRID = Array.from({ length: 80000 }, (_, k) => (k + 0.5) / 80000);

describe('mis-recorded causes', () => {
  it('related_weight 1 is the uniform draw floor(u * 8)', () => {
    const t = confusionTable(1);
    for (let c = 0; c < NC; c++) for (const u of [0, 0.1249999, 0.125, 0.5, 0.87, 0.9999999, ...GRID.slice(0, 2000)]) {
      expect(misrecordedCause(t, c, u)).toBe(Math.floor(u * NC));
    }
  });

  it('draws a related cause related_weight times as often as an unrelated one', () => {
    const w = 4;
    const t = confusionTable(w);
    const related = (a: number, b: number) => RELATED_CAUSES.some(([x, y]) => (C[x] === a && C[y] === b) || (C[x] === b && C[y] === a));
    for (let c = 0; c < NC; c++) {
      const counts = new Array<number>(NC).fill(0);
      for (const u of GRID) counts[misrecordedCause(t, c, u)]!++;
      const weights = CAUSES.map((_, k) => (k !== c && related(c, k) ? w : 1));
      const total = weights.reduce((a, b) => a + b, 0);
      counts.forEach((n, k) => expect(n / GRID.length).toBeCloseTo(weights[k]! / total, 3));
    }
    // illness is most often confused with disability and lack of labour
    const illness = new Array<number>(NC).fill(0);
    for (const u of GRID) illness[misrecordedCause(t, C.illness!, u)]!++;
    expect(illness[C.disability!]).toBeGreaterThan(illness[C.lack_skills!]! * 3.9);
    expect(illness[C.lack_labour!]).toBeGreaterThan(illness[C.harsh_location!]! * 3.9);
  });

  it('the relation is between causes the registry distinguishes, each pair once', () => {
    const keys = RELATED_CAUSES.map(([a, b]) => [a, b].sort().join('|'));
    expect(new Set(keys).size).toBe(keys.length);
    for (const [a, b] of RELATED_CAUSES) {
      expect(a).not.toBe(b);
      expect(CAUSES).toContain(a);
      expect(CAUSES).toContain(b);
    }
  });
});
