/**
 * The model: all state of one replicate and the order of actions in a tick.
 * It owns its random streams and its ledger, does no I/O, and knows nothing
 * of files or the command line. Data collection happens outside (metrics/).
 *
 * Order of actions in a tick (one month):
 *   January only, the yearly round (see yearStart; in the warm-up year only
 *   steps 1, 2 (prices), 7 and 14 run):
 *     1. yearly values: series at this year, lever effects (after events; an
 *        assistance withdrawal takes effect from the January after it)
 *     2. markets: counties choose main products; prices from supply
 *     3. budget: funds come down the hierarchy with fragmentation and leakage;
 *        counterpart assistance adds external funds and cadres
 *     4. information: awareness spreads through cadres, platform, publicity,
 *        elites and neighbours
 *     5. trust: last year's promises against deliveries; cadres bridge trust
 *     6. aspiration: neighbours, elites, publicity, success and failure
 *     7. the registry observes last year's incomes (noisy); the exit
 *        assessment: registered households observed above the line exit
 *        (under deadline pressure, some falsely); in re-check years, those
 *        still registered and observed above the line are removed, except
 *        households whose exit verification has just found poor
 *     8. identification: households observed below the line are registered
 *        (under scale control, up to a quota of the survey's poor count)
 *     9. allocation and matching: county funds split across programmes; each
 *        registered household gets a plan for its recorded cause
 *    10. enterprises enter, hire, link with co-operatives
 *    11. social organisations raise donations and serve households
 *    12. elites organise co-operatives
 *    13. credit: microloans to willing households with a viable use
 *    14. migration and labour export; households' farm multipliers for the year
 *   Every month:
 *    15. timed events that start this month
 *    16. village disasters
 *    17. households: illness, production, wages, transfers, costs, consumption
 *    18. firms pay wages and sell; programme cash reaches households (after the
 *        disbursement delay); capital programmes are delivered in the delay month
 *    19. the ledger posts the month; government overdrafts are covered
 *   December only, the closing round (see yearEnd):
 *    20. loans are settled; firms close their books, pay dividends or leave
 *    21. true incomes of the year are fixed; entries and relapses are counted
 */
import type { Scenario } from '../scenario/schema.ts';
import { compileSeries } from '../scenario/expressions.ts';
import { effectiveParams, type Effective } from '../mechanisms/levers.ts';
import { A, Ledger, PU } from './ledger.ts';
import { makeStreams, type Streams } from './rng.ts';
import { Households } from './households.ts';
import { type County, type Firm, Villages, YearStats } from './world.ts';
import { synthesise } from '../agents/population.ts';
import { chooseProducts, updatePrices } from '../mechanisms/markets.ts';
import { appropriate, coverOverdrafts } from '../mechanisms/budget.ts';
import { applyAssistance } from '../mechanisms/assistance.ts';
import { spreadInformation } from '../mechanisms/information.ts';
import { updateTrust } from '../mechanisms/trust.ts';
import { updateAspiration } from '../mechanisms/aspiration.ts';
import { assessExits } from '../mechanisms/assessment.ts';
import { identify, observeIncomes, recheck } from '../mechanisms/identification.ts';
import { allocateAndPlan, deliverCapitalProgrammes, payCashProgrammes } from '../mechanisms/matching.ts';
import { firmsEnterAndHire, firmsMonth, firmsYearEnd } from '../agents/enterprise.ts';
import { socialOrgsYear, socialOrgsMonth } from '../agents/social-organisation.ts';
import { elitesOrganise } from '../agents/elite.ts';
import { originateLoans, settleLoans } from '../mechanisms/credit.ts';
import { applyEvents, villageDisasters } from '../mechanisms/shocks.ts';
import { householdsMonth, householdsYearStart, householdsYearEnd, migrate } from '../agents/household.ts';

/** Values of the time series and derived quantities for the current year. */
export interface YearValues {
  year: number;
  line: number;
  farmPerWorker: number;
  casualWage: number;
  migrantWage: number;
  enterpriseWage: number;
  subsistence: number;
  otherIncome: number;
  educationCost: number;
  guaranteeLine: number;
  insuranceCoverage: number;
  agInsurance: number;
  platformAccess: number;
  centralBudget: number;
  countyBudget: number;
  /** Deadline pressure this year (0-1). */
  pressure: number;
}

type Series = (year: number) => number;

export class Model {
  readonly s: Scenario;
  readonly replicate: number;
  readonly rng: Streams;
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
  /** Scratch: extra medical reimbursement paid this month, by county. */
  readonly countyHealthSpend: Float64Array;
  /** Represented people (sum of weight x size), fixed: household sizes do not change. */
  readonly peopleWeight: number;
  /** Represented children in school (sum of weight x children), fixed. */
  readonly schoolWeight: number;
  eff: Effective;
  now: YearValues;
  year: number;
  month = 0;
  /** False during the warm-up year that gives households a first observed income. */
  programmesActive = false;
  assistanceWithdrawn = false;
  illnessMultiplier = 1;
  epidemicMonthsLeft = 0;
  /** Loan returns per month this year (weighted yuan), fixed at origination. */
  loanIncomeMonthly = 0;
  /** Month (0-11) from which programme cash flows this year. */
  deliveryMonth = 0;
  private readonly series: Record<
    'line' | 'farm' | 'casual' | 'migrant' | 'enterprise' | 'subsistence' | 'other' | 'education' | 'guarantee' | 'coverage' | 'agri' | 'platform' | 'central' | 'county',
    Series
  >;

  constructor(s: Scenario, seed: number, replicate: number) {
    this.s = s;
    this.replicate = replicate;
    this.rng = makeStreams(seed, replicate);
    this.series = {
      line: compileSeries(s.poverty_line),
      farm: compileSeries(s.economy.farm_income_per_worker),
      casual: compileSeries(s.economy.casual_wage),
      migrant: compileSeries(s.economy.migrant_wage),
      enterprise: compileSeries(s.economy.enterprise_wage),
      subsistence: compileSeries(s.economy.subsistence),
      other: compileSeries(s.economy.other_income),
      education: compileSeries(s.programmes.education_cost_per_child),
      guarantee: compileSeries(s.programmes.dibao_standard),
      coverage: compileSeries(s.health.insurance_coverage),
      agri: compileSeries(s.disasters.insurance_share),
      platform: compileSeries(s.information.platform_access),
      central: compileSeries(s.budget.central),
      county: compileSeries(s.budget.county_own),
    };
    this.multiCentre = s.governance.arrangement === 'multi';
    // The warm-up year before the first simulated year gives every household
    // an income the registry can observe in the first year.
    this.year = s.time.start_year - 1;
    this.now = this.valuesFor(this.year);
    this.eff = effectiveParams(s);
    const pop = synthesise(s, this.rng.population, this.now.subsistence);
    this.hh = pop.hh;
    this.villages = pop.villages;
    this.counties = pop.counties;
    this.countyHealthSpend = new Float64Array(this.counties.length);
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

  valuesFor(year: number): YearValues {
    const a = this.s.assessment;
    const toDeadline = a.deadline_year - year;
    const ramp = 1 - toDeadline / a.pressure_horizon;
    const pressure = year > a.deadline_year ? 0 : a.deadline_pressure * Math.min(1, Math.max(0, ramp));
    const sr = this.series;
    return {
      year,
      line: sr.line(year),
      farmPerWorker: sr.farm(year),
      casualWage: sr.casual(year),
      migrantWage: sr.migrant(year),
      enterpriseWage: sr.enterprise(year),
      subsistence: sr.subsistence(year),
      otherIncome: sr.other(year),
      educationCost: sr.education(year),
      guaranteeLine: sr.guarantee(year) * sr.line(year),
      insuranceCoverage: sr.coverage(year),
      agInsurance: sr.agri(year),
      platformAccess: sr.platform(year),
      centralBudget: sr.central(year),
      countyBudget: sr.county(year),
      pressure,
    };
  }

  /** One month. */
  step(): void {
    if (this.month === 0) this.yearStart();
    applyEvents(this); // 15
    villageDisasters(this); // 16
    householdsMonth(this); // 17
    firmsMonth(this); // 18
    payCashProgrammes(this);
    socialOrgsMonth(this);
    deliverCapitalProgrammes(this);
    this.ledger.post(); // 19
    coverOverdrafts(this);
    if (this.month === 11) this.yearEnd();
    this.month++;
    if (this.month === 12) {
      this.month = 0;
      this.year++;
    }
  }

  /**
   * The yearly round. In the warm-up year only the economy runs (no
   * programmes, firms, campaigns or lever-dependent behaviour), so scenarios
   * that differ in policy start from the same first-year incomes.
   */
  private yearStart(): void {
    this.programmesActive = this.reporting;
    const active = this.programmesActive;
    this.now = this.valuesFor(this.year); // 1
    this.eff = effectiveParams(this.s, this.assistanceWithdrawn);
    this.stats.reset();
    if (active) chooseProducts(this); // 2
    updatePrices(this);
    if (active) {
      applyAssistance(this); // 3
      appropriate(this);
      spreadInformation(this); // 4
      updateTrust(this); // 5
      updateAspiration(this); // 6
    }
    observeIncomes(this); // 7: the registry's view of last year, and true causes
    householdsYearStart(this); // resets the year's flows
    if (active) {
      assessExits(this);
      recheck(this); // re-check years only
      identify(this); // 8
      allocateAndPlan(this); // 9
      firmsEnterAndHire(this); // 10
      socialOrgsYear(this); // 11
      elitesOrganise(this); // 12
      originateLoans(this); // 13
    }
    migrate(this); // 14
  }

  private yearEnd(): void {
    settleLoans(this); // 20
    firmsYearEnd(this);
    householdsYearEnd(this); // 21
    this.ledger.post();
    coverOverdrafts(this);
  }
}
