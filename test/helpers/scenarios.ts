// Shared helpers for the model tests: small scenarios (fast), the random
// scenarios of the property tests, and per-household / per-row checks.
import fc from 'fast-check';
import type { Model } from '../../src/core/model.ts';
import { defaultScenario } from '../../src/scenario/scenario.ts';
import type { Scenario } from '../../src/scenario/schema.ts';

type Patch = Record<string, unknown>;

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep merge of plain objects (arrays and scalars in `b` replace those in `a`). */
export function merge(a: Patch, b: Patch): Patch {
  const out: Patch = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    out[k] = isPlain(old) && isPlain(v) ? merge(old, v) : v;
  }
  return out;
}

/** A small population over a few years: keeps each run well under a second. */
export const SMALL: Patch = {
  name: 'small',
  population: { households: 1500, villages_per_county: 30 },
  time: { start_year: 2014, end_year: 2016 },
};

export function small(patch: Patch = {}): Scenario {
  return defaultScenario(merge(SMALL, patch));
}

const LEVERS = ['strategic', 'organisational', 'policy', 'social', 'fund', 'technology', 'publicity', 'assistance'] as const;
const KINDS = ['epidemic', 'disaster', 'price_crash', 'assistance_withdrawal'] as const;

/** Uniform over [0, 1] in steps of 1/1000 (fc.double favours tiny and extreme values). */
const unit = fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000);

/**
 * Random valid scenarios: random levers, arrangement, which kinds of agent
 * exist, budgets, leakage, supervision, capture, and timed events inside the
 * simulated years (including the warm-up year before start_year).
 */
export const randomScenario: fc.Arbitrary<Scenario> = fc
  .record({
    start: fc.integer({ min: 2012, max: 2018 }),
    years: fc.integer({ min: 2, max: 3 }),
    households: fc.integer({ min: 1500, max: 2500 }),
    villages: fc.integer({ min: 10, max: 40 }),
    counties: fc.integer({ min: 1, max: 2 }),
    levers: fc.record(Object.fromEntries(LEVERS.map((l) => [l, unit])) as Record<(typeof LEVERS)[number], fc.Arbitrary<number>>),
    arrangement: fc.constantFrom('multi', 'single'),
    enterprises: fc.boolean(),
    social_organisations: fc.boolean(),
    elites: fc.boolean(),
    central: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1e8 }), fc.double({ min: 0, max: 1e8, noNaN: true })),
    county_own: fc.integer({ min: 0, max: 2e7 }),
    leakage_base: unit,
    supervision: unit,
    capture_base: unit,
    coop_capture: unit,
    events: fc.array(
      fc.record({
        kind: fc.constantFrom(...KINDS),
        offset: fc.integer({ min: -1, max: 2 }), // year relative to start (clamped to end below)
        month: fc.integer({ min: 1, max: 12 }),
        months: fc.integer({ min: 1, max: 24 }),
        severity: fc.integer({ min: 0, max: 300 }).map((k) => k / 100),
        share: unit,
        product: fc.constantFrom('', 'fruit', 'tea', 'grain', 'no-such-product'),
      }),
      { maxLength: 4 },
    ),
  })
  .map((r) => {
    const end = r.start + r.years - 1;
    return defaultScenario({
      name: 'random',
      time: { start_year: r.start, end_year: end },
      population: { households: r.households, villages_per_county: r.villages, counties: r.counties },
      governance: { arrangement: r.arrangement, enterprises: r.enterprises, social_organisations: r.social_organisations, elites: r.elites },
      levers: r.levers,
      budget: { central: r.central, county_own: r.county_own, leakage_base: r.leakage_base, supervision: r.supervision, capture_base: r.capture_base },
      elites: { coop_capture: r.coop_capture },
      identification: { first_year: r.start },
      assessment: { first_year: r.start + 1 },
      events: r.events.map((e) => ({
        kind: e.kind,
        year: Math.min(end, r.start + e.offset),
        month: e.month,
        months: e.months,
        severity: e.severity,
        share: e.share,
        product: e.product,
      })),
    });
  });

/** Sum over households of weight x savings, in yuan (the households' own money). */
export function householdMoney(m: Model): number {
  const hh = m.hh;
  let sum = 0;
  for (let i = 0; i < hh.n; i++) sum += hh.weight[i]! * hh.savings[i]!;
  return sum;
}

/** Names of numeric fields of `row` that are not finite. */
export function nonFinite(row: Record<string, string | number>): string[] {
  return Object.entries(row)
    .filter(([, v]) => typeof v === 'number' && !Number.isFinite(v))
    .map(([k, v]) => `${k}=${String(v)}`);
}
