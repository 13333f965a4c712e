import { describe, expect, it } from 'vitest';
import { roundQ, toQ } from '../../src/core/households.ts';

/** The doubles next to x (k steps up or down in the bit pattern). */
function neighbours(x: number, k: number): number[] {
  const f = new Float64Array(1);
  const b = new BigInt64Array(f.buffer);
  const out: number[] = [];
  for (let j = -k; j <= k; j++) {
    f[0] = x;
    b[0] = b[0]! + BigInt(j);
    out.push(f[0]!);
  }
  return out;
}

describe('roundQ: Math.round without its slow path', () => {
  it('equals Math.round at and next to every half-integer and integer of the fixed-point range', () => {
    let bad = 0;
    for (let t = 0; t <= 65535; t++) {
      for (const y of [...neighbours(t + 0.5, 3), ...neighbours(t, 3)]) if (y >= 0 && y <= 65535 && roundQ(y) !== Math.round(y)) bad++;
    }
    expect(bad).toBe(0);
    expect(roundQ(0.49999999999999994)).toBe(0);
    expect(roundQ(0.5)).toBe(1);
  });

  it('equals Math.round on tiny values and on a sweep of the unit interval', () => {
    for (let e = -1074; e < 16; e++) for (const y of neighbours(2 ** e, 2)) if (y >= 0) expect(roundQ(y)).toBe(Math.round(y));
    let bad = 0;
    for (let k = 0; k <= 1_000_000; k++) {
      const x = k / 1_000_000;
      if (toQ(x) !== (x <= 0 ? 0 : x >= 1 ? 65535 : Math.round(x * 65535))) bad++;
    }
    expect(bad).toBe(0);
  });
});
