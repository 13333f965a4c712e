/**
 * Data collection, outside the model: at the end of each simulated year the
 * collector reads the model's state and the ledger's year and returns one
 * row of the trajectory. Every figure is weighted (households by weight,
 * people by weight x size). The columns are those of the metric catalogue
 * (catalogue.ts), the output contract of trajectory.csv.
 */
import { C, NONE, T } from '../core/domain.ts';
import { NTRUST, NPROG, FROM_Q } from '../core/households.ts';
import { A } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import { fgtAll, headcountHouseholds } from './poverty.ts';
import { countyBooks } from '../core/world.ts';
import { giniPeople } from './inequality.ts';
import type { MetricName } from './catalogue.ts';

export type TrajectoryRow = Record<MetricName, string | number>;

/** Collects rows for one replicate; remembers the starting poor population for cost per person lifted. */
export class Collector {
  private readonly fgt = new Float64Array(3);
  private readonly sums = new Float64Array(NSUMS);
  private readonly trust = new Float64Array(NTRUST);
  private poorPeopleStart = 0;
  private publicSpentTotal = 0;

  constructor(
    private readonly scenario: string,
    private readonly replicate: number,
  ) {}

  /** Poor people before any programme: call at the end of the warm-up year. */
  setBaseline(m: Model): void {
    const hh = m.hh;
    let poor = 0;
    for (let i = 0; i < hh.n; i++) if (hh.income[i]! < m.now.line) poor += hh.weight[i]! * hh.size[i]!;
    this.poorPeopleStart = poor;
  }

  /**
   * The row of the year just simulated. Call after its December step: the
   * clock (m.year) has already moved on, the year's values (m.now) have not.
   */
  collect(m: Model): TrajectoryRow {
    const hh = m.hh;
    const n = hh.n;
    const line = m.now.line;
    fgtAll(hh.income, hh.weight, hh.size, line, this.fgt, n);
    const sums = this.sums;
    const trust = this.trust;
    sumHouseholds(m, line, sums, trust);
    const W = sums[S.W]!;
    const people = sums[S.people]!;
    const poorPeople = sums[S.poorPeople]!;
    const reg = sums[S.reg]!;
    const regPeople = sums[S.regPeople]!;
    const regNonPoor = sums[S.regNonPoor]!;
    const poorW = sums[S.poorW]!;
    const poorUnreg = sums[S.poorUnreg]!;
    const farm = sums[S.farm]!;
    const wage = sums[S.wage]!;
    const transfer = sums[S.transfer]!;
    const property = sums[S.property]!;
    const medical = sums[S.medical]!;
    const school = sums[S.school]!;
    const awareness = sums[S.awareness]!;
    const aspiration = sums[S.aspiration]!;
    const skill = sums[S.skill]!;
    const jobs = sums[S.jobs]!;
    const coop = sums[S.coop]!;
    const migrants = sums[S.migrants]!;
    const regLoan = sums[S.regLoan]!;
    const regIll = sums[S.regIll]!;
    const st = m.stats;
    this.publicSpentTotal += st.publicSpent;
    const L = m.ledger;
    const publicIn =
      L.yearFrom(A.central_budget) + L.yearFrom(A.provincial_budget) + L.yearFrom(A.county_budget) + L.yearFrom(A.external_assistance) + L.yearFrom(A.supplementary_budget);
    const leaked = L.yearInto(A.leakage);
    const fragmented = L.yearInto(A.fragmentation);
    const captured = L.yearInto(A.elite_capture);
    const coordination = L.yearInto(A.coordination);
    const mismatched = L.yearInto(A.mismatch);
    const lifted = this.poorPeopleStart - poorPeople;
    const firms = m.firms.filter((f) => f.active).length;
    let policyTrust = 0;
    let donorTrust = 0;
    for (const c of m.counties) {
      policyTrust += c.policyTrust * c.weight;
      donorTrust += c.donorTrust * c.weight;
    }
    const perPerson = (x: number) => (people > 0 ? x / people : 0);
    const perHousehold = (x: number) => (W > 0 ? x / W : 0);
    return {
      scenario: this.scenario,
      replicate: this.replicate,
      year: m.now.year,
      poverty_line: line,
      households: W,
      people,
      headcount_ratio: this.fgt[0]!,
      headcount_ratio_households: headcountHouseholds(hh.income, hh.weight, line, n),
      poverty_gap: this.fgt[1]!,
      squared_gap: this.fgt[2]!,
      gini: giniPeople(hh.income, hh.weight, hh.size, n),
      poor_people: poorPeople,
      registered_poor: reg,
      registered_people: regPeople,
      registered_ratio: people > 0 ? regPeople / people : 0,
      registered_nonpoor_share: reg > 0 ? regNonPoor / reg : 0,
      poor_unregistered_share: poorW > 0 ? poorUnreg / poorW : 0,
      inclusion_error_at_registration: st.decidedRegistered > 0 ? st.decidedRegisteredNonPoor / st.decidedRegistered : 0,
      exclusion_error_at_registration: st.decidedPoor > 0 ? st.decidedPoorLeftOut / st.decidedPoor : 0,
      exits: st.exits,
      exits_people: st.exitsPeople,
      false_exits: st.falseExits,
      reversed_exits: st.reversedExits,
      relapses: st.relapses,
      entries: st.entries,
      registered_new: st.registeredNew,
      registered_new_people: st.registeredNewPeople,
      recheck_added: st.recheckAdded,
      recheck_added_people: st.recheckAddedPeople,
      recheck_removed: st.recheckRemoved,
      recheck_removed_people: st.recheckRemovedPeople,
      guarantee_recipients: st.guaranteeRecipientsPeople,
      guarantee_households: st.guaranteeRecipients,
      guarantee_inclusion_error: st.guaranteeRecipients > 0 ? st.guaranteeIncluded / st.guaranteeRecipients : 0,
      guarantee_exclusion_error: st.guaranteeEligible > 0 ? st.guaranteeExcluded / st.guaranteeEligible : 0,
      income_mean: perPerson(farm + wage + transfer + property - (m.s.subtract_medical_costs ? medical + school : 0)),
      income_farm: perPerson(farm),
      income_wage: perPerson(wage),
      income_transfer: perPerson(transfer),
      income_property: perPerson(property),
      medical_costs: perPerson(medical),
      education_costs: perPerson(school),
      trust_household_government: perHousehold(trust[T.government]!),
      trust_household_enterprise: perHousehold(trust[T.enterprise]!),
      trust_household_social: perHousehold(trust[T.social]!),
      trust_household_elite: perHousehold(trust[T.elite]!),
      trust_enterprise_policy: perHousehold(policyTrust),
      trust_donor_social: perHousehold(donorTrust),
      awareness_mean: perHousehold(awareness),
      aspiration_mean: perHousehold(aspiration),
      skill_mean: perHousehold(skill),
      enterprises_active: firms,
      firm_entries: st.firmEntries,
      firm_exits: st.firmExits,
      enterprise_jobs: jobs,
      coop_members: coop,
      migrants,
      loans_issued: st.loansIssued,
      loan_defaults: st.loanDefaults,
      microcredit_uptake: reg > 0 ? regLoan / reg : 0,
      relocations: st.relocations,
      trained: st.trained,
      social_org_served: st.soServed,
      social_org_handed_over: st.handedOver,
      illness_episodes: st.illnessEpisodes,
      disaster_villages: st.disasterVillages,
      illness_cause_share: reg > 0 ? regIll / reg : 0,
      plan_match_rate: st.planTotal > 0 ? st.planMatched / st.planTotal : 0,
      funds_public: publicIn,
      funds_guarantee: L.yearFrom(A.guarantee_budget),
      funds_delivered: deliveredFromCounty(m),
      funds_leaked: leaked,
      funds_fragmented: fragmented,
      funds_captured: captured,
      funds_coordination: coordination,
      funds_mismatched: mismatched,
      funds_held_county: m.counties.reduce((a, c) => a + countyBooks(c), 0),
      funds_idle: m.counties.reduce((a, c) => a + Math.max(0, c.pool), 0), // the water-filling can leave -1e-7 yuan
      funds_public_works: st.publicWorks,
      funds_returned: L.yearInto(A.recovered),
      leakage_rate: publicIn > 0 ? leaked / publicIn : '', // undefined without public money: an empty cell, not 0
      cost_per_person_lifted: lifted > 0 ? this.publicSpentTotal / lifted : '', // undefined when nobody was lifted
    };
  }
}

/** Slots of the household sums in the array sumHouseholds fills. */
const S = { W: 0, people: 1, poorPeople: 2, reg: 3, regPeople: 4, regNonPoor: 5, poorW: 6, poorUnreg: 7, farm: 8, wage: 9, transfer: 10, property: 11, medical: 12, school: 13, awareness: 14, aspiration: 15, skill: 16, jobs: 17, coop: 18, migrants: 19, regLoan: 20, regIll: 21 } as const;
const NSUMS = 22;

/**
 * The weighted household sums of the year, into `out` (slots S) and `trust`.
 * A function that ends with its loop: called once a year, V8 compiles the loop
 * on the stack (OSR), and code after it that had never run would deoptimise
 * the whole collector every year.
 */
function sumHouseholds(m: Model, line: number, out: Float64Array, trust: Float64Array): void {
  const hh = m.hh;
  const n = hh.n;
  trust.fill(0);
  let W = 0;
  let people = 0;
  let poorPeople = 0;
  let reg = 0;
  let regPeople = 0;
  let regNonPoor = 0;
  let poorW = 0;
  let poorUnreg = 0;
  let farm = 0;
  let wage = 0;
  let transfer = 0;
  let property = 0;
  let medical = 0;
  let school = 0;
  let awareness = 0;
  let aspiration = 0;
  let skill = 0;
  let jobs = 0;
  let coop = 0;
  let migrants = 0;
  let regLoan = 0;
  let regIll = 0;
  // Columns and module constants in locals: V8 reloads a property or an
  // imported binding at every use inside the loop.
  const { weight, size, income, registered, loan, recordedCause, incFarm, incWage, incTransfer, incProperty, costMedical, costEducation } = hh;
  const { aspiration: aspirationOf, skill: skillOf, employer, coop: coopOf, migrant } = hh;
  const trustOf = hh.trust;
  const aw = hh.awareness;
  const nTrust = NTRUST;
  const nProg = NPROG;
  const fromQ = FROM_Q;
  const illness = C.illness;
  const none = NONE;
  for (let i = 0; i < n; i++) {
    const w = weight[i]!;
    const pw = w * size[i]!;
    const poor = income[i]! < line;
    W += w;
    people += pw;
    if (poor) {
      poorPeople += pw;
      poorW += w;
      if (registered[i] !== 1) poorUnreg += w;
    }
    if (registered[i] === 1) {
      reg += w;
      regPeople += pw;
      if (!poor) regNonPoor += w;
      if (loan[i]! > 0) regLoan += w;
      if (recordedCause[i] === illness) regIll += w; // as the registry records it
    }
    farm += w * incFarm[i]!;
    wage += w * incWage[i]!;
    transfer += w * incTransfer[i]!;
    property += w * incProperty[i]!;
    medical += w * costMedical[i]!;
    school += w * costEducation[i]!;
    for (let t = 0; t < nTrust; t++) trust[t]! += w * trustOf[i * nTrust + t]! * fromQ;
    let a = 0;
    for (let p = 0; p < nProg; p++) a += aw[i * nProg + p]! * fromQ;
    awareness += (w * a) / nProg;
    aspiration += w * aspirationOf[i]!;
    skill += w * skillOf[i]!;
    if (employer[i] !== none) jobs += w;
    if (coopOf[i] !== none) coop += w;
    if (migrant[i] === 1) migrants += w;
  }
  out[S.W] = W;
  out[S.people] = people;
  out[S.poorPeople] = poorPeople;
  out[S.reg] = reg;
  out[S.regPeople] = regPeople;
  out[S.regNonPoor] = regNonPoor;
  out[S.poorW] = poorW;
  out[S.poorUnreg] = poorUnreg;
  out[S.farm] = farm;
  out[S.wage] = wage;
  out[S.transfer] = transfer;
  out[S.property] = property;
  out[S.medical] = medical;
  out[S.school] = school;
  out[S.awareness] = awareness;
  out[S.aspiration] = aspiration;
  out[S.skill] = skill;
  out[S.jobs] = jobs;
  out[S.coop] = coop;
  out[S.migrants] = migrants;
  out[S.regLoan] = regLoan;
  out[S.regIll] = regIll;
}

/** Public money that reached households, services for them, linked firms or the lender this year. */
function deliveredFromCounty(m: Model): number {
  const L = m.ledger;
  let total = 0;
  for (const to of [A.household, A.services, A.enterprise, A.lender]) {
    total += L.yearFlow(A.county, to);
  }
  return total;
}
