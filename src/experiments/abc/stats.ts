/**
 * Weighted statistics for ABC populations: weighted mean and quantiles, the
 * weighted covariance of the perturbation kernel, and the multivariate normal
 * kernel (Cholesky factor, draw, density). Pure and allocation-light; every
 * sum runs in index order, so results do not depend on how runs were scheduled.
 */

/** Weighted mean of xs (weights need not sum to 1). */
export function weightedMean(xs: readonly number[], w: readonly number[]): number {
  let s = 0;
  let t = 0;
  for (let i = 0; i < xs.length; i++) {
    s += w[i]! * xs[i]!;
    t += w[i]!;
  }
  return s / t;
}

/**
 * Weighted quantile: the value where the cumulative weight, each point
 * counted at the middle of its own weight, reaches p (linear between points;
 * with equal weights this is the type-5 sample quantile). NaN when empty.
 */
export function weightedQuantile(xs: readonly number[], w: readonly number[], p: number): number {
  const order = xs.map((_, i) => i).filter((i) => w[i]! > 0 && Number.isFinite(xs[i]!)).sort((a, b) => xs[a]! - xs[b]! || a - b);
  if (order.length === 0) return Number.NaN;
  let total = 0;
  for (const i of order) total += w[i]!;
  let cum = 0;
  const mid: number[] = [];
  for (const i of order) {
    mid.push((cum + w[i]! / 2) / total);
    cum += w[i]!;
  }
  if (p <= mid[0]!) return xs[order[0]!]!;
  for (let k = 1; k < order.length; k++) {
    if (p <= mid[k]!) {
      const f = (p - mid[k - 1]!) / (mid[k]! - mid[k - 1]!);
      return xs[order[k - 1]!]! + f * (xs[order[k]!]! - xs[order[k - 1]!]!);
    }
  }
  return xs[order[order.length - 1]!]!;
}

/** Weighted covariance matrix of points (rows), unbiased for reliability weights. */
export function weightedCovariance(points: readonly (readonly number[])[], w: readonly number[]): number[][] {
  const d = points[0]?.length ?? 0;
  let t = 0;
  let t2 = 0;
  for (const x of w) {
    t += x;
    t2 += x * x;
  }
  const m = new Array<number>(d).fill(0);
  points.forEach((p, i) => p.forEach((x, k) => (m[k]! += (w[i]! / t) * x)));
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  points.forEach((p, i) => {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) c[a]![b]! += (w[i]! / t) * (p[a]! - m[a]!) * (p[b]! - m[b]!);
  });
  const norm = 1 - t2 / (t * t); // 1 - sum of squared normalised weights
  const f = norm > 1e-12 ? 1 / norm : 1;
  return c.map((row) => row.map((x) => x * f));
}

/**
 * Lower Cholesky factor of a covariance, with a small ridge on the diagonal
 * (floor: `minVar`) so a degenerate population (all particles equal in one
 * coordinate) still gives a proper kernel.
 */
export function cholesky(cov: readonly (readonly number[])[], minVar: number): number[][] {
  const d = cov.length;
  const a = cov.map((row, i) => row.map((x, j) => (i === j ? Math.max(x, minVar) : x)));
  const l = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) l[i]![i] = Math.sqrt(Math.max(s, minVar));
      else l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

/** A standard normal draw from a uniform stream (Box-Muller, one of the pair). */
export function normal(rng: () => number): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** mean + L z, z standard normal. */
export function drawNormal(mean: readonly number[], l: readonly (readonly number[])[], rng: () => number): number[] {
  const z = mean.map(() => normal(rng));
  return mean.map((m, i) => {
    let s = m;
    for (let k = 0; k <= i; k++) s += l[i]![k]! * z[k]!;
    return s;
  });
}

/**
 * Density of N(mean, L Lᵀ) at x, up to the constant (2π)^(-d/2), which
 * cancels in normalised importance weights: exp(-|L⁻¹(x - mean)|²/2) / det L.
 */
export function normalKernel(x: readonly number[], mean: readonly number[], l: readonly (readonly number[])[]): number {
  const d = x.length;
  const y = new Array<number>(d);
  let det = 1;
  let q = 0;
  for (let i = 0; i < d; i++) {
    let s = x[i]! - mean[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
    q += y[i]! * y[i]!;
    det *= l[i]![i]!;
  }
  return Math.exp(-q / 2) / det;
}
