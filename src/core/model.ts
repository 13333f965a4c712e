/**
 * The model's state: everything one replicate knows, its keyed draws and
 * its ledger. It does no I/O and acts on nothing itself: the agents
 * (src/agents) and mechanisms (src/mechanisms) read and change it, and the
 * schedule (src/schedule.ts) decides in which order. Data collection happens
 * outside (src/metrics).
 */
import type { LeverEffectName, Scenario } from '../scenario/schema.ts';
import { CAUSES, PROGRAMMES } from './domain.ts';
import { A, Ledger, PU } from './ledger.ts';
import type { Draws } from './rng.ts';
import type { Households } from './households.ts';
import { type County, DOUBLE, type Firm, type Population, type Villages, YearStats } from './world.ts';
import type { YearValues } from './year-values.ts';

/** Mechanism parameters at this year's lever settings (src/mechanisms/levers.ts computes them). */
export type Effective = Record<LeverEffectName, number>;

/** What the schedule hands a new model: its draws, synthesised population, first year and its parameters. */
export interface ModelInit {
  rng: Draws;
  valuesFor: (year: number) => YearValues;
  population: Population;
  /** The first simulated year (the warm-up year). */
  year: number;
  eff: Effective;
}

export class Model {
  readonly s: Scenario;
  readonly replicate: number;
  /** The replicate's keyed draws (core/rng.ts): every random number of the run. */
  readonly rng: Draws;
  readonly ledger = new Ledger();
  readonly stats = new YearStats();
  readonly hh: Households;
  readonly villages: Villages;
  readonly counties: County[];
  readonly firms: Firm[] = [];
  /** Price index of each product this year (and this month, after crashes). */
  readonly basePrices: Float64Array;
  readonly prices: Float64Array;
  readonly priceCrash: Float64Array; // months of crash left per product
  readonly priceCrashDepth: Float64Array;
  readonly multiCentre: boolean;
  /** Represented households per simulated household: capacities in represented households become simulated ones by it (slots.ts). */
  readonly householdWeight: number;
  /** Social organisations take part (serve, report needs, watch funds): multi-centre with organisations configured. */
  readonly socialOrgsActive: boolean;
  /** Effectiveness matrix [programme * CAUSES.length + cause]: how much a yuan of each programme helps each cause. */
  readonly matchMatrix: Float64Array;
  /** The time series and the deadline pressure at a year. */
  readonly valuesFor: (year: number) => YearValues;
  /** Scratch: extra medical reimbursement paid this month, by county. */
  readonly countyHealthSpend: Float64Array;
  /** Scratch column for a mechanism's two-pass work within one call (one value per household). */
  readonly scratch: Float64Array;
  /** Represented people (sum of weight x size), fixed: household sizes do not change. */
  readonly peopleWeight: number;
  /** Represented children in school (sum of weight x children), fixed. */
  readonly schoolWeight: number;
  eff: Effective;
  now: YearValues;
  year: number;
  month = 0;
  /** The month as the draws' time: year * 12 + month (a yearly draw uses its January, `yearTick`). */
  get tick(): number {
    return this.year * 12 + this.month;
  }
  get yearTick(): number {
    return this.year * 12;
  }
  /** False during the warm-up year that gives households a first observed income. */
  programmesActive = false;
  assistanceWithdrawn = false;
  illnessMultiplier = DOUBLE; // 1 (constructor): double fields from the start (world.ts, DOUBLE)
  epidemicMonthsLeft = 0;
  /** Loan returns per month this year (weighted yuan), fixed at origination. */
  loanIncomeMonthly = DOUBLE;
  /** Month (0-11) from which programme cash flows this year. */
  deliveryMonth = 0;
  /** The minimum living guarantee paid per month this year (weighted yuan), fixed in January. */
  guaranteeMonthlyTotal = DOUBLE;

  constructor(s: Scenario, replicate: number, init: ModelInit) {
    this.illnessMultiplier = 1;
    this.loanIncomeMonthly = 0;
    this.guaranteeMonthlyTotal = 0;
    this.s = s;
    this.replicate = replicate;
    this.rng = init.rng;
    this.valuesFor = init.valuesFor;
    this.multiCentre = s.governance.arrangement === 'multi';
    this.socialOrgsActive = this.multiCentre && s.governance.social_organisations && s.social_organisations.per_county > 0;
    const nc = CAUSES.length;
    this.matchMatrix = new Float64Array(PROGRAMMES.length * nc);
    PROGRAMMES.forEach((p, pi) => CAUSES.forEach((c, ci) => (this.matchMatrix[pi * nc + ci] = s.matching[p][c])));
    this.year = init.year;
    this.now = this.valuesFor(this.year);
    this.eff = init.eff;
    const pop = init.population;
    this.hh = pop.hh;
    this.householdWeight = pop.householdWeight;
    this.villages = pop.villages;
    this.counties = pop.counties;
    this.countyHealthSpend = new Float64Array(this.counties.length);
    this.scratch = new Float64Array(this.hh.n);
    let people = 0;
    for (let i = 0; i < this.hh.n; i++) people += this.hh.weight[i]! * this.hh.size[i]!;
    this.peopleWeight = people;
    let children = 0;
    for (let i = 0; i < this.hh.n; i++) children += this.hh.weight[i]! * this.hh.children[i]!;
    this.schoolWeight = children;
    // What households hold at the start enters the books from a declared source.
    let savings = 0;
    for (let i = 0; i < this.hh.n; i++) savings += this.hh.weight[i]! * this.hh.savings[i]!;
    this.ledger.transfer(A.opening_balances, A.household, PU.capital, savings);
    this.ledger.closeYear();
    const k = s.market.products.length;
    this.basePrices = new Float64Array(k);
    this.prices = new Float64Array(k);
    this.priceCrash = new Float64Array(k);
    this.priceCrashDepth = new Float64Array(k);
  }

  /** Represented workers employed by active firms (what firms pay wages on). */
  get firmWageWeight(): number {
    let w = 0;
    for (const f of this.firms) if (f.active) w += f.employeesWeight;
    return w;
  }

  get finished(): boolean {
    return this.year > this.s.time.end_year;
  }

  /** True once the warm-up year is over (the year being simulated is reported). */
  get reporting(): boolean {
    return this.year >= this.s.time.start_year;
  }
}
