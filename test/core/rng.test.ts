import { describe, expect, it } from 'vitest';
import { inverseNormal, makeStream, makeStreams } from '../../src/core/rng.ts';

describe('random streams', () => {
  it('are reproducible from (seed, replicate, purpose) and independent across purposes and replicates', () => {
    const a = makeStream(42, 0, 'shocks');
    const b = makeStream(42, 0, 'shocks');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    const other = makeStreams(42, 0);
    expect(Array.from({ length: 5 }, () => other.population.next())).not.toEqual(seqA);
    const rep1 = makeStream(42, 1, 'shocks');
    expect(Array.from({ length: 5 }, () => rep1.next())).not.toEqual(seqA);
  });

  it('normal() consumes exactly one uniform per call (fixed stream use)', () => {
    const a = makeStream(7, 0, 'shocks');
    const b = makeStream(7, 0, 'shocks');
    for (let k = 0; k < 100; k++) a.normal();
    for (let k = 0; k < 100; k++) b.next();
    expect(a.next()).toBe(b.next());
  });

  it('normal() has mean 0 and variance 1 (100,000 draws)', () => {
    const r = makeStream(1, 0, 'behaviour');
    let s = 0;
    let s2 = 0;
    const n = 100_000;
    for (let k = 0; k < n; k++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
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

  it('int(n) stays in [0, n)', () => {
    const r = makeStream(3, 0, 'behaviour');
    for (let k = 0; k < 1000; k++) {
      const x = r.int(7);
      expect(Number.isInteger(x) && x >= 0 && x < 7).toBe(true);
    }
  });
});
