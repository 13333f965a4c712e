/**
 * Capacities in represented households filled by simulated households.
 *
 * A firm's jobs, its co-operative's members and an elite's co-operative are
 * given in represented households, but every simulated household stands for
 * `w` of them (population.represented_households / households). Rounding
 * capacity / w to a whole number of simulated households biases every
 * capacity near or below w: a firm with 0.8 households' worth of jobs got a
 * whole one (25% more jobs), a 0.3 share of one job got none, and a village
 * co-operative admitted its first member whatever its size. Results then
 * depended on the sample size (at 10,000 simulated national households twice
 * the co-operative members of 50,000). Stochastic rounding, with a uniform
 * drawn once for the entity, keeps the expected capacity exact at any sample
 * size: floor(x) slots, plus one with probability x - floor(x).
 */
export function slots(capacity: number, w: number, u: number): number {
  if (!(capacity > 0) || !(w > 0)) return 0;
  const x = capacity / w;
  const k = Math.floor(x);
  return u < x - k ? k + 1 : k;
}
