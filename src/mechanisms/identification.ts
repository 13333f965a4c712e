/**
 * Mechanism 2 (precise identification): the registry sees a noisy version of
 * each household's income of the last year. Noise falls with the platform
 * (technology), with cadres' visits and with social organisations' reports of
 * real needs. A household observed below the line is registered; where
 * transparency is low, elites get their kin registered too. Inclusion and
 * exclusion errors are not set anywhere: they come out of the noise.
 */
import { C, CHRONIC, NONE, SERIOUS } from '../core/domain.ts';
import { observedIncome } from '../core/observe.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';

/** Registry noise (log-sd) in village v this year. */
export function observationNoise(m: Model, v: number, recheck: boolean): number {
  const inf = m.s.information;
  let sd = m.eff.registry_noise * (1 - inf.cadre_noise_reduction * m.villages.contact[v]!);
  // Needs reports pass between actors: the share coordination_loss is lost on the way (003 V.C).
  if (m.socialOrgsActive) sd *= 1 - inf.social_report_noise_reduction * (1 - m.eff.coordination_loss);
  return recheck ? sd * m.s.identification.recheck_noise_factor : sd;
}

/**
 * Observe every household's last-year income (one draw each from the
 * observation stream; the guarantee the registry paid itself is seen exactly) and work out its true dominant cause of poverty from
 * last year's circumstances. Runs before the year's flows are reset.
 */
export function observeIncomes(m: Model): void {
  const hh = m.hh;
  const rng = m.rng;
  const t = m.yearTick;
  const recheck = m.s.identification.recheck_years.includes(m.year);
  const vil = m.villages;
  const { income, observed, trueCause, land, labour, health, productivity, costMedical, disabled, skill, harshness, costEducation, dibaoLast } = hh;
  const now = m.now;
  const casual = now.casualWage;
  const causeLimit = 2 * now.line;
  const ident = m.s.identification;
  const fundsWeight = ident.cause_funds_weight;
  const skillThreshold = ident.cause_skill_threshold;
  const skillWeight = ident.cause_skill_weight;
  // Workers an illness keeps from work: the health mechanism's own figures (household.ts).
  const lostChronic = m.s.health.labour_loss_chronic;
  const lostSerious = m.s.health.labour_loss_serious;
  const observationRow = rng.row(SITE.registryObservation, t);
  const { registered, eliteKin } = hh;
  // Module constants in locals: V8 reloads an imported binding at every use.
  const serious = SERIOUS;
  const chronic = CHRONIC;
  const { lack_funds: lackFunds, illness, disability, lack_labour: lackLabour, lack_skills: lackSkills, harsh_location: harshLocation, disaster: disasterCause, education_costs: educationCosts } = C;
  for (let v = 0; v < vil.n; v++) {
    const sd = observationNoise(m, v, recheck);
    const half = (sd * sd) / 2;
    const disaster = vil.disasterLoss[v]!;
    for (let i = vil.start[v]!; i < vil.end[v]!; i++) {
      const z = rng.normalAt(observationRow, i);
      // The registry knows what it paid as the minimum living guarantee; the noise is on the rest.
      const paid = dibaoLast[i]!;
      const y = income[i]! - paid;
      const seen = observedIncome(y, sd, half, z) + paid;
      observed[i] = seen;
      // The cause only matters for households that are or may become
      // registered (or that a social organisation may serve): skip the rest.
      if (seen >= causeLimit && registered[i] === 0 && eliteKin[i] === 0) continue;
      // The cause that cost the household most income last year (estimated loss by cause).
      // A worker at home earns farm output and casual wages (W); illness, disability
      // and the lack of labour each cost workers, so they are valued alike in W.
      const farm = now.farmPerWorker * land[i]!;
      const worker = farm + casual;
      const lab = labour[i]!;
      const h = health[i]!;
      let best = lackFunds;
      let bestLoss = Math.max(0, 1 - land[i]! * (1 + productivity[i]!)) * (lab > 1 ? lab : 1) * farm * fundsWeight;
      const lost = h === serious ? lostSerious : h === chronic ? lostChronic : 0;
      let loss = costMedical[i]! + (lost < lab ? lost : lab) * worker;
      if (loss > bestLoss) (best = illness), (bestLoss = loss);
      loss = disabled[i]! * worker;
      if (loss > bestLoss) (best = disability), (bestLoss = loss);
      loss = lab === 0 ? worker : 0;
      if (loss > bestLoss) (best = lackLabour), (bestLoss = loss);
      loss = Math.max(0, skillThreshold - skill[i]!) * skillWeight * lab * worker;
      if (loss > bestLoss) (best = lackSkills), (bestLoss = loss);
      loss = harshness[i]! * lab * farm;
      if (loss > bestLoss) (best = harshLocation), (bestLoss = loss);
      loss = disaster * lab * farm;
      if (loss > bestLoss) (best = disasterCause), (bestLoss = loss);
      loss = costEducation[i]!;
      if (loss > bestLoss) best = educationCosts;
      trueCause[i] = best;
    }
  }
}

/**
 * Re-check years (2015-16 nationally, 004 3.2.1): every registered household
 * is observed with half the usual noise; after the exit assessment, those
 * still registered but observed above the line are removed as wrongly
 * registered (not counted as exits). Households on their way out (observed
 * above the exit bar, waiting for a sustained exit) are the exit
 * assessment's, not the re-check's.
 */
export function recheck(m: Model): void {
  if (!m.s.identification.recheck_years.includes(m.year)) return;
  const hh = m.hh;
  const line = m.now.line;
  const st = m.stats;
  for (let i = 0; i < hh.n; i++) {
    // Households whose exit verification just found poor stay registered.
    if (hh.registered[i] === 1 && hh.verifiedPoor[i] === 0 && hh.aboveBar[i] === 0 && hh.observed[i]! >= line) {
      hh.registered[i] = 0;
      hh.leftRegistry[i] = 2; // removed by the re-check; not registered again this January
      st.recheckRemoved += hh.weight[i]!;
      st.recheckRemovedPeople += hh.weight[i]! * hh.size[i]!;
    }
  }
}

/**
 * Register households observed poor (in ordinary years only a share of them:
 * dynamic adjustment) and, where transparency is low, elites' kin.
 */
export function identify(m: Model): void {
  const ident = m.s.identification;
  if (m.year < ident.first_year) return;
  const hh = m.hh;
  const vil = m.villages;
  const rng = m.rng;
  const t = m.yearTick;
  const line = m.now.line * (1 + ident.margin);
  const st = m.stats;
  const isRecheck = ident.recheck_years.includes(m.year);
  const fill = m.year === ident.first_year || isRecheck;
  const take = fill ? 1 : ident.dynamic_adjustment;
  const survey = m.valuesFor(m.year - 1).line; // the line of the year whose incomes the registry observes
  const registrationRow = rng.row(SITE.registration, t);
  for (const c of m.counties) {
    const threshold = ident.scale_control > 0 ? quotaThreshold(m, c.hhStart, c.hhEnd, ident.scale_control, fill ? Infinity : line, survey, false) : line;
    // In a re-check year, what the year's ordinary registration would have taken (below the
    // line, by dynamic adjustment, into the room exits left: the re-check's removals still
    // counted as registered); the rest is the re-check's.
    const ordinary = !isRecheck ? threshold : ident.scale_control > 0 ? quotaThreshold(m, c.hhStart, c.hhEnd, ident.scale_control, line, survey, true) : line;
    for (let v = c.villageStart; v < c.villageEnd; v++) {
      // Elites get kin onto the list when a registration round decides who is on it (the first
      // registration, the re-checks); in other years the registry only adds households it observes
      // poor, so a kin household that has exited is not slipped back in every January.
      const kinChance = fill ? ident.kin_capture * (1 - vil.transparency[v]!) * Math.min(1, vil.elites[v]! / 2) : 0;
      for (let i = vil.start[v]!; i < vil.end[v]!; i++) {
        if (hh.registered[i] === 1 || hh.leftRegistry[i] !== 0) continue;
        const u = rng.uAt(registrationRow, i);
        const kin = hh.eliteKin[i] === 1 && u < kinChance;
        if ((hh.observed[i]! < threshold && u < take) || kin) {
          hh.registered[i] = 1;
          hh.plan[i] = NONE;
          hh.aboveBar[i] = 0;
          const w = hh.weight[i]!;
          const people = w * hh.size[i]!;
          st.registeredNew += w;
          st.registeredNewPeople += people;
          // Kin captured in a re-check are not the re-check's finds (the record's additions are
          // poor households it found); they count in registered_new only.
          if (isRecheck && !kin && !(hh.observed[i]! < ordinary && u < ident.dynamic_adjustment)) {
            st.recheckAdded += w;
            st.recheckAddedPeople += people;
          }
        }
      }
    }
  }
  measureTargeting(m);
}

/**
 * Targeting errors at the moment the registry decides (January, after
 * identification): the income the decision was about is last year's true
 * income, against this year's line.
 */
function measureTargeting(m: Model): void {
  const hh = m.hh;
  const line = m.now.line;
  const st = m.stats;
  for (let i = 0; i < hh.n; i++) {
    const w = hh.weight[i]!;
    const poor = hh.income[i]! < line;
    if (hh.registered[i] === 1) {
      st.decidedRegistered += w;
      if (!poor) st.decidedRegisteredNonPoor += w;
    }
    if (poor) {
      st.decidedPoor += w;
      if (hh.registered[i] !== 1) st.decidedPoorLeftOut += w;
    }
  }
}

/**
 * Scale control: the observed income below which the county's unregistered
 * households are registered, so that registered people reach at most
 * `factor` times the poor people the statistical survey counts, and never
 * above `ceiling`. The survey is that of the incomes the registry observes:
 * last year's true incomes against last year's line (`surveyLine`), the same
 * rule in the first registration as later. `removedStay` counts the
 * households a re-check removed this January as still registered. Found by bisection over observed
 * incomes: no sorting, no allocation.
 */
function quotaThreshold(m: Model, start: number, end: number, factor: number, ceiling: number, surveyLine: number, removedStay: boolean): number {
  const hh = m.hh;
  const line = surveyLine;
  let poor = 0;
  let registered = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i++) {
    const people = hh.weight[i]! * hh.size[i]!;
    if (hh.income[i]! < line) poor += people;
    // Households on their way out (above the exit bar, waiting for a sustained exit) take no room.
    if (hh.registered[i] === 1) registered += hh.aboveBar[i] === 0 ? people : 0;
    else if (removedStay && hh.leftRegistry[i] === 2) registered += people;
    else if (hh.leftRegistry[i] === 0) {
      const y = hh.observed[i]!;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  const room = factor * poor - registered;
  if (room <= 0 || lo > hi) return -Infinity;
  const below = (t: number): number => {
    let sum = 0;
    for (let i = start; i < end; i++) {
      if (hh.registered[i] === 0 && hh.leftRegistry[i] === 0 && hh.observed[i]! < t) sum += hh.weight[i]! * hh.size[i]!;
    }
    return sum;
  };
  if (below(Math.min(ceiling, hi + 1)) <= room) return Math.min(ceiling, hi + 1);
  // Invariant: below(lo) <= room < below(hi + 1).
  hi += 1;
  for (let k = 0; k < 40 && hi - lo > 1; k++) {
    const mid = (lo + hi) / 2;
    if (below(mid) <= room) lo = mid;
    else hi = mid;
  }
  return Math.min(ceiling, lo);
}
