import { describe, expect, it } from 'vitest';
import { DrawCursor, Draws, SITE, inverseNormal, xxh32x4 } from '../../src/core/rng.ts';

describe('keyed draws', () => {
  it('XXH32 matches the reference implementation (xxhashjs h32 of 16 little-endian bytes)', () => {
    // Values computed with the npm package xxhashjs: h32(Buffer of words LE, seed).
    expect(xxh32x4(0xabcdef01 | 0, 7, 0x12345678, 99, 5)).toBe(0x2240bebf);
  });

  it('are pure functions of (seed, replicate, site, entity, time, index)', () => {
    const a = new Draws(42, 0);
    const b = new Draws(42, 0);
    // Asked in any order, or with other draws in between, the same key gives the same number.
    const first = a.u(SITE.illness, 1234, 24204);
    for (let k = 0; k < 100; k++) b.u(SITE.illness, k, 24204);
    expect(b.u(SITE.illness, 1234, 24204)).toBe(first);
    expect(new Draws(42, 1).u(SITE.illness, 1234, 24204)).not.toBe(first);
    expect(new Draws(43, 0).u(SITE.illness, 1234, 24204)).not.toBe(first);
    expect(a.u(SITE.villageDisaster, 1234, 24204)).not.toBe(first);
    expect(a.u(SITE.illness, 1235, 24204)).not.toBe(first);
    expect(a.u(SITE.illness, 1234, 24205)).not.toBe(first);
    expect(a.u(SITE.illness, 1234, 24204, 1)).not.toBe(first);
    // Seeds above 2^32 - 1 are not allowed by the schema, but the key still uses all their bits.
    expect(new Draws(2 ** 33, 0).key).not.toBe(new Draws(0, 0).key);
  });

  it('row draws (row + uAt / normalAt) equal the keyed draws bit for bit', () => {
    for (const [seed, rep] of [[42, 0], [7, 3], [2 ** 32 - 1, 99]] as const) {
      const d = new Draws(seed, rep);
      for (const site of [SITE.illness, SITE.luck, SITE.registryObservation]) {
        for (const [time, index] of [[24204, 0], [0, 5], [2 ** 31 - 1, 2 ** 31 - 1]] as const) {
          const row = d.row(site, time, index);
          for (let e = 0; e < 2000; e += 7) {
            expect(d.uAt(row, e)).toBe(d.u(site, e, time, index));
            expect(d.normalAt(row, e)).toBe(d.normal(site, e, time, index));
          }
          expect(d.uAt(row, 2 ** 31 + 5)).toBe(d.u(site, 2 ** 31 + 5, time, index));
        }
      }
    }
  });

  it('every site has its own number', () => {
    const values = Object.values(SITE);
    expect(new Set(values).size).toBe(values.length);
  });

  // Statistical checks on the orders in which the model reads draws: households
  // in a month (entity varies), a household over months (time varies).
  const sequences: [string, (d: Draws, k: number) => number][] = [
    ['over households', (d, k) => d.u(SITE.illness, k, 24204)],
    ['over months', (d, k) => d.u(SITE.illness, 77, k)],
    ['over indices', (d, k) => d.u(SITE.household, 5, 0, k)],
  ];
  for (const [name, draw] of sequences) {
    it(`are uniform and serially uncorrelated ${name} (200,000 draws: chi-square on 100 cells, lag-1 correlation)`, () => {
      const d = new Draws(7, 0);
      const n = 200_000;
      const cells = new Float64Array(100);
      let prev = draw(d, 0);
      let sxy = 0, sx = 0, sxx = 0, outside = 0;
      for (let k = 1; k <= n; k++) {
        const x = draw(d, k);
        if (!(x >= 0 && x < 1)) outside++;
        cells[Math.floor(x * 100)]! += 1;
        sxy += prev * x;
        sx += x;
        sxx += x * x;
        prev = x;
      }
      expect(outside).toBe(0);
      const expected = n / 100;
      let chi = 0;
      for (const c of cells) chi += ((c - expected) * (c - expected)) / expected;
      // 99 degrees of freedom: the 99.9% quantile is 148.2.
      expect(chi).toBeLessThan(148.2);
      const mean = sx / n;
      const corr = (sxy / n - mean * mean) / (sxx / n - mean * mean);
      expect(Math.abs(corr)).toBeLessThan(4 / Math.sqrt(n));
    });
  }

  it('neighbouring keys give independent bits (each output bit flips half the time when the entity changes by one)', () => {
    const d = new Draws(1, 0);
    const flips = new Float64Array(32);
    const n = 20_000;
    for (let k = 0; k < n; k++) {
      const a = d.u(SITE.illness, k, 100) * 2 ** 32;
      const b = d.u(SITE.illness, k + 1, 100) * 2 ** 32;
      const x = (a ^ b) >>> 0;
      for (let bit = 0; bit < 32; bit++) flips[bit]! += (x >>> bit) & 1;
    }
    for (const f of flips) expect(Math.abs(f / n - 0.5)).toBeLessThan(0.02);
  });

  it('normal() has mean 0 and variance 1 (100,000 draws)', () => {
    const r = new Draws(1, 0);
    let s = 0;
    let s2 = 0;
    const n = 100_000;
    for (let k = 0; k < n; k++) {
      const z = r.normal(SITE.luck, k, 24120);
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('double() has 53 random bits and stays in [0, 1)', () => {
    const r = new Draws(9, 0);
    let fine = 0;
    for (let k = 0; k < 1000; k++) {
      const x = r.double(SITE.illnessCost, k, 0);
      expect(x >= 0 && x < 1).toBe(true);
      if (Math.round(x * 2 ** 32) !== x * 2 ** 32) fine++; // bits below 2^-32
    }
    expect(fine).toBeGreaterThan(990);
  });

  it('inverseNormal matches known quantiles of the standard normal', () => {
    const cases: [number, number][] = [
      [0.5, 0],
      [0.975, 1.959963984540054],
      [0.025, -1.959963984540054],
      [0.841344746068543, 1],
      [0.001, -3.090232306167813],
      [1e-9, -5.997807015007686],
    ];
    for (const [p, z] of cases) expect(inverseNormal(p)).toBeCloseTo(z, 6);
  });

  it('int(n) stays in [0, n) and reaches every value', () => {
    const r = new Draws(3, 0);
    const seen = new Set<number>();
    for (let k = 0; k < 1000; k++) {
      const x = r.int(7, SITE.hireRotation, k, 0);
      expect(Number.isInteger(x) && x >= 0 && x < 7).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(7);
  });

  it('a cursor counts an entity’s draws from a chosen index, and restarts for the next entity', () => {
    const d = new Draws(5, 0);
    const c = new DrawCursor(d, SITE.household);
    c.at(10, 64);
    const x = [c.next(), c.next()];
    expect(x).toEqual([d.u(SITE.household, 10, 0, 64), d.u(SITE.household, 10, 0, 65)]);
    c.at(11, 64);
    expect(c.next()).toBe(d.u(SITE.household, 11, 0, 64));
  });
});
