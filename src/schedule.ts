/**
 * The schedule: how a model is set up and the order of actions in a tick.
 * The state lives in src/core (Model), the actions in src/agents and
 * src/mechanisms; this module only calls them, in this order. The numbers
 * below are the steps of docs/ODD.md section 3 (one list: change both).
 *
 * Set-up (createModel): random streams, the population, opening balances.
 * The clock starts in the warm-up year (start_year - 1), in which only the
 * economy runs (no programmes, firms, campaigns or lever-dependent
 * behaviour), so scenarios that differ in policy start from the same
 * first-year incomes: its yearly round runs steps 1, 2 (prices only), 8, 9
 * and 18; every monthly and December step runs.
 *
 * January only, the yearly round (yearStart):
 *    1. yearly values: programmes on from start_year; the time series
 *       (levers, credit supply, income index included) and deadline
 *       pressure at this year; lever effects (an assistance withdrawal
 *       takes effect from the January after it); the year's counts reset
 *    2. markets: counties choose main products; prices from supply
 *    3. counterpart assistance: external funds and cadres
 *    4. budget: funds come down the hierarchy with fragmentation and
 *       leakage; village transparency and elite capture
 *    5. information: awareness spreads through cadres, platform, publicity,
 *       elites and neighbours
 *    6. trust: last year's promises against deliveries; cadres bridge trust
 *    7. aspiration: neighbours, elites, publicity, success and failure
 *    8. the registry observes last year's incomes (noisy); true causes
 *    9. households' year start: yearly shock draws, the year's flows reset
 *   10. exit assessment: registered households observed above the line exit
 *       (under deadline pressure, some falsely); in re-check years those
 *       still observed above it are removed
 *   11. identification: households observed below the line are registered
 *       (under scale control, up to a quota)
 *   12. allocation and matching: plans for registered households, county
 *       funds split across programmes, entitlements; then village public
 *       works spend part of the idle pool, and idle funds age (those idle
 *       too long go back to the level above)
 *   13. the minimum living guarantee: every household means-tested on its
 *       own income (civil affairs' own noisy observation), registry
 *       referrals enrolled, this year's monthly amounts fixed
 *   14. enterprises enter, hire, link with co-operatives
 *   15. social organisations raise donations and serve households; the
 *       county withdraws its help from planned households they serve
 *       (displacement)
 *   16. elites organise co-operatives
 *   17. credit: microloans to willing households with a viable use
 *   18. migration and labour export; farm multipliers for the year
 * Every month (step):
 *   19. timed events that start this month (and epidemic, crash countdowns)
 *   20. village disasters
 *   21. households: illness, production, wages, transfers, costs, consumption
 *   22. firms sell and pay wages
 *   23. programme cash reaches households (after the disbursement delay);
 *       civil affairs pays the month's guarantee
 *   24. social organisations' cash aid
 *   25. capital programmes are delivered (in the delivery month)
 *   26. the ledger posts the month; government overdrafts are covered
 * December only, the closing round (yearEnd):
 *   27. loans are settled
 *   28. firms close their books, pay dividends or leave
 *   29. true incomes of the year are fixed; entries and relapses counted;
 *       the ledger posts and overdrafts are covered again
 */
import { Model } from './core/model.ts';
import { Draws } from './core/rng.ts';
import { compileYearValues } from './core/year-values.ts';
import type { Scenario } from './scenario/schema.ts';
import { synthesise } from './agents/population.ts';
import { firmsEnterAndHire, firmsMonth, firmsYearEnd } from './agents/enterprise.ts';
import { socialOrgsYear, socialOrgsMonth } from './agents/social-organisation.ts';
import { elitesOrganise } from './agents/elite.ts';
import { householdsMonth, householdsYearStart, householdsYearEnd } from './agents/household.ts';
import { effectiveParams } from './mechanisms/levers.ts';
import { chooseProducts, updatePrices } from './mechanisms/markets.ts';
import { appropriate, coverOverdrafts } from './mechanisms/budget.ts';
import { applyAssistance } from './mechanisms/assistance.ts';
import { spreadInformation } from './mechanisms/information.ts';
import { updateTrust } from './mechanisms/trust.ts';
import { updateAspiration } from './mechanisms/aspiration.ts';
import { assessExits } from './mechanisms/assessment.ts';
import { identify, observeIncomes, recheck } from './mechanisms/identification.ts';
import { allocateAndPlan, deliverCapitalProgrammes, handOverToOrganisations, payCashProgrammes } from './mechanisms/matching.ts';
import { publicWorks } from './mechanisms/public-works.ts';
import { originateLoans, settleLoans } from './mechanisms/credit.ts';
import { meansTestGuarantee, payGuarantee } from './mechanisms/guarantee.ts';
import { migrate } from './mechanisms/migration.ts';
import { applyEvents, villageDisasters } from './mechanisms/shocks.ts';

/** A new model of replicate `replicate`, its clock at January of the warm-up year. */
export function createModel(s: Scenario, seed: number, replicate: number): Model {
  const rng = new Draws(seed, replicate);
  const valuesFor = compileYearValues(s);
  const year = s.time.start_year - 1;
  const eff = effectiveParams(s, valuesFor(year));
  const population = synthesise(s, rng, valuesFor(year).subsistence);
  return new Model(s, replicate, { rng, valuesFor, population, year, eff });
}

/** One step of a round: its number in the list above (and ODD §3), its name, what it does. */
export interface Step {
  readonly n: number;
  readonly name: string;
  readonly run: (m: Model) => void;
  /** Runs in the warm-up year too (the economy and standing systems); else only in reported years. */
  readonly warmUp: boolean;
}

/** Step 1: programmes on from start_year; this year's series, pressure and lever effects; the year's counts reset. */
export function beginYear(m: Model): void {
  m.programmesActive = m.reporting;
  m.now = m.valuesFor(m.year);
  m.eff = effectiveParams(m.s, m.now, m.assistanceWithdrawn);
  m.stats.reset();
}

/** Steps 2-18: the yearly round in January, after step 1. */
export const YEAR_ROUND: readonly Step[] = [
  { n: 2, name: 'chooseProducts', run: chooseProducts, warmUp: false },
  { n: 2, name: 'updatePrices', run: updatePrices, warmUp: true },
  { n: 3, name: 'applyAssistance', run: applyAssistance, warmUp: false },
  { n: 4, name: 'appropriate', run: appropriate, warmUp: false },
  { n: 5, name: 'spreadInformation', run: spreadInformation, warmUp: false },
  { n: 6, name: 'updateTrust', run: updateTrust, warmUp: false },
  { n: 7, name: 'updateAspiration', run: updateAspiration, warmUp: false },
  { n: 8, name: 'observeIncomes', run: observeIncomes, warmUp: true },
  { n: 9, name: 'householdsYearStart', run: householdsYearStart, warmUp: true },
  { n: 10, name: 'assessExits', run: assessExits, warmUp: false },
  { n: 10, name: 'recheck', run: recheck, warmUp: false }, // re-check years only
  { n: 11, name: 'identify', run: identify, warmUp: false },
  { n: 12, name: 'allocateAndPlan', run: allocateAndPlan, warmUp: false },
  { n: 12, name: 'publicWorks', run: publicWorks, warmUp: false }, // after the programmes are filled
  { n: 13, name: 'meansTestGuarantee', run: meansTestGuarantee, warmUp: false }, // needs an observed income
  { n: 14, name: 'firmsEnterAndHire', run: firmsEnterAndHire, warmUp: false },
  { n: 15, name: 'socialOrgsYear', run: socialOrgsYear, warmUp: false },
  { n: 15, name: 'handOverToOrganisations', run: handOverToOrganisations, warmUp: false }, // displacement
  { n: 16, name: 'elitesOrganise', run: elitesOrganise, warmUp: false },
  { n: 17, name: 'originateLoans', run: originateLoans, warmUp: false },
  { n: 18, name: 'migrate', run: migrate, warmUp: true },
];

/** Steps 19-26: every month (each mechanism decides itself whether it acts in the warm-up year). */
export const MONTH: readonly Step[] = [
  { n: 19, name: 'applyEvents', run: applyEvents, warmUp: true },
  { n: 20, name: 'villageDisasters', run: villageDisasters, warmUp: true },
  { n: 21, name: 'householdsMonth', run: householdsMonth, warmUp: true },
  { n: 22, name: 'firmsMonth', run: firmsMonth, warmUp: true },
  { n: 23, name: 'payCashProgrammes', run: payCashProgrammes, warmUp: true },
  { n: 23, name: 'payGuarantee', run: payGuarantee, warmUp: true },
  { n: 24, name: 'socialOrgsMonth', run: socialOrgsMonth, warmUp: true },
  { n: 25, name: 'deliverCapitalProgrammes', run: deliverCapitalProgrammes, warmUp: true },
  { n: 26, name: 'postMonth', run: postAndCover, warmUp: true },
];

/** Steps 27-29: the closing round in December, after the month's steps. */
export const YEAR_END: readonly Step[] = [
  { n: 27, name: 'settleLoans', run: settleLoans, warmUp: true },
  { n: 28, name: 'firmsYearEnd', run: firmsYearEnd, warmUp: true },
  { n: 29, name: 'householdsYearEnd', run: householdsYearEnd, warmUp: true },
  { n: 29, name: 'postYear', run: postAndCover, warmUp: true },
];

/** The ledger posts; government overdrafts are covered by a declared supplementary appropriation. */
function postAndCover(m: Model): void {
  m.ledger.post();
  coverOverdrafts(m);
}

/** One month. */
export function step(m: Model): void {
  if (m.month === 0) {
    beginYear(m); // 1
    const active = m.programmesActive;
    for (const st of YEAR_ROUND) if (active || st.warmUp) st.run(m);
  }
  for (const st of MONTH) st.run(m);
  if (m.month === 11) for (const st of YEAR_END) st.run(m);
  m.month++;
  if (m.month === 12) {
    m.month = 0;
    m.year++;
  }
}
