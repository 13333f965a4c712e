/**
 * Morris elementary-effects screening (pure).
 *
 * Design (Morris 1991): r trajectories on a grid of p levels {0, 1/(p-1),
 * ..., 1} (p even) in the unit cube, step delta = p / (2 (p - 1)). A
 * trajectory starts at a random grid point, then moves each factor once, in
 * a random order, by +delta or -delta (random direction): D + 1 rows. With
 * `candidates` > r, Campolongo et al. (2007) selection keeps the r
 * trajectories of the candidates that are most spread out (sum of pairwise
 * distances; chosen greedily: the farthest pair first, then each time the
 * candidate farthest from those kept, an approximation of the exhaustive
 * search). Rows are written trajectory after trajectory, SALib's layout.
 *
 * Effects are per unit of the normalised range (EE = dy / ±delta), so the
 * factors are comparable: mu (mean), mu* (mean of |EE|, Campolongo) and
 * sigma (sample standard deviation) over the trajectories used.
 */
import seedrandom from 'seedrandom';

export interface MorrisShape {
  dims: number;
  levels: number;
  trajectories: number;
}

export interface MorrisDesign extends MorrisShape {
  delta: number;
  /** Rows (trajectories x (D + 1)) x dims, row-major, on the grid in [0, 1]. */
  rows: Float64Array;
}

export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

export function morrisRows(s: MorrisShape): number {
  return s.trajectories * (s.dims + 1);
}

/** One random trajectory: (D + 1) x D unit rows. */
function trajectory(dims: number, levels: number, rng: () => number): Float64Array {
  const delta = morrisDelta(levels);
  const starts = levels / 2; // grid points from which +delta stays inside [0, 1]
  const out = new Float64Array((dims + 1) * dims);
  const order = Array.from({ length: dims }, (_, i) => i);
  for (let i = dims - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const up: boolean[] = [];
  for (let i = 0; i < dims; i++) {
    const low = Math.floor(rng() * starts) / (levels - 1);
    up.push(rng() < 0.5);
    out[i] = up[i] ? low : low + delta; // a factor that moves down starts delta higher
  }
  for (let s = 0; s < dims; s++) {
    out.copyWithin((s + 1) * dims, s * dims, (s + 1) * dims);
    const i = order[s]!;
    out[(s + 1) * dims + i] = out[s * dims + i]! + (up[i] ? delta : -delta);
  }
  return out;
}

/** Sum of the Euclidean distances between every row of one trajectory and every row of the other. */
function distance(a: Float64Array, b: Float64Array, dims: number): number {
  let total = 0;
  const k = a.length / dims;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += (a[i * dims + d]! - b[j * dims + d]!) ** 2;
      total += Math.sqrt(s);
    }
  }
  return total;
}

/** Indices (sorted) of `r` spread-out trajectories among `all` (greedy Campolongo selection). */
export function selectSpread(all: readonly Float64Array[], r: number, dims: number): number[] {
  const n = all.length;
  if (r >= n) return all.map((_, i) => i);
  const dist = Array.from({ length: n }, () => new Float64Array(n));
  let best = [0, 1];
  let bestD = -1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = distance(all[i]!, all[j]!, dims);
      dist[i]![j] = dist[j]![i] = v;
      if (v > bestD) [bestD, best] = [v, [i, j]];
    }
  }
  const chosen = new Set(best);
  const toChosen = Float64Array.from({ length: n }, (_, k) => dist[k]![best[0]!]! + dist[k]![best[1]!]!);
  while (chosen.size < r) {
    let pick = -1;
    for (let k = 0; k < n; k++) if (!chosen.has(k) && (pick < 0 || toChosen[k]! > toChosen[pick]!)) pick = k;
    chosen.add(pick);
    for (let k = 0; k < n; k++) toChosen[k] = toChosen[k]! + dist[k]![pick]!;
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * The design: `trajectories` trajectories (of `candidates` drawn, when more)
 * from the seedrandom stream `stream`.
 */
export function morrisDesign(s: MorrisShape, stream: string, candidates: number = s.trajectories): MorrisDesign {
  if (s.levels < 2 || s.levels % 2 !== 0) throw new RangeError(`Morris: levels must be even and at least 2, got ${s.levels}`);
  const rng = seedrandom.xor4096(stream);
  const all = Array.from({ length: Math.max(candidates, s.trajectories) }, () => trajectory(s.dims, s.levels, rng));
  const keep = selectSpread(all, s.trajectories, s.dims);
  const rows = new Float64Array(morrisRows(s) * s.dims);
  keep.forEach((k, t) => rows.set(all[k]!, t * (s.dims + 1) * s.dims));
  return { ...s, delta: morrisDelta(s.levels), rows };
}

/** Elementary effects, trajectories x dims (ee[t * D + i]), from the outputs of the design's rows. */
export function elementaryEffects(design: Pick<MorrisDesign, 'dims' | 'trajectories' | 'rows'>, y: ArrayLike<number>): Float64Array {
  const d = design.dims;
  const ee = new Float64Array(design.trajectories * d).fill(Number.NaN);
  for (let t = 0; t < design.trajectories; t++) {
    for (let s = 0; s < d; s++) {
      const r0 = t * (d + 1) + s;
      for (let i = 0; i < d; i++) {
        const dx = design.rows[(r0 + 1) * d + i]! - design.rows[r0 * d + i]!;
        if (dx !== 0) ee[t * d + i] = (y[r0 + 1]! - y[r0]!) / dx;
      }
    }
  }
  return ee;
}

export interface MorrisEstimates {
  mu: number[];
  mu_star: number[];
  sigma: number[];
}

/** mu, mu* and sigma of each factor over the trajectories `units` (default: all). */
export function morrisEstimates(ee: ArrayLike<number>, dims: number, units?: ArrayLike<number>): MorrisEstimates {
  const r = units ? units.length : ee.length / dims;
  const at = (k: number) => (units ? units[k]! : k);
  const out: MorrisEstimates = { mu: [], mu_star: [], sigma: [] };
  for (let i = 0; i < dims; i++) {
    let sum = 0;
    let abs = 0;
    for (let k = 0; k < r; k++) {
      const e = ee[at(k) * dims + i]!;
      sum += e;
      abs += Math.abs(e);
    }
    const mu = sum / r;
    let ss = 0;
    for (let k = 0; k < r; k++) ss += (ee[at(k) * dims + i]! - mu) ** 2;
    out.mu.push(mu);
    out.mu_star.push(abs / r);
    out.sigma.push(r > 1 ? Math.sqrt(ss / (r - 1)) : Number.NaN);
  }
  return out;
}
