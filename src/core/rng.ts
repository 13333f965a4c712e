/**
 * Random streams. Every random number in a run comes from one of these
 * streams, each an xor4096 generator (seedrandom) seeded from
 * (scenario seed, replicate, purpose). Two scenarios run with the same seed
 * therefore draw the same households ("population") and face the same shocks
 * ("shocks") — common random numbers — while their behaviour may differ.
 *
 * The shock stream is consumed at a fixed rate (a fixed number of draws per
 * household and village per tick, used or not) so that it stays aligned
 * across scenarios whose households react differently.
 */
import seedrandom from 'seedrandom';

export type StreamName = 'population' | 'shocks' | 'behaviour' | 'observation';

export interface Rng {
  /** Uniform [0,1) with 32 random bits: fast, for hazards and choices. */
  next(): number;
  /** Uniform [0,1) with 53 random bits: for heavy-tailed costs and fine quantiles. */
  double(): number;
  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

export function streamSeed(seed: number, replicate: number, purpose: StreamName): string {
  return `pgs/${seed}/${replicate}/${purpose}`;
}

export function makeStream(seed: number, replicate: number, purpose: StreamName): Rng {
  const prng = seedrandom.xor4096(streamSeed(seed, replicate, purpose));
  let spare = 0;
  let hasSpare = false;
  return {
    next: prng,
    double: () => prng.double(),
    normal() {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      // 1 - u keeps log() away from 0.
      const u = 1 - prng.double();
      const v = prng.double();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      hasSpare = true;
      return r * Math.cos(2 * Math.PI * v);
    },
    int: (n: number) => Math.floor(prng() * n),
  };
}

/** The four streams of one replicate. */
export interface Streams {
  population: Rng;
  shocks: Rng;
  behaviour: Rng;
  observation: Rng;
}

export function makeStreams(seed: number, replicate: number): Streams {
  return {
    population: makeStream(seed, replicate, 'population'),
    shocks: makeStream(seed, replicate, 'shocks'),
    behaviour: makeStream(seed, replicate, 'behaviour'),
    observation: makeStream(seed, replicate, 'observation'),
  };
}
