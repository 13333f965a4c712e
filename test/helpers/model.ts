// Small models for the unit tests of one agent or mechanism: build a model,
// bring it to the start of a yearly round, then call the function under test
// alone. Parameters are read through the scenario (m.s), never retyped.
import { expect } from 'vitest';
import { A } from '../../src/core/ledger.ts';
import type { Model } from '../../src/core/model.ts';
import { countyBooks } from '../../src/core/world.ts';
import { effectiveParams } from '../../src/mechanisms/levers.ts';
import { createModel, step } from '../../src/schedule.ts';
import { householdMoney, small } from './scenarios.ts';
import { householdsYearStart } from '../../src/agents/household.ts';
import { firmsEnterAndHire } from '../../src/agents/enterprise.ts';
import { socialOrgsYear } from '../../src/agents/social-organisation.ts';
import { elitesOrganise } from '../../src/agents/elite.ts';
import { appropriate } from '../../src/mechanisms/budget.ts';
import { applyAssistance } from '../../src/mechanisms/assistance.ts';
import { chooseProducts, updatePrices } from '../../src/mechanisms/markets.ts';
import { spreadInformation } from '../../src/mechanisms/information.ts';
import { updateTrust } from '../../src/mechanisms/trust.ts';
import { updateAspiration } from '../../src/mechanisms/aspiration.ts';
import { identify, observeIncomes, recheck } from '../../src/mechanisms/identification.ts';
import { assessExits } from '../../src/mechanisms/assessment.ts';
import { allocateAndPlan } from '../../src/mechanisms/matching.ts';
import { originateLoans } from '../../src/mechanisms/credit.ts';
import { publicWorks } from '../../src/mechanisms/public-works.ts';
import { meansTestGuarantee } from '../../src/mechanisms/guarantee.ts';

export const SEED = 11;

type Patch = Record<string, unknown>;

/** A fresh small model (January of the warm-up year, nothing run). */
export function fresh(patch: Patch = {}, seed = SEED): Model {
  return createModel(small(patch), seed, 0);
}

/**
 * What step 1 of the yearly round does (src/schedule.ts): programmes on from
 * start_year, this year's values and lever effects, the year's counts reset.
 */
export function beginYear(m: Model): void {
  expect(m.month).toBe(0);
  m.programmesActive = m.reporting;
  m.now = m.valuesFor(m.year);
  m.eff = effectiveParams(m.s, m.now, m.assistanceWithdrawn);
  m.stats.reset();
}

/**
 * A small model after the warm-up year and `years` full reported years, at
 * January with step 1 of the yearly round done and nothing else: the state
 * a mechanism of the yearly round finds when it is called alone.
 */
export function january(patch: Patch = {}, years = 0, seed = SEED): Model {
  const m = fresh(patch, seed);
  for (let k = 0; k < 12 * (1 + years); k++) step(m);
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


/** Steps 2-16 of a reported yearly round, in the order of src/schedule.ts. */
const ROUND: [string, (m: Model) => void][] = [
  ['chooseProducts', chooseProducts],
  ['updatePrices', updatePrices],
  ['applyAssistance', applyAssistance],
  ['appropriate', appropriate],
  ['spreadInformation', spreadInformation],
  ['updateTrust', updateTrust],
  ['updateAspiration', updateAspiration],
  ['observeIncomes', observeIncomes],
  ['householdsYearStart', householdsYearStart],
  ['assessExits', assessExits],
  ['recheck', recheck],
  ['identify', identify],
  ['allocateAndPlan', allocateAndPlan],
  ['publicWorks', publicWorks],
  ['meansTestGuarantee', meansTestGuarantee],
  ['firmsEnterAndHire', firmsEnterAndHire],
  ['socialOrgsYear', socialOrgsYear],
  ['elitesOrganise', elitesOrganise],
  ['originateLoans', originateLoans],
];

/** Run the reported yearly round up to (not including) the step named `name`. */
export function roundUntil(m: Model, name: string): void {
  const k = ROUND.findIndex(([n]) => n === name);
  expect(k, `no step ${name}`).toBeGreaterThanOrEqual(0);
  expect(m.programmesActive).toBe(true);
  for (const [, fn] of ROUND.slice(0, k)) fn(m);
}
