// The estimators on functions whose indices are known: the Sobol sequence
// against the published points, Saltelli/Jansen indices of Ishigami and of
// the G function, Morris screening of inert inputs, seeded bootstraps.
import { describe, expect, it } from 'vitest';
import { seedShare } from '../../../src/experiments/sensitivity/analysis.ts';
import { percentileIntervals, quantile, resamples } from '../../../src/experiments/sensitivity/bootstrap.ts';
import { elementaryEffects, morrisDelta, morrisDesign, morrisEstimates } from '../../../src/experiments/sensitivity/morris.ts';
import { prefix, rowLabel, saltelliDesign, saltelliRows, sobolEstimates, type SaltelliShape } from '../../../src/experiments/sensitivity/saltelli.ts';
import { MAX_SOBOL_DIMENSIONS, sobolPoints } from '../../../src/experiments/sensitivity/sobol-sequence.ts';
import { ishigami, ishigamiIndices, sobolG, sobolGIndices } from '../../../src/experiments/sensitivity/test-functions.ts';

describe('Sobol sequence', () => {
  it('matches the published first points of the unscrambled 3-dimensional sequence (Joe and Kuo)', () => {
    const expected = [
      [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
    ];
    expect(Array.from(sobolPoints(8, 3))).toEqual(expected.flat());
  });

  it('has 64 dimensions, each prefix of 2^m points balanced, scrambled or not', () => {
    expect(MAX_SOBOL_DIMENSIONS).toBe(64);
    for (const scramble of [undefined, 'pgs-test/1']) {
      const n = 256;
      const p = sobolPoints(n, 64, scramble === undefined ? {} : { scramble });
      for (let d = 0; d < 64; d++) {
        const bins = new Array<number>(16).fill(0);
        for (let i = 0; i < n; i++) bins[Math.floor(p[i * 64 + d]! * 16)]! += 1;
        expect(bins, `dimension ${d + 1}`).toEqual(new Array<number>(16).fill(16));
      }
    }
  });

  it('scrambling depends on the seed, and only on it', () => {
    const a = sobolPoints(16, 4, { scramble: 's/1' });
    expect(sobolPoints(16, 4, { scramble: 's/1' })).toEqual(a);
    expect(sobolPoints(16, 4, { scramble: 's/2' })).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(() => sobolPoints(4, 65)).toThrow(RangeError);
  });
});

function evaluate(rows: Float64Array, dims: number, f: (x: Float64Array) => number): Float64Array {
  const y = new Float64Array(rows.length / dims);
  for (let k = 0; k < y.length; k++) y[k] = f(rows.subarray(k * dims, (k + 1) * dims));
  return y;
}

function bootstrapSobol(y: Float64Array, s: SaltelliShape, stream: string) {
  const draws = [...resamples(s.n, 200, stream)].map((u) => {
    const e = sobolEstimates(y, s, u);
    return [...e.S1, ...e.ST];
  });
  return percentileIntervals(draws);
}

describe('Saltelli design and Sobol indices', () => {
  it('lays out A, AB_i, (BA_i,) B per base sample, as SALib does', () => {
    const s = { n: 4, dims: 3, second: true };
    const x = saltelliDesign(s, 'x');
    expect(saltelliRows(s)).toBe(32);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => rowLabel(s, k))).toEqual(['A', 'AB1', 'AB2', 'AB3', 'BA1', 'BA2', 'BA3', 'B']);
    const row = (k: number) => Array.from(x.subarray(k * 3, k * 3 + 3));
    const [a, b] = [row(8), row(15)];
    expect(row(10)).toEqual([a[0], b[1], a[2]]); // AB2
    expect(row(12)).toEqual([a[0], b[1], b[2]]); // BA1
  });

  it('recovers the Ishigami indices (a = 7, b = 0.1) at N = 8192, the true values inside the bootstrap intervals', () => {
    const truth = ishigamiIndices();
    expect(truth.S1.map((v) => +v.toFixed(4))).toEqual([0.3139, 0.4424, 0]);
    expect(truth.ST.map((v) => +v.toFixed(4))).toEqual([0.5576, 0.4424, 0.2437]);
    const s = { n: 8192, dims: 3, second: false };
    const unit = saltelliDesign(s, 'pgs-sensitivity/42/sobol');
    const y = evaluate(unit, 3, (u) => ishigami(Array.from(u, (v) => -Math.PI + 2 * Math.PI * v)));
    const e = sobolEstimates(y, s);
    const ci = bootstrapSobol(y, s, 'boot');
    const want = [...truth.S1, ...truth.ST];
    [...e.S1, ...e.ST].forEach((v, k) => {
      expect(Math.abs(v - want[k]!), `index ${k}: ${v} vs ${want[k]}`).toBeLessThan(0.02);
      expect(ci[k]!.lo, `index ${k}`).toBeLessThanOrEqual(want[k]!);
      expect(ci[k]!.hi, `index ${k}`).toBeGreaterThanOrEqual(want[k]!);
    });
  });

  it('recovers S1 of the first two inputs of the G function, a = (0, 1, 4.5, 9, 99, 99, 99, 99)', () => {
    const a = [0, 1, 4.5, 9, 99, 99, 99, 99];
    const truth = sobolGIndices(a);
    expect(truth.S1.slice(0, 2).map((v) => +v.toFixed(4))).toEqual([0.7162, 0.179]);
    const s = { n: 8192, dims: 8, second: true };
    const y = evaluate(saltelliDesign(s, 'g'), 8, (u) => sobolG(u, a));
    const e = sobolEstimates(y, s);
    expect(Math.abs(e.S1[0]! - 0.7162)).toBeLessThan(0.02);
    expect(Math.abs(e.S1[1]! - 0.179)).toBeLessThan(0.02);
    expect(Math.abs(e.ST[0]! - truth.ST[0]!)).toBeLessThan(0.02);
    // The G function's second-order index of inputs 1 and 2: V12 / V = V1 V2 / V.
    const vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
    const v = vi.reduce((p, x) => p * (1 + x), 1) - 1;
    expect(Math.abs(e.S2![0]![1]! - (vi[0]! * vi[1]!) / v)).toBeLessThan(0.03);
  });

  it('uses the base samples it is given (convergence prefixes, resamples)', () => {
    const s = { n: 64, dims: 2, second: false };
    const y = evaluate(saltelliDesign(s, 'p'), 2, (u) => u[0]! + 0.1 * u[1]!);
    expect(sobolEstimates(y, s, prefix(64))).toEqual(sobolEstimates(y, s));
    expect(sobolEstimates(y, s, prefix(16)).S1).not.toEqual(sobolEstimates(y, s).S1);
    const flat = sobolEstimates(new Float64Array(saltelliRows(s)).fill(3), s);
    expect(flat.S1.every(Number.isNaN)).toBe(true);
  });
});

describe('Morris screening', () => {
  const f = (x: ArrayLike<number>) => 10 * x[0]! + 5 * x[1]! ** 2 + 2 * x[0]! * x[2]! + 0 * x[3]! + 0 * x[4]!;

  it('builds trajectories on the grid, moving each factor once by delta', () => {
    const d = morrisDesign({ dims: 5, levels: 4, trajectories: 6 }, 'm');
    expect(d.delta).toBeCloseTo(morrisDelta(4));
    expect(d.delta).toBeCloseTo(2 / 3);
    for (let t = 0; t < 6; t++) {
      const moved = new Set<number>();
      for (let s = 0; s < 5; s++) {
        const changes = [];
        for (let i = 0; i < 5; i++) {
          const dx = d.rows[(t * 6 + s + 1) * 5 + i]! - d.rows[(t * 6 + s) * 5 + i]!;
          if (dx !== 0) changes.push([i, dx]);
        }
        expect(changes.length).toBe(1);
        expect(Math.abs(changes[0]![1]!)).toBeCloseTo(2 / 3, 12);
        moved.add(changes[0]![0]!);
      }
      expect(moved.size).toBe(5);
    }
    for (const x of d.rows) {
      expect(x).toBeGreaterThanOrEqual(-1e-12);
      expect(x).toBeLessThanOrEqual(1 + 1e-12);
      expect(Math.abs(x * 3 - Math.round(x * 3))).toBeLessThan(1e-9); // on the 4-level grid
    }
  });

  it('ranks the inert inputs last with mu* = 0, and finds the linear effect exactly', () => {
    for (const candidates of [undefined, 40]) {
      const d = morrisDesign({ dims: 5, levels: 4, trajectories: 10 }, 'pgs-sensitivity/1/morris', candidates);
      const y = evaluate(d.rows, 5, f);
      const e = morrisEstimates(elementaryEffects(d, y), 5);
      const order = e.mu_star.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
      expect(order.slice(3).sort()).toEqual([3, 4]);
      expect(e.mu_star[3]).toBe(0);
      expect(e.mu_star[4]).toBe(0);
      expect(e.mu[0]).toBeGreaterThanOrEqual(10);
      expect(e.sigma[0]).toBeGreaterThan(0); // interaction with x3
      expect(e.mu_star[1]).toBeGreaterThan(0);
    }
  });

  it('Campolongo selection spreads the trajectories more than the first r drawn', () => {
    const spread = (rows: Float64Array) => {
      let s = 0;
      for (let i = 0; i < rows.length; i += 5) for (let j = 0; j < rows.length; j += 5) {
        let q = 0;
        for (let k = 0; k < 5; k++) q += (rows[i + k]! - rows[j + k]!) ** 2;
        s += Math.sqrt(q);
      }
      return s;
    };
    const plain = morrisDesign({ dims: 5, levels: 4, trajectories: 6 }, 'c');
    const chosen = morrisDesign({ dims: 5, levels: 4, trajectories: 6 }, 'c', 30);
    expect(spread(chosen.rows)).toBeGreaterThan(spread(plain.rows));
  });
});

describe('bootstrap', () => {
  it('is seeded and gives percentile intervals', () => {
    const a = [...resamples(10, 3, 'b')];
    expect([...resamples(10, 3, 'b')]).toEqual(a);
    expect(a.every((u) => u.every((i) => i >= 0 && i < 10))).toBe(true);
    expect(quantile([3, 1, 2, Number.NaN], 0.5)).toBe(2);
    expect(percentileIntervals(Array.from({ length: 101 }, (_, k) => [k]))).toEqual([{ lo: 2.5, hi: 97.5 }]);
  });
});

describe('seed share', () => {
  it('counts a common replicate shift (common random numbers) in single runs but not in the means', () => {
    const y: number[] = [];
    for (let k = 0; k < 10; k++) for (let j = 0; j < 3; j++) y.push(k + 5 * j);
    const s = seedShare(y, 3);
    expect(s.mean).toBe(0);
    expect(s.run).toBeGreaterThan(0.5);
  });

  it('is near 1 in the means when the points do not matter, and 0 with no noise', () => {
    const y: number[] = [];
    let x = 12345;
    for (let i = 0; i < 400 * 4; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      y.push(x / 2 ** 31);
    }
    expect(seedShare(y, 4).mean).toBeGreaterThan(0.7);
    expect(seedShare(Array.from({ length: 40 }, (_, i) => Math.floor(i / 4)), 4)).toEqual({ run: 0, mean: 0 });
  });
});
