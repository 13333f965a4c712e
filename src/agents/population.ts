/**
 * Population synthesis: counties, villages and a weighted sample of
 * households. Every draw is keyed by the product, village or household it
 * is for (core/rng.ts), so two scenarios with the same seed and population
 * parameters get the same households, and a parameter that changes how many
 * draws one household takes (a Poisson count) changes no other household.
 */
import { CHRONIC, HEALTHY, T } from '../core/domain.ts';
import { Households, NPROG, NTRUST, toQ } from '../core/households.ts';
import { DrawCursor, type Draws, SITE } from '../core/rng.ts';
import { DOUBLE, IDLE_VINTAGES, Villages, type County, type Population } from '../core/world.ts';
import type { Scenario } from '../scenario/schema.ts';
import * as libm from '../core/libm.ts';

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

function poisson(rng: DrawCursor, mean: number): number {
  // Knuth's method: means here are small (household sizes, children).
  const l = libm.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

/** Successes in `n` trials of probability `p` (clamped to [0, 1]); n is small here (members of a household). */
function binomial(rng: DrawCursor, n: number, p: number): number {
  const q = p < 0 ? 0 : p > 1 ? 1 : p;
  let k = 0;
  for (let t = 0; t < n; t++) if (rng.next() < q) k++;
  return k;
}

export function synthesise(s: Scenario, draws: Draws, subsistenceAtStart: number): Population {
  const pop = s.population;
  const nC = pop.counties;
  const nV = nC * pop.villages_per_county;
  const n = pop.households;
  const hh = new Households(n);
  const villages = new Villages(nV);
  const w = pop.represented_households / n;
  const nProducts = s.market.products.length;
  const cursor = new DrawCursor(draws, SITE.household);

  const counties: County[] = [];
  const advSd = s.market.advantage_sd;
  const advHalf = (advSd * advSd) / 2; // mean-one lognormal
  let h = 0;
  for (let c = 0; c < nC; c++) {
    const advantage = new Float64Array(nProducts);
    for (let k = 0; k < nProducts; k++) advantage[k] = libm.exp(advSd * draws.normal(SITE.productAdvantage, c, 0, k) - advHalf);
    const county: County = {
      id: c,
      villageStart: c * pop.villages_per_county,
      villageEnd: (c + 1) * pop.villages_per_county,
      hhStart: h,
      hhEnd: h,
      weight: DOUBLE,
      advantage,
      mainProduct: 0,
      pool: DOUBLE,
      funds: new Float64Array(NPROG),
      allocation: new Float64Array(NPROG),
      previousAllocation: new Float64Array(NPROG),
      monthlyGross: new Float64Array(2 * NPROG),
      fill: new Float64Array(NPROG),
      monthlyNet: new Float64Array(2 * NPROG),
      monthlyCaptured: new Float64Array(2 * NPROG),
      monthlyWasted: new Float64Array(2 * NPROG),
      firms: [],
      orgs: [],
      lenderConfidence: DOUBLE,
      policyTrust: DOUBLE,
      donorTrust: DOUBLE,
      subsidyPot: DOUBLE,
      monthlySoCash: DOUBLE,
      poolAtAllocation: DOUBLE,
      idleVintage: new Float64Array(IDLE_VINTAGES),
    };
    // Double fields (world.ts, DOUBLE), then their values.
    county.weight = 0;
    county.pool = 0;
    county.lenderConfidence = 1;
    county.policyTrust = s.trust.enterprise_policy_trust;
    county.donorTrust = s.trust.donor_trust;
    county.subsidyPot = 0;
    county.monthlySoCash = 0;
    county.poolAtAllocation = 0;
    for (let v = county.villageStart; v < county.villageEnd; v++) {
      villages.county[v] = c;
      villages.harsh[v] = draws.u(SITE.village, v, 0, 0) < pop.harsh_village_share ? 1 : 0;
      villages.eco[v] = draws.u(SITE.village, v, 0, 1) < pop.ecological_village_share ? 1 : 0;
      const eliteDraw = s.elites.per_village * (s.elites.draw_floor + draws.u(SITE.village, v, 0, 2));
      villages.elites[v] = s.governance.elites ? eliteDraw : 0;
      // Spread households evenly over villages (the sample is the same size everywhere).
      const count = Math.floor(((v + 1) * n) / nV) - Math.floor((v * n) / nV);
      villages.start[v] = h;
      villages.end[v] = h + count;
      villages.weight[v] = count * w;
      for (let k = 0; k < count; k++, h++) synthesiseHousehold(s, draws, cursor.at(h, COUNTED), hh, h, v, villages.harsh[v] === 1, w, subsistenceAtStart);
    }
    county.hhEnd = h;
    county.weight = (county.hhEnd - county.hhStart) * w;
    counties.push(county);
  }
  return { hh, villages, counties, householdWeight: w };
}

// A household's fixed draws by index; counted draws (Poisson sizes, binomial
// members) follow from index COUNTED on, so a change in how many a household
// counts moves none of its fixed attributes.
const D = {
  noLabour: 0, workers: 1, disabled: 2, kin: 3, skill: 4, aspiration: 5, land: 6, harshness: 7, chronic: 8, savings: 9,
  trust: 10, // + trust target
  awareness: 20, // + programme
} as const;
const COUNTED = 64;

function synthesiseHousehold(
  s: Scenario,
  draws: Draws,
  rng: DrawCursor,
  hh: Households,
  i: number,
  v: number,
  harsh: boolean,
  weight: number,
  subsistence: number,
): void {
  const pop = s.population;
  hh.village[i] = v;
  hh.weight[i] = weight;
  let size = Math.min(10, 1 + poisson(rng, pop.household_size_mean - 1));
  let labour = 0;
  let children = 0;
  if (pop.composition === 'by_size') {
    // Members come out of the size: the poor are not large households by construction.
    if (draws.u(SITE.household, i, 0, D.noLabour) < pop.no_labour_share) {
      size = Math.min(size, 2); // an elderly household: no one able to work, no children at home
    } else {
      children = binomial(rng, size - 1, pop.children_per_household / Math.max(1e-9, pop.household_size_mean - 1));
      const adults = size - children;
      labour = Math.max(1, binomial(rng, adults, pop.workers_per_household / Math.max(1e-9, pop.household_size_mean - pop.children_per_household)));
    }
  } else if (draws.u(SITE.household, i, 0, D.noLabour) >= pop.no_labour_share) {
    labour = Math.max(1, Math.min(size, Math.round(pop.workers_per_household + pop.workers_sd * draws.normal(SITE.household, i, 0, D.workers))));
  }
  hh.size[i] = size;
  const disabled = draws.u(SITE.household, i, 0, D.disabled) < pop.disability_share ? 1 : 0;
  hh.disabled[i] = disabled;
  if (disabled && labour > 0) labour -= 1;
  hh.labour[i] = labour;
  if (pop.composition === 'independent') children = Math.min(Math.max(0, size - 1), poisson(rng, pop.children_per_household));
  hh.children[i] = children;
  hh.eliteKin[i] = draws.u(SITE.household, i, 0, D.kin) < pop.elite_kin_share ? 1 : 0;
  hh.skill[i] = clamp01(pop.skill_mean + pop.skill_sd * draws.normal(SITE.household, i, 0, D.skill));
  hh.aspiration[i] = clamp01(pop.aspiration_mean + pop.aspiration_sd * draws.normal(SITE.household, i, 0, D.aspiration));
  hh.land[i] = libm.exp(pop.land_sd * draws.normal(SITE.household, i, 0, D.land) - (pop.land_sd * pop.land_sd) / 2);
  const base = harsh ? pop.harshness_harsh : pop.harshness_other;
  hh.harshness[i] = clamp01(base + pop.harshness_sd * draws.normal(SITE.household, i, 0, D.harshness));
  hh.health[i] = draws.u(SITE.household, i, 0, D.chronic) < pop.chronic_illness_share ? CHRONIC : HEALTHY;
  hh.savings[i] = Math.max(0, ((pop.savings_months * subsistence) / 12) * size * libm.exp(pop.savings_sd * draws.normal(SITE.household, i, 0, D.savings) - (pop.savings_sd * pop.savings_sd) / 2));
  const t = s.trust;
  const trustSd = t.initial_sd;
  const o = i * NTRUST;
  hh.trust[o + T.government] = toQ(t.initial_government + trustSd * draws.normal(SITE.household, i, 0, D.trust + T.government));
  hh.trust[o + T.enterprise] = toQ(t.initial_enterprise + trustSd * draws.normal(SITE.household, i, 0, D.trust + T.enterprise));
  hh.trust[o + T.social] = toQ(t.initial_social + trustSd * draws.normal(SITE.household, i, 0, D.trust + T.social));
  hh.trust[o + T.elite] = toQ(t.initial_elite + trustSd * draws.normal(SITE.household, i, 0, D.trust + T.elite));
  const a = i * NPROG;
  const aw0 = s.information.initial_awareness;
  const awSd = s.information.initial_awareness_sd;
  for (let p = 0; p < NPROG; p++) hh.awareness[a + p] = toQ(aw0 + awSd * draws.normal(SITE.household, i, 0, D.awareness + p));
}
