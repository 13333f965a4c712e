import { describe, expect, it } from 'vitest';
import { Households, NPROG } from '../../src/core/households.ts';

describe('Households buffers', () => {
  it('a new population reuses a released one\'s buffers, starting as a fresh one', () => {
    const a = new Households(7);
    a.savings.fill(123);
    a.employer.fill(4);
    a.plan.fill(2);
    a.awareness.fill(123);
    const buffer = a.savings.buffer;
    const old = new Set(Object.values(a).filter((c) => ArrayBuffer.isView(c)).map((c) => (c as Float64Array).buffer));
    a.release();
    const b = new Households(7);
    const fresh = new Households(7);
    expect(old.has(b.savings.buffer)).toBe(true);
    expect(buffer === fresh.savings.buffer).toBe(false);
    for (const k of Object.keys(fresh) as (keyof Households)[]) {
      const col = fresh[k];
      if (ArrayBuffer.isView(col)) expect(Array.from(b[k] as ArrayLike<number>)).toEqual(Array.from(col as ArrayLike<number>));
    }
    expect(b.awareness.length).toBe(7 * NPROG);
    expect(b.employer[0]).toBe(-1);
  });
});

describe('Households buffer pool', () => {
  it('keeps nothing of a released population once a population of another size is made', () => {
    const a = new Households(5);
    const old = a.savings.buffer;
    a.release();
    new Households(6); // takes nothing, empties the pool
    const c = new Households(5);
    const bufs = new Set(Object.values(c).filter((x) => ArrayBuffer.isView(x)).map((x) => (x as Float64Array).buffer));
    expect(bufs.has(old)).toBe(false);
  });
});
