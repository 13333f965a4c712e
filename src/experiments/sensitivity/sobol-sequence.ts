/**
 * Sobol low-discrepancy points (Bratley-Fox / Joe-Kuo construction, 32-bit,
 * Gray-code order, first point 0 when unscrambled), optionally scrambled.
 *
 * Direction numbers: Joe and Kuo (2008), new-joe-kuo-6.21201, dimensions
 * 2..64 (dimension 1 is van der Corput). Each entry is the primitive
 * polynomial with its leading and trailing 1 bits (degree s = bit length - 1)
 * and the initial direction numbers m_1..m_s. 64 dimensions cover a Saltelli
 * design (2D columns) of up to 32 parameters.
 *
 * Scrambling (from a seed): a random linear matrix scramble (each dimension's
 * direction numbers multiplied by a random lower-triangular binary matrix
 * with unit diagonal) followed by a random digital shift (XOR with a random
 * 32-bit number), as in scipy's default; "Owen-lite": it keeps the net
 * property (every 2^m prefix stays balanced) and makes the estimates
 * randomised, so a different seed gives an independent-ish replicate of the
 * design. Pure: the only randomness is the seedrandom stream given.
 */
import seedrandom from 'seedrandom';

/** Joe-Kuo direction numbers of dimensions 2..64: [polynomial, m]. */
const JOE_KUO: readonly (readonly [number, readonly number[]])[] = [
  [3, [1]],
  [7, [1, 3]],
  [11, [1, 3, 1]],
  [13, [1, 1, 1]],
  [19, [1, 1, 3, 3]],
  [25, [1, 3, 5, 13]],
  [37, [1, 1, 5, 5, 17]],
  [41, [1, 1, 5, 5, 5]],
  [47, [1, 1, 7, 11, 19]],
  [55, [1, 1, 5, 1, 1]],
  [59, [1, 1, 1, 3, 11]],
  [61, [1, 3, 5, 5, 31]],
  [67, [1, 3, 3, 9, 7, 49]],
  [91, [1, 1, 1, 15, 21, 21]],
  [97, [1, 3, 1, 13, 27, 49]],
  [103, [1, 1, 1, 15, 7, 5]],
  [109, [1, 3, 1, 15, 13, 25]],
  [115, [1, 1, 5, 5, 19, 61]],
  [131, [1, 3, 7, 11, 23, 15, 103]],
  [137, [1, 3, 7, 13, 13, 15, 69]],
  [143, [1, 1, 3, 13, 7, 35, 63]],
  [145, [1, 3, 5, 9, 1, 25, 53]],
  [157, [1, 3, 1, 13, 9, 35, 107]],
  [167, [1, 3, 1, 5, 27, 61, 31]],
  [171, [1, 1, 5, 11, 19, 41, 61]],
  [185, [1, 3, 5, 3, 3, 13, 69]],
  [191, [1, 1, 7, 13, 1, 19, 1]],
  [193, [1, 3, 7, 5, 13, 19, 59]],
  [203, [1, 1, 3, 9, 25, 29, 41]],
  [211, [1, 3, 5, 13, 23, 1, 55]],
  [213, [1, 3, 7, 3, 13, 59, 17]],
  [229, [1, 3, 1, 3, 5, 53, 69]],
  [239, [1, 1, 5, 5, 23, 33, 13]],
  [241, [1, 1, 7, 7, 1, 61, 123]],
  [247, [1, 1, 7, 9, 13, 61, 49]],
  [253, [1, 3, 3, 5, 3, 55, 33]],
  [285, [1, 3, 1, 15, 31, 13, 49, 245]],
  [299, [1, 3, 5, 15, 31, 59, 63, 97]],
  [301, [1, 3, 1, 11, 11, 11, 77, 249]],
  [333, [1, 3, 1, 11, 27, 43, 71, 9]],
  [351, [1, 1, 7, 15, 21, 11, 81, 45]],
  [355, [1, 3, 7, 3, 25, 31, 65, 79]],
  [357, [1, 3, 1, 1, 19, 11, 3, 205]],
  [361, [1, 1, 5, 9, 19, 21, 29, 157]],
  [369, [1, 3, 7, 11, 1, 33, 89, 185]],
  [391, [1, 3, 3, 3, 15, 9, 79, 71]],
  [397, [1, 3, 7, 11, 15, 39, 119, 27]],
  [425, [1, 1, 3, 1, 11, 31, 97, 225]],
  [451, [1, 1, 1, 3, 23, 43, 57, 177]],
  [463, [1, 3, 7, 7, 17, 17, 37, 71]],
  [487, [1, 3, 1, 5, 27, 63, 123, 213]],
  [501, [1, 1, 3, 5, 11, 43, 53, 133]],
  [529, [1, 3, 5, 5, 29, 17, 47, 173, 479]],
  [539, [1, 3, 3, 11, 3, 1, 109, 9, 69]],
  [545, [1, 1, 1, 5, 17, 39, 23, 5, 343]],
  [557, [1, 3, 1, 5, 25, 15, 31, 103, 499]],
  [563, [1, 1, 1, 11, 11, 17, 63, 105, 183]],
  [601, [1, 1, 5, 11, 9, 29, 97, 231, 363]],
  [607, [1, 1, 5, 15, 19, 45, 41, 7, 383]],
  [617, [1, 3, 7, 7, 31, 19, 83, 137, 221]],
  [623, [1, 1, 1, 3, 23, 15, 111, 223, 83]],
  [631, [1, 1, 5, 13, 31, 15, 55, 25, 161]],
  [637, [1, 1, 3, 13, 25, 47, 39, 87, 257]]
];

export const MAX_SOBOL_DIMENSIONS = JOE_KUO.length + 1;
const BITS = 32;
const SCALE = 2 ** -BITS;

/** The 32 direction numbers (as unsigned 32-bit ints) of dimension `d` (0-based). */
export function directionNumbers(d: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (d === 0) {
    for (let i = 0; i < BITS; i++) v[i] = 2 ** (BITS - 1 - i);
    return v;
  }
  const entry = JOE_KUO[d - 1];
  if (!entry) throw new RangeError(`Sobol sequence: at most ${MAX_SOBOL_DIMENSIONS} dimensions, asked for dimension ${d + 1}`);
  const [poly, m] = entry;
  const s = Math.floor(Math.log2(poly));
  const a = (poly >> 1) & ((1 << (s - 1)) - 1); // inner coefficients a_1..a_{s-1}
  for (let i = 0; i < BITS; i++) {
    if (i < s) {
      v[i] = (m[i]! * 2 ** (BITS - 1 - i)) >>> 0;
      continue;
    }
    let x = (v[i - s]! ^ (v[i - s]! >>> s)) >>> 0;
    for (let k = 1; k < s; k++) if ((a >> (s - 1 - k)) & 1) x = (x ^ v[i - k]!) >>> 0;
    v[i] = x;
  }
  return v;
}

function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Linear matrix scramble of one dimension's direction numbers, in place. */
function scrambleDirections(v: Uint32Array, rng: () => number): void {
  // Row j of a lower-triangular matrix with unit diagonal: bit (31 - k) set for the k <= j used.
  const rows = new Uint32Array(BITS);
  for (let j = 0; j < BITS; j++) {
    const random = j === 0 ? 0 : (Math.floor(rng() * 2 ** 32) >>> 0) & ~((2 ** (BITS - j)) - 1);
    rows[j] = (random | 2 ** (BITS - 1 - j)) >>> 0; // digits 0..j-1 random, digit j set, later digits 0
  }
  for (let i = 0; i < BITS; i++) {
    let out = 0;
    for (let j = 0; j < BITS; j++) if (parity((v[i]! & rows[j]!) >>> 0)) out = (out | 2 ** (BITS - 1 - j)) >>> 0;
    v[i] = out;
  }
}

export interface SobolOptions {
  /** Scramble from this stream seed (a seedrandom string); unscrambled when absent. */
  scramble?: string;
}

/**
 * The first `n` points of the `dims`-dimensional Sobol sequence, row-major in
 * a Float64Array (n * dims), each coordinate in [0, 1).
 */
export function sobolPoints(n: number, dims: number, opts: SobolOptions = {}): Float64Array {
  if (!Number.isSafeInteger(n) || n < 0 || n > 2 ** 30) throw new RangeError(`Sobol sequence: n must be a whole number from 0 to 2^30, got ${n}`);
  if (!Number.isSafeInteger(dims) || dims < 1 || dims > MAX_SOBOL_DIMENSIONS) throw new RangeError(`Sobol sequence: 1 to ${MAX_SOBOL_DIMENSIONS} dimensions, got ${dims}`);
  const rng = opts.scramble === undefined ? undefined : seedrandom.xor4096(opts.scramble);
  const out = new Float64Array(n * dims);
  for (let d = 0; d < dims; d++) {
    const v = directionNumbers(d);
    let x = 0;
    if (rng) {
      scrambleDirections(v, rng);
      x = Math.floor(rng() * 2 ** 32) >>> 0; // the digital shift: point 0 becomes the shift
    }
    for (let i = 0; i < n; i++) {
      out[i * dims + d] = x * SCALE;
      // Gray code: the next point flips the direction number of the lowest zero bit of i.
      let c = 0;
      let k = i;
      while (k & 1) {
        k >>>= 1;
        c++;
      }
      x = (x ^ v[c]!) >>> 0;
    }
  }
  return out;
}
