/**
 * Shapley decomposition of a difference between two runs (issue 12, item 3):
 * which channels carry it. Pure: a game is n channels and a value for every
 * subset of them (a bitmask: bit i set = channel i switched to the second
 * scenario's setting); the value is a vector (replicate × year × metric), so
 * one set of runs gives every replicate's, year's and metric's Shapley values
 * at once, and the interval across replicates is taken afterwards.
 *
 * The contribution of channel i is the mean over the orders used of its
 * marginal value v(S ∪ {i}) − v(S), S the channels before i in the order.
 * Over all n! orders that is the Shapley value; over sampled orders it is an
 * unbiased estimate. Either way, each order's marginals telescope to
 * v(all) − v(none), so the contributions add up to the total difference
 * (efficiency) whatever orders are used, up to floating-point rounding.
 *
 * Channels and how a subset becomes a scenario: channels.ts.
 */
import seedrandom from 'seedrandom';
import { inputError } from '../core/errors.ts';

/** At most this many channels get the exact average over all n! orders; more are sampled. */
export const EXACT_MAX_CHANNELS = 6;

/** Every order of 0..n-1 (n! of them), in lexicographic order. */
export function allOrders(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  const rec = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) {
      out.push(prefix);
      return;
    }
    rest.forEach((x, k) => rec([...prefix, x], [...rest.slice(0, k), ...rest.slice(k + 1)]));
  };
  rec([], Array.from({ length: n }, (_, i) => i));
  return out;
}

/**
 * `k` orders of 0..n-1, seeded: uniform random orders in antithetic pairs
 * (every second order is the reverse of the one before, which halves the
 * variance of the marginals of channels that interact with many others).
 */
export function sampledOrders(n: number, k: number, seed: number): number[][] {
  if (!Number.isInteger(k) || k < 1) throw inputError(`decompose: the number of sampled orders must be a whole number of at least 1, got ${k}`);
  const rng = seedrandom.xor4096(`pgs/decompose/${seed}`);
  const out: number[][] = [];
  while (out.length < k) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    out.push(order);
    if (out.length < k) out.push([...order].reverse());
  }
  return out;
}

/** The orders to average over: all of them for up to `exactMax` channels, else `k` sampled ones. */
export function ordersFor(n: number, k: number, seed: number, exactMax = EXACT_MAX_CHANNELS): { orders: number[][]; exact: boolean } {
  return n <= exactMax ? { orders: allOrders(n), exact: true } : { orders: sampledOrders(n, k, seed), exact: false };
}

/** The subsets (bitmasks) whose values the orders need, ascending: every prefix of every order, ∅ and the full set included. */
export function subsetsNeeded(orders: readonly (readonly number[])[]): number[] {
  const masks = new Set<number>([0]);
  for (const order of orders) {
    let mask = 0;
    for (const i of order) masks.add((mask |= 1 << i));
  }
  return [...masks].sort((a, b) => a - b);
}

/**
 * Per channel: the mean over `orders` of its marginal value, elementwise over
 * the value vectors. `value(mask)` must be defined for every subsetsNeeded(orders).
 */
export function shapleyValues(n: number, orders: readonly (readonly number[])[], value: (mask: number) => ArrayLike<number>): Float64Array[] {
  if (orders.length === 0) throw inputError('decompose: no orders to average over');
  const len = value(0).length;
  const sums = Array.from({ length: n }, () => new Float64Array(len));
  for (const order of orders) {
    let mask = 0;
    let before = value(0);
    for (const i of order) {
      mask |= 1 << i;
      const after = value(mask);
      const s = sums[i]!;
      for (let j = 0; j < len; j++) s[j]! += after[j]! - before[j]!;
      before = after;
    }
  }
  for (const s of sums) for (let j = 0; j < len; j++) s[j]! /= orders.length;
  return sums;
}
