/**
 * How an agency sees an income: the true value with a mean-preserving
 * lognormal error (log-sd `sd`; `half` = sd^2 / 2, computed once by the
 * caller), given a standard normal draw `z`. A loss or zero is seen as it is.
 * The registry (identification.ts) and civil affairs' means test
 * (guarantee.ts) observe own incomes by this one rule, each with its own noise.
 */
import * as libm from './libm.ts';
export function observedIncome(y: number, sd: number, half: number, z: number): number {
  return y > 0 ? y * libm.exp(sd * z - half) : y;
}
