/**
 * Seeded bootstrap: resample the units of an estimate (Saltelli base rows,
 * Morris trajectories) with replacement and take the 2.5 and 97.5
 * percentiles of the re-estimates (the percentile interval). Pure: the
 * only randomness is the seedrandom stream named by the caller.
 */
import seedrandom from 'seedrandom';

export const DEFAULT_RESAMPLES = 200;

/** `resamples` index sets of `n` units drawn with replacement from [0, n). */
export function* resamples(n: number, count: number, stream: string): Generator<Int32Array> {
  const rng = seedrandom.xor4096(stream);
  for (let b = 0; b < count; b++) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng() * n);
    yield idx;
  }
}

/** The q-quantile (0..1) of the finite values, linear between order statistics; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}

export interface Interval {
  lo: number;
  hi: number;
}

/** 95% percentile interval of each named estimate across resamples. */
export function percentileIntervals(draws: readonly (readonly number[])[]): Interval[] {
  if (draws.length === 0) return [];
  const k = draws[0]!.length;
  const out: Interval[] = [];
  for (let j = 0; j < k; j++) {
    const col = draws.map((d) => d[j]!);
    out.push({ lo: quantile(col, 0.025), hi: quantile(col, 0.975) });
  }
  return out;
}
