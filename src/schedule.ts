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
 * first-year incomes: its yearly round runs steps 1, 2 (prices only), 8, 9,
 * 13 (the minimum living guarantee, a standing system) and 18; every monthly
 * and December step runs.
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
 *   15. social organisations raise donations and serve households
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
import { makeStreams } from './core/rng.ts';
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
import { allocateAndPlan, deliverCapitalProgrammes, payCashProgrammes } from './mechanisms/matching.ts';
import { publicWorks } from './mechanisms/public-works.ts';
import { originateLoans, settleLoans } from './mechanisms/credit.ts';
import { meansTestGuarantee, payGuarantee } from './mechanisms/guarantee.ts';
import { migrate } from './mechanisms/migration.ts';
import { applyEvents, villageDisasters } from './mechanisms/shocks.ts';

/** A new model of replicate `replicate`, its clock at January of the warm-up year. */
export function createModel(s: Scenario, seed: number, replicate: number): Model {
  const rng = makeStreams(seed, replicate);
  const valuesFor = compileYearValues(s);
  const year = s.time.start_year - 1;
  const eff = effectiveParams(s, valuesFor(year));
  const population = synthesise(s, rng.population, valuesFor(year).subsistence);
  return new Model(s, replicate, { rng, valuesFor, population, year, eff });
}

/** One month. */
export function step(m: Model): void {
  if (m.month === 0) yearStart(m);
  applyEvents(m); // 19
  villageDisasters(m); // 20
  householdsMonth(m); // 21
  firmsMonth(m); // 22
  payCashProgrammes(m); // 23
  payGuarantee(m);
  socialOrgsMonth(m); // 24
  deliverCapitalProgrammes(m); // 25
  m.ledger.post(); // 26
  coverOverdrafts(m);
  if (m.month === 11) yearEnd(m);
  m.month++;
  if (m.month === 12) {
    m.month = 0;
    m.year++;
  }
}

/** The yearly round (steps 1-18); in the warm-up year only the economy and the guarantee run. */
function yearStart(m: Model): void {
  m.programmesActive = m.reporting; // 1
  const active = m.programmesActive;
  m.now = m.valuesFor(m.year);
  m.eff = effectiveParams(m.s, m.now, m.assistanceWithdrawn);
  m.stats.reset();
  if (active) chooseProducts(m); // 2
  updatePrices(m);
  if (active) {
    applyAssistance(m); // 3
    appropriate(m); // 4
    spreadInformation(m); // 5
    updateTrust(m); // 6
    updateAspiration(m); // 7
  }
  observeIncomes(m); // 8
  householdsYearStart(m); // 9
  if (active) {
    assessExits(m); // 10
    recheck(m); // 10 (re-check years only)
    identify(m); // 11
    allocateAndPlan(m); // 12
    publicWorks(m); // 12 (after the programmes are filled)
  }
  meansTestGuarantee(m); // 13
  if (active) {
    firmsEnterAndHire(m); // 14
    socialOrgsYear(m); // 15
    elitesOrganise(m); // 16
    originateLoans(m); // 17
  }
  migrate(m); // 18
}

/** The closing round (steps 27-29). */
function yearEnd(m: Model): void {
  settleLoans(m); // 27
  firmsYearEnd(m); // 28
  householdsYearEnd(m); // 29
  m.ledger.post();
  coverOverdrafts(m);
}
