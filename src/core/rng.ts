/**
 * Keyed random draws. Every random number in a run is a pure function of
 * (seed, replicate, site, entity, time, index): the site names the draw (one
 * entry of SITE below: "illness this month", "a county's allocation swing"),
 * the entity is the household, village, county or programme it is for, the
 * time the month (year * 12 + month; yearly draws use their January), and the
 * index tells apart several draws of one site for one entity at one time.
 *
 * Nothing is consumed in sequence, so nothing can fall out of step: two
 * scenarios run with the same seed give household 1,234 the same illness in
 * March 2017 whatever else differs between them (a channel switched off, a
 * timed event, a household served by a different programme), and the paired
 * difference of the two runs is the effect of what differs, not reshuffled
 * noise (ODD §9.2; `bench/pairing.ts` measures it).
 *
 * The generator is counter-based: the 32-bit hash XXH32 (Yann Collet's
 * xxHash, its 16-byte path, checked against the reference implementation in
 * test/core/rng.test.ts) of the four words (site, entity, time, index), with
 * a key derived from (seed, replicate) as the hash's seed. It costs about as
 * much as one step of the sequential xor4096 generator it replaced and passes
 * the statistical checks in the test (and dieharder, see docs/ODD.md §7.0).
 */
import * as libm from './libm.ts';

/**
 * Every kind of draw the model makes, one number each (the hash's first
 * word). Adding a site never changes another site's draws. Entities: h a
 * household, v a village, c a county, k a candidate or product, p a
 * programme, o a social organisation.
 */
export const SITE = {
  // population synthesis (time 0)
  productAdvantage: 1, // k: a product's county advantage
  village: 2, // v: harsh, ecological, elites (index 0-2)
  household: 3, // h: every attribute of a new household (index counts its draws)
  // shocks
  illness: 10, // h, month: health transition
  illnessCost: 11, // h, month: cost of a serious episode
  luck: 12, // h, year: farm and loan luck
  medicalInsurance: 13, // h, year
  agInsurance: 14, // h, year
  villageDisaster: 15, // v, month
  regionalDisaster: 16, // v, month of the event
  epidemicReturn: 17, // h, month of the event: a migrant sent home
  // behaviour
  migration: 20, // h, year
  firmEfficiency: 21, // c, year, candidate k
  firmOptimism: 22, // c, year, candidate k
  hireRotation: 23, // c, year
  socialOrgRotation: 24, // c, year
  socialOrgObservation: 25, // h, year
  socialOrgDuplication: 26, // h, year
  allocationSwing: 27, // c, year, programme p
  creditRotation: 28, // c, year
  productChoice: 29, // c, year
  exitVerification: 30, // h, year
  causeRecorded: 31, // h, year: recorded right or not
  causeConfusion: 32, // h, year: which related cause when not
  registration: 33, // h, year
  // observation
  registryObservation: 40, // h, year
  // the minimum living guarantee's means test
  guaranteeObservation: 50, // h, year
  guaranteeTakeUp: 51, // h, year
  guaranteeRank: 52, // h, year: the chance part of an applicant's priority (need_priority < 1 only)
  // co-operatives' yearly gain
  firmCoopGain: 60, // c, year, index = the firm's birth key
  eliteCoopGain: 61, // v, year
  // capacities in simulated households (slots.ts): one draw per entity, fixed for its life
  eliteCoopSlots: 70, // v: the village co-operative's places
  firmJobSlots: 71, // c, year of entry, candidate k: the firm's jobs
  firmTargetedSlots: 72, // c, year of entry, candidate k: its jobs kept for registered households
  firmMemberSlots: 73, // c, year of entry, candidate k: its co-operative's places
  creditSlots: 74, // c, year: the year's loans
  grantSlots: 75, // c, year, programme: the year's training or relocation grants
} as const;

export type Site = (typeof SITE)[keyof typeof SITE];

const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P5 = 0x165667b1 | 0;
const TWO_POW_32 = 4294967296;
const INV_2_32 = 1 / TWO_POW_32;
const INV_2_53 = 1 / 9007199254740992;
/** Set on the index word for the second half of a 53-bit draw. */
const SECOND = 0x80000000 | 0;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function lane(v: number, w: number): number {
  return Math.imul(rotl((v + Math.imul(w, P2)) | 0, 13), P1);
}

function avalanche(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

/** XXH32 of the 16 bytes (a, b, c, d as little-endian 32-bit words) with seed `key`: an unsigned 32-bit integer. */
export function xxh32x4(key: number, a: number, b: number, c: number, d: number): number {
  const v1 = lane((key + P1 + P2) | 0, a);
  const v2 = lane((key + P2) | 0, b);
  const v3 = lane(key | 0, c);
  const v4 = lane((key - P1) | 0, d);
  return avalanche((rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18) + 16) | 0);
}

/** The key of one replicate's draws. */
export function drawKey(seed: number, replicate: number): number {
  return xxh32x4(0x70677331, seed >>> 0, Math.floor(seed / TWO_POW_32) >>> 0, replicate >>> 0, 0) | 0;
}

/** The draws of one replicate. Every method is a pure function of its arguments. */
export class Draws {
  readonly key: number;
  /** The entity lane's seed (key + P2), for the row draws. */
  private readonly entitySeed: number;

  constructor(seed: number, replicate: number) {
    this.key = drawKey(seed, replicate);
    this.entitySeed = (this.key + P2) | 0;
  }

  /**
   * The part of a draw's hash that does not depend on the entity, for a loop
   * over entities with site, time and index fixed: `uAt(row(s, t, k), e)` is
   * `u(s, e, t, k)` bit for bit (the hash's lanes are summed modulo 2^32, so
   * three of the four can be summed once), at about a third of the cost.
   */
  row(site: Site, time: number, index = 0): number {
    const key = this.key;
    const v1 = lane((key + P1 + P2) | 0, site);
    const v3 = lane(key | 0, time);
    const v4 = lane((key - P1) | 0, index);
    return (rotl(v1, 1) + rotl(v3, 12) + rotl(v4, 18) + 16) | 0;
  }

  /** `u(site, entity, time, index)` for a `row(site, time, index)`. */
  uAt(row: number, entity: number): number {
    return avalanche((row + rotl(lane(this.entitySeed, entity), 7)) | 0) * INV_2_32;
  }

  /** `normal(site, entity, time, index)` for a `row(site, time, index)`. */
  normalAt(row: number, entity: number): number {
    return inverseNormal(avalanche((row + rotl(lane(this.entitySeed, entity), 7)) | 0) * INV_2_32 + 1.1641532182693481e-10);
  }

  /** Uniform [0,1) with 32 random bits: for hazards and choices. */
  u(site: Site, entity: number, time: number, index = 0): number {
    return xxh32x4(this.key, site, entity, time, index) * INV_2_32;
  }

  /** Uniform [0,1) with 53 random bits (two hashes): for heavy-tailed costs and fine quantiles. */
  double(site: Site, entity: number, time: number, index = 0): number {
    const hi = xxh32x4(this.key, site, entity, time, index) >>> 5;
    const lo = xxh32x4(this.key, site, entity, time, index ^ SECOND) >>> 6;
    return (hi * 67108864 + lo) * INV_2_53;
  }

  /** Standard normal: the inverse CDF of one 32-bit uniform, kept inside (0,1). */
  normal(site: Site, entity: number, time: number, index = 0): number {
    return inverseNormal(xxh32x4(this.key, site, entity, time, index) * INV_2_32 + 1.1641532182693481e-10);
  }

  /** Integer in [0, n). */
  int(n: number, site: Site, entity: number, time: number, index = 0): number {
    return Math.floor(xxh32x4(this.key, site, entity, time, index) * INV_2_32 * n);
  }
}

/**
 * A run of draws for one entity whose number is not fixed in advance (a new
 * household's attributes, Poisson counts): the index counts them. Its draws
 * are still keyed: another entity's, or another site's, never move.
 */
export class DrawCursor {
  private index = 0;
  private entity = 0;

  constructor(
    private readonly draws: Draws,
    private readonly site: Site,
  ) {}

  /** Start the draws of an entity, from index `first`. */
  at(entity: number, first = 0): this {
    this.entity = entity;
    this.index = first;
    return this;
  }

  next(): number {
    return this.draws.u(this.site, this.entity, 0, this.index++);
  }

}

// Acklam's rational approximation of the inverse normal CDF (relative error
// below 1.2e-9). One uniform per normal, several times faster than
// Box-Muller or the polar method. Its coefficients are written as literals
// in the function: V8 reloads and unboxes a module-level constant at every
// use, which made the function 2.4 times slower. They are, in order,
// const A1 = -3.969683028665376e1, A2 = 2.209460984245205e2, A3 = -2.759285104469687e2;
// const A4 = 1.38357751867269e2, A5 = -3.066479806614716e1, A6 = 2.506628277459239;
// const B1 = -5.447609879822406e1, B2 = 1.615858368580409e2, B3 = -1.556989798598866e2;
// const B4 = 6.680131188771972e1, B5 = -1.328068155288572e1;
// const C1 = -7.784894002430293e-3, C2 = -3.223964580411365e-1, C3 = -2.400758277161838;
// const C4 = -2.549732539343734, C5 = 4.374664141464968, C6 = 2.938163982698783;
// const D1 = 7.784695709041462e-3, D2 = 3.224671290700398e-1, D3 = 2.445134137142996, D4 = 3.754408661907416;
// const P_LOW = 0.02425;

/** Inverse of the standard normal CDF for p in (0, 1). */
export function inverseNormal(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * libm.log(p));
    return ((((((-7.784894002430293e-3) * q + (-3.223964580411365e-1)) * q + (-2.400758277161838)) * q + (-2.549732539343734)) * q + 4.374664141464968) * q + 2.938163982698783) / ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  }
  if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    return (((((((-3.969683028665376e1) * r + 2.209460984245205e2) * r + (-2.759285104469687e2)) * r + 1.38357751867269e2) * r + (-3.066479806614716e1)) * r + 2.506628277459239) * q) / ((((((-5.447609879822406e1) * r + 1.615858368580409e2) * r + (-1.556989798598866e2)) * r + 6.680131188771972e1) * r + (-1.328068155288572e1)) * r + 1);
  }
  const q = Math.sqrt(-2 * libm.log(1 - p));
  return -((((((-7.784894002430293e-3) * q + (-3.223964580411365e-1)) * q + (-2.400758277161838)) * q + (-2.549732539343734)) * q + 4.374664141464968) * q + 2.938163982698783) / ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
}
