/**
 * Sobol indices by the Saltelli design (pure).
 *
 * Design (the layout SALib's saltelli sampler writes, so its analyser reads
 * our X and Y): N base samples of a 2D-dimensional Sobol sequence; A is the
 * first D columns, B the last D. Each base sample j gives a block of rows:
 * A_j, AB_1j .. AB_Dj (A with column i from B), then with second order
 * BA_1j .. BA_Dj (B with column i from A), and B_j last: N (D + 2) rows, or
 * N (2D + 2).
 *
 * Estimators, with V the variance of the A and B outputs together:
 *  - first order S1_i = mean(f_B (f_ABi - f_A)) / V (Saltelli et al. 2010);
 *  - total ST_i = mean((f_A - f_ABi)^2) / (2V) (Jansen 1999);
 *  - second order S2_ij = mean(f_BAi f_ABj - f_A f_B) / V - S1_i - S1_j
 *    (Saltelli 2002, as in SALib).
 * Estimates take the base samples to use (a prefix for convergence, a
 * resample for the bootstrap).
 */
import { sobolPoints } from './sobol-sequence.ts';

export interface SaltelliShape {
  /** Base samples. */
  n: number;
  dims: number;
  second: boolean;
}

/** Rows per base sample. */
export function stride(s: Pick<SaltelliShape, 'dims' | 'second'>): number {
  return s.second ? 2 * s.dims + 2 : s.dims + 2;
}

/** Rows of the whole design. */
export function saltelliRows(s: SaltelliShape): number {
  return s.n * stride(s);
}

/** The label of row `k` of a block: A, AB<i>, BA<i> (1-based) or B. */
export function rowLabel(s: Pick<SaltelliShape, 'dims' | 'second'>, k: number): string {
  const w = stride(s);
  const r = k % w;
  if (r === 0) return 'A';
  if (r === w - 1) return 'B';
  return r <= s.dims ? `AB${r}` : `BA${r - s.dims}`;
}

/**
 * The design in the unit cube, row-major (rows x dims). `scramble`: the
 * seedrandom stream of the sequence's scrambling (sobol-sequence.ts);
 * unscrambled when absent.
 */
export function saltelliDesign(s: SaltelliShape, scramble?: string): Float64Array {
  const { n, dims: d } = s;
  const w = stride(s);
  const base = sobolPoints(n, 2 * d, scramble === undefined ? {} : { scramble });
  const out = new Float64Array(n * w * d);
  for (let j = 0; j < n; j++) {
    const a = base.subarray(j * 2 * d, j * 2 * d + d);
    const b = base.subarray(j * 2 * d + d, (j + 1) * 2 * d);
    const row = (k: number) => out.subarray((j * w + k) * d, (j * w + k + 1) * d);
    row(0).set(a);
    row(w - 1).set(b);
    for (let i = 0; i < d; i++) {
      const ab = row(1 + i);
      ab.set(a);
      ab[i] = b[i]!;
      if (s.second) {
        const ba = row(1 + d + i);
        ba.set(b);
        ba[i] = a[i]!;
      }
    }
  }
  return out;
}

export interface SobolEstimates {
  S1: number[];
  ST: number[];
  /** S2[i][j] for i < j (second order only); other cells NaN. */
  S2?: number[][];
  /** Variance of the A and B outputs. */
  variance: number;
}

/** All base samples 0..count-1. */
export function prefix(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i);
}

/**
 * Indices from the outputs `y` (one per design row), using the base samples
 * `units` (default: all N). NaN where the output does not vary.
 */
export function sobolEstimates(y: ArrayLike<number>, s: SaltelliShape, units: ArrayLike<number> = prefix(s.n)): SobolEstimates {
  const d = s.dims;
  const w = stride(s);
  const m = units.length;
  let sum = 0;
  for (let k = 0; k < m; k++) sum += y[units[k]! * w]! + y[units[k]! * w + w - 1]!;
  const mean = sum / (2 * m);
  let ss = 0;
  for (let k = 0; k < m; k++) ss += (y[units[k]! * w]! - mean) ** 2 + (y[units[k]! * w + w - 1]! - mean) ** 2;
  const variance = ss / (2 * m);
  const S1: number[] = [];
  const ST: number[] = [];
  for (let i = 0; i < d; i++) {
    let first = 0;
    let total = 0;
    for (let k = 0; k < m; k++) {
      const o = units[k]! * w;
      const fa = y[o]!;
      const fb = y[o + w - 1]!;
      const fab = y[o + 1 + i]!;
      first += fb * (fab - fa);
      total += (fa - fab) ** 2;
    }
    S1.push(variance > 0 ? first / m / variance : Number.NaN);
    ST.push(variance > 0 ? total / (2 * m) / variance : Number.NaN);
  }
  const out: SobolEstimates = { S1, ST, variance };
  if (s.second) {
    out.S2 = Array.from({ length: d }, () => new Array<number>(d).fill(Number.NaN));
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        let acc = 0;
        for (let k = 0; k < m; k++) {
          const o = units[k]! * w;
          acc += y[o + 1 + d + i]! * y[o + 1 + j]! - y[o]! * y[o + w - 1]!;
        }
        out.S2[i]![j] = variance > 0 ? acc / m / variance - S1[i]! - S1[j]! : Number.NaN;
      }
    }
  }
  return out;
}
