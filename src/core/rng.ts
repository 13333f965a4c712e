/**
 * Random streams. Every random number in a run comes from one of these
 * streams, each an xor4096 generator (seedrandom) seeded from
 * (scenario seed, replicate, purpose). Two scenarios run with the same seed
 * therefore draw the same households ("population") and face the same shocks
 * ("shocks") — common random numbers — while their behaviour may differ.
 *
 * The shock stream stays aligned across scenarios whose households react
 * differently: what it draws depends on shocks alone, never on behaviour
 * (one draw per household and per village each month, one more at the onset
 * of a serious illness, three per household each year, and the draws of
 * timed events).
 */
import seedrandom from 'seedrandom';

export type StreamName = 'population' | 'shocks' | 'behaviour' | 'observation' | 'guarantee' | 'coop';

export interface Rng {
  /** Uniform [0,1) with 32 random bits: fast, for hazards and choices. */
  next(): number;
  /** Uniform [0,1) with 53 random bits: for heavy-tailed costs and fine quantiles. */
  double(): number;
  /** Standard normal: inverse CDF of one 32-bit uniform (exactly one draw per call). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

export function streamSeed(seed: number, replicate: number, purpose: StreamName): string {
  return `pgs/${seed}/${replicate}/${purpose}`;
}

export function makeStream(seed: number, replicate: number, purpose: StreamName): Rng {
  const prng = seedrandom.xor4096(streamSeed(seed, replicate, purpose));
  return {
    next: prng,
    double: () => prng.double(),
    normal: () => inverseNormal(prng() + 1.1641532182693481e-10),
    int: (n: number) => Math.floor(prng() * n),
  };
}

/** The streams of one replicate. */
export interface Streams {
  population: Rng;
  shocks: Rng;
  behaviour: Rng;
  observation: Rng;
  /** Civil affairs' means test of the minimum living guarantee: two draws per household a year. */
  guarantee: Rng;
  /** Co-operatives' yearly gain: one draw per village and one per active firm each January (enterprise.ts, elite.ts). */
  coop: Rng;
}

export function makeStreams(seed: number, replicate: number): Streams {
  return {
    population: makeStream(seed, replicate, 'population'),
    shocks: makeStream(seed, replicate, 'shocks'),
    behaviour: makeStream(seed, replicate, 'behaviour'),
    observation: makeStream(seed, replicate, 'observation'),
    guarantee: makeStream(seed, replicate, 'guarantee'),
    coop: makeStream(seed, replicate, 'coop'),
  };
}

// Acklam's rational approximation of the inverse normal CDF (relative error
// below 1.2e-9). One uniform per normal keeps every stream's consumption
// fixed, and it is several times faster than Box-Muller or the polar method.
const A1 = -3.969683028665376e1, A2 = 2.209460984245205e2, A3 = -2.759285104469687e2;
const A4 = 1.38357751867269e2, A5 = -3.066479806614716e1, A6 = 2.506628277459239;
const B1 = -5.447609879822406e1, B2 = 1.615858368580409e2, B3 = -1.556989798598866e2;
const B4 = 6.680131188771972e1, B5 = -1.328068155288572e1;
const C1 = -7.784894002430293e-3, C2 = -3.223964580411365e-1, C3 = -2.400758277161838;
const C4 = -2.549732539343734, C5 = 4.374664141464968, C6 = 2.938163982698783;
const D1 = 7.784695709041462e-3, D2 = 3.224671290700398e-1, D3 = 2.445134137142996, D4 = 3.754408661907416;
const P_LOW = 0.02425;

/** Inverse of the standard normal CDF for p in (0, 1). */
export function inverseNormal(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    return ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
}
