/**
 * Analytic test models with known Sobol indices, so users and tests can
 * check the estimators (and the whole analysis) without the simulator.
 *
 *  - ishigami(x1, x2, x3) = sin x1 + a sin^2 x2 + b x3^4 sin x1, inputs
 *    uniform on [-pi, pi], a = 7, b = 0.1 (Ishigami and Homma 1990):
 *    S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
 *  - sobol_g(x) = prod (|4 x_i - 2| + a_i) / (1 + a_i), inputs uniform on
 *    [0, 1] (Saltelli and Sobol 1995): V_i = 1 / (3 (1 + a_i)^2), small a_i
 *    means an important input.
 */

export const ISHIGAMI = { a: 7, b: 0.1 } as const;

export function ishigami(x: ArrayLike<number>, a: number = ISHIGAMI.a, b: number = ISHIGAMI.b): number {
  const s1 = Math.sin(x[0]!);
  const s2 = Math.sin(x[1]!);
  return s1 + a * s2 * s2 + b * x[2]! ** 4 * s1;
}

/** Analytic first-order and total indices of the Ishigami function. */
export function ishigamiIndices(a: number = ISHIGAMI.a, b: number = ISHIGAMI.b): { S1: number[]; ST: number[] } {
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = ((b * b * pi4 * pi4) * 8) / 225;
  const v = v1 + v2 + v13;
  return { S1: [v1 / v, v2 / v, 0], ST: [(v1 + v13) / v, v2 / v, v13 / v] };
}

/** The G function of Sobol' with coefficients `a` (one per input). */
export function sobolG(x: ArrayLike<number>, a: readonly number[]): number {
  let y = 1;
  for (let i = 0; i < a.length; i++) y *= (Math.abs(4 * x[i]! - 2) + a[i]!) / (1 + a[i]!);
  return y;
}

/** Analytic first-order and total indices of the G function. */
export function sobolGIndices(a: readonly number[]): { S1: number[]; ST: number[] } {
  const vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const total = vi.reduce((p, v) => p * (1 + v), 1) - 1;
  return {
    S1: vi.map((v) => v / total),
    ST: vi.map((v, i) => (v * vi.reduce((p, w, j) => (j === i ? p : p * (1 + w)), 1)) / total),
  };
}
