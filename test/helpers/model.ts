// Small models for the unit tests of one agent or mechanism: build a model,
// bring it to the start of a yearly round, then call the function under test
// alone. Parameters are read through the scenario (m.s), never retyped.
import { expect } from 'vitest';
import { A } from '../../src/core/ledger.ts';
import type { Model } from '../../src/core/model.ts';
import { countyBooks } from '../../src/core/world.ts';
import { beginYear, createModel, step, YEAR_ROUND } from '../../src/schedule.ts';

import { householdMoney, small } from './scenarios.ts';

export const SEED = 11;

type Patch = Record<string, unknown>;

/** A fresh small model (January of the warm-up year, nothing run). */
export function fresh(patch: Patch = {}, seed = SEED): Model {
  return createModel(small(patch), seed, 0);
}

/**
 * A small model after the warm-up year and `years` full reported years, at
 * January with step 1 of the yearly round done and nothing else: the state
 * a mechanism of the yearly round finds when it is called alone.
 */
export function january(patch: Patch = {}, years = 0, seed = SEED): Model {
  const m = fresh(patch, seed);
  for (let k = 0; k < 12 * (1 + years); k++) step(m);
  expect(m.month).toBe(0);
  beginYear(m);
  return m;
}

/** Tolerance of per-agent balances against the ledger (as in test/core/ledger.test.ts). */
export const tolerance = (m: Model) => Math.max(0.01, (1e-8 * m.ledger.turnover) / 100);

/**
 * The books balance: after posting, sources issued = holders' change + sinks,
 * and what counties and households hold on their own books agrees with the
 * ledger's accounts. Households add programme cash to their savings in
 * their own monthly step, so `households = false` skips their check for a
 * mechanism that pays them before that step.
 */
export function expectBooksBalance(m: Model, households = true): void {
  m.ledger.post();
  expect(m.ledger.imbalanceFen()).toBe(0);
  const books = m.counties.reduce((a, c) => a + countyBooks(c), 0);
  expect(Math.abs(books - m.ledger.yuan(A.county))).toBeLessThanOrEqual(tolerance(m));
  if (households) expect(Math.abs(householdMoney(m) - m.ledger.yuan(A.household))).toBeLessThanOrEqual(tolerance(m));
}

/** A copy of a typed-array column (to compare before and after a call). */
export const copy = (a: ArrayLike<number>): number[] => Array.from(a);


/** Run the reported yearly round (src/schedule.ts YEAR_ROUND) up to (not including) the step named `name`. */
export function roundUntil(m: Model, name: string): void {
  const k = YEAR_ROUND.findIndex((st) => st.name === name);
  expect(k, `no step ${name}`).toBeGreaterThanOrEqual(0);
  expect(m.programmesActive).toBe(true);
  for (const st of YEAR_ROUND.slice(0, k)) st.run(m);
}
