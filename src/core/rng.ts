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
  /** Standard normal (Marsaglia's polar method, caching the second value). */
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
      // Polar method: no trigonometry; about 1.27 pairs of uniforms per pair of normals.
      let u: number, v: number, q: number;
      do {
        u = 2 * prng() - 1;
        v = 2 * prng() - 1;
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      hasSpare = true;
      return u * f;
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
