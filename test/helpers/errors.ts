// Assertions on input errors (SimError with exit code 2), shared by the tests.
import { expect } from 'vitest';
import { SimError, type Problem } from '../../src/core/errors.ts';

/** The input error `fn` throws; fails the test if it throws anything else or nothing. */
export function inputErrorOf(fn: () => unknown): SimError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).exitCode).toBe(2);
    return e as SimError;
  }
  throw new Error('expected an input error');
}

/** The problems of a failing parse; fails the test if it does not throw a SimError with exit code 2. */
export function problems(fn: () => unknown): Problem[] {
  return inputErrorOf(fn).problems;
}

/** The input error `p` rejects with; fails the test otherwise. */
export async function rejectsInput(p: Promise<unknown>): Promise<SimError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SimError);
  expect((e as SimError).exitCode).toBe(2);
  return e as SimError;
}
