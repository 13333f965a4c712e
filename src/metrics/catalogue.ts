/**
 * The metric catalogue: every column of trajectory.csv, declared once, in
 * output order, with what it means. The column list, the headline metrics
 * summarised across replicates, the trust and income-by-source groups and the
 * charts' labels all derive from it; the collector (collect.ts) must write
 * exactly these columns (test/metrics/catalogue.test.ts checks both ways).
 *
 * Plain data on purpose: a data dictionary can be generated from `CATALOGUE`
 * without running anything.
 */

/**
 * What kind of quantity a column holds; it fixes the range (shares, indices
 * and trust lie in [0, 1]; the rest is >= 0 unless `signed`) and how charts
 * format it.
 */
export type MetricKind =
  | 'key' // identifies the row
  | 'share' // a proportion, 0–1
  | 'index' // a bounded index or mean score, 0–1
  | 'trust' // a mean trust level, 0–1
  | 'households' // weighted households (a stock or a yearly flow; see unit)
  | 'people' // weighted people
  | 'yuan_person' // yuan per person (or per person lifted)
  | 'yuan' // aggregate yuan in the year
  | 'count'; // anything else counted

/** Sections of the output contract (the groups of ODD §4.11). */
export type MetricGroup = 'key' | 'poverty' | 'registry' | 'income' | 'income_source' | 'trust' | 'attitudes' | 'actors' | 'shocks' | 'funds';

export interface MetricEntry {
  /** Column name in trajectory.csv. */
  readonly name: string;
  /** Short plain-language name (chart titles and legends). */
  readonly label: string;
  /** Unit of the stored value, in words. */
  readonly unit: string;
  readonly kind: MetricKind;
  readonly group: MetricGroup;
  /** One sentence: what the number is and how it is computed. */
  readonly definition: string;
  /** Summarised across replicates (summary.json, comparisons, default sweep metrics). */
  readonly headline?: boolean;
  /** May be negative (every other non-key figure is >= 0). */
  readonly signed?: boolean;
  /** When the value is undefined and the cell is left empty (a ratio whose denominator is 0); absent: always a number. */
  readonly emptyWhen?: string;
}

const ENTRIES = [
  // identity of the row
  { name: 'scenario', label: 'Scenario', unit: 'name', kind: 'key', group: 'key', definition: 'Name of the scenario the row belongs to.' },
  { name: 'replicate', label: 'Replicate', unit: 'index', kind: 'key', group: 'key', definition: 'Replicate number (0 to replicates - 1); its random streams derive from the seed and this number.' },
  { name: 'year', label: 'Year', unit: 'calendar year', kind: 'key', group: 'key', definition: 'The simulated year the row describes (read after its December step).' },
  { name: 'poverty_line', label: 'Poverty line', unit: 'yuan per person per year', kind: 'yuan_person', group: 'poverty', definition: "The year's poverty line against which true incomes are compared." },
  { name: 'households', label: 'Households', unit: 'households', kind: 'households', group: 'poverty', definition: 'Households represented by the sample (sum of household weights).' },
  { name: 'people', label: 'People', unit: 'people', kind: 'people', group: 'poverty', definition: 'People represented by the sample (sum of weight times household size).' },

  // poverty
  { name: 'headcount_ratio', label: 'Poverty incidence (people)', unit: 'share of people (0–1)', kind: 'share', group: 'poverty', headline: true, definition: 'Share of people whose household income per person is below the poverty line (FGT0).' },
  { name: 'headcount_ratio_households', label: 'Poverty incidence (households)', unit: 'share of households (0–1)', kind: 'share', group: 'poverty', headline: true, definition: 'Share of households whose income per person is below the poverty line.' },
  { name: 'poverty_gap', label: 'Poverty gap (FGT1)', unit: 'index (0–1)', kind: 'index', group: 'poverty', headline: true, definition: "Mean shortfall of people's income below the line, as a share of the line, counting the non-poor as zero (FGT1)." },
  { name: 'squared_gap', label: 'Poverty severity (FGT2)', unit: 'index (0–1)', kind: 'index', group: 'poverty', headline: true, definition: 'Mean squared shortfall below the line as a share of the line (FGT2), weighting the poorest most.' },
  { name: 'gini', label: 'Gini coefficient', unit: 'index (0–1)', kind: 'index', group: 'poverty', headline: true, definition: 'Gini coefficient of income per person across people, incomes clamped at 0.' },
  { name: 'poor_people', label: 'Poor people', unit: 'people', kind: 'people', group: 'poverty', definition: 'People in households whose income per person is below the poverty line.' },

  // registry
  { name: 'registered_poor', label: 'Registered poor households', unit: 'households', kind: 'households', group: 'registry', headline: true, definition: 'Households on the poverty register at year end.' },
  { name: 'registered_people', label: 'Registered poor people', unit: 'people', kind: 'people', group: 'registry', definition: 'Members of the households on the poverty register.' },
  { name: 'registered_ratio', label: 'Registered poverty incidence', unit: 'share of people (0–1)', kind: 'share', group: 'registry', definition: 'Registered people over all people: the administrative incidence that county reports give.' },
  { name: 'registered_nonpoor_share', label: 'Registered and not poor at year end', unit: 'share of registered households (0–1)', kind: 'share', group: 'registry', definition: "Share of households on the register at year end whose true income of the year is at or above the line, whether the registry erred or a programme lifted them (until issue 10 named inclusion_error)." },
  { name: 'poor_unregistered_share', label: 'Poor and not registered at year end', unit: 'share of poor households (0–1)', kind: 'share', group: 'registry', definition: 'Share of households poor by true income of the year that are not on the register at year end (until issue 10 named exclusion_error).' },
  { name: 'inclusion_error_at_registration', label: 'Inclusion error (when the registry decides)', unit: 'share of registered households (0–1)', kind: 'share', group: 'registry', headline: true, definition: "Share of households on the register right after January's identification whose true income of the year the registry observed (last year) was at or above this year's line." },
  { name: 'exclusion_error_at_registration', label: 'Exclusion error (when the registry decides)', unit: 'share of poor households (0–1)', kind: 'share', group: 'registry', headline: true, definition: "Share of households poor by last year's true income (against this year's line) left off the register right after January's identification." },
  { name: 'exits', label: 'Exits from the register', unit: 'households per year', kind: 'households', group: 'registry', headline: true, definition: 'Registered households declared out of poverty by the exit assessment this year.' },
  { name: 'exits_people', label: 'People exited', unit: 'people per year', kind: 'people', group: 'registry', definition: 'Members of the households that exited the register this year.' },
  { name: 'false_exits', label: 'False exits (exited while still poor)', unit: 'households per year', kind: 'households', group: 'registry', definition: 'Exits this year of households still poor by true income.' },
  { name: 'reversed_exits', label: 'Reversed exits', unit: 'households per year', kind: 'households', group: 'registry', definition: 'Exits proposed this year but reversed because verification found the household still poor.' },
  { name: 'relapses', label: 'Relapses (exited, then poor again)', unit: 'households per year', kind: 'households', group: 'registry', headline: true, definition: 'Households that exited earlier and are poor again this year, counted once per exit.' },
  { name: 'entries', label: 'Entries into poverty', unit: 'households per year', kind: 'households', group: 'registry', definition: 'Households newly poor this year that were not poor last year and never exited the register.' },
  { name: 'registered_new', label: 'Newly registered', unit: 'households per year', kind: 'households', group: 'registry', definition: 'Households added to the poverty register this year (re-check additions included).' },
  { name: 'registered_new_people', label: 'People newly registered', unit: 'people per year', kind: 'people', group: 'registry', definition: 'Members of the households added to the poverty register this year (re-check additions included).' },
  { name: 'recheck_added', label: 'Added by re-check', unit: 'households per year', kind: 'households', group: 'registry', definition: "Households a re-check year added beyond what the year's ordinary registration would have taken (within the quota and below the line, by dynamic adjustment); elite-kin captures are not counted." },
  { name: 'recheck_added_people', label: 'People added by re-check', unit: 'people per year', kind: 'people', group: 'registry', definition: 'Members of the households added by the re-check this year.' },
  { name: 'recheck_removed', label: 'Removed by re-check', unit: 'households per year', kind: 'households', group: 'registry', definition: 'Registered households removed in a re-check year as wrongly registered because they were observed at or above the line (until issue 10 named removed_by_recheck).' },
  { name: 'recheck_removed_people', label: 'People removed by re-check', unit: 'people per year', kind: 'people', group: 'registry', definition: 'Members of the households removed by the re-check this year.' },

  // the minimum living guarantee (civil affairs; guarantee.ts)
  { name: 'guarantee_recipients', label: 'Guarantee recipients', unit: 'people', kind: 'people', group: 'registry', definition: 'Members of the households enrolled in the minimum living guarantee this year (January means test and registry referrals).' },
  { name: 'guarantee_households', label: 'Guarantee households', unit: 'households', kind: 'households', group: 'registry', definition: 'Households enrolled in the minimum living guarantee this year.' },
  { name: 'guarantee_inclusion_error', label: 'Guarantee inclusion error', unit: 'share of recipient households (0–1)', kind: 'share', group: 'registry', definition: "Share of the guarantee's recipient households whose true own income (last year's income less last year's guarantee) was at or above the standard when enrolled." },
  { name: 'guarantee_exclusion_error', label: 'Guarantee exclusion error', unit: 'share of eligible households (0–1)', kind: 'share', group: 'registry', definition: 'Share of the households whose true own income was below the standard in January that the guarantee did not enrol.' },

  // income (per person)
  { name: 'income_mean', label: 'Mean income', unit: 'yuan per person per year', kind: 'yuan_person', group: 'income', headline: true, signed: true, definition: 'Mean income per person from all sources, net of medical and school costs when the scenario subtracts them.' },
  { name: 'income_farm', label: 'Farming', unit: 'yuan per person per year', kind: 'yuan_person', group: 'income_source', signed: true, definition: 'Mean income per person from farming, net of disaster losses, including returns on loans.' },
  { name: 'income_wage', label: 'Wages', unit: 'yuan per person per year', kind: 'yuan_person', group: 'income_source', definition: 'Mean income per person from wages (local casual work, enterprises and migrant work).' },
  { name: 'income_transfer', label: 'Transfers', unit: 'yuan per person per year', kind: 'yuan_person', group: 'income_source', definition: 'Mean income per person from transfers: programme cash from government and social organisations, farm insurance payouts, pensions and remittances.' },
  { name: 'income_property', label: 'Property and dividends', unit: 'yuan per person per year', kind: 'yuan_person', group: 'income_source', definition: 'Mean income per person from property and dividends.' },
  { name: 'medical_costs', label: 'Medical costs', unit: 'yuan per person per year', kind: 'yuan_person', group: 'income', definition: 'Mean medical costs per person paid by households.' },
  { name: 'education_costs', label: 'Education costs', unit: 'yuan per person per year', kind: 'yuan_person', group: 'income', definition: 'Mean school costs per person paid by households.' },

  // trust and attitudes
  { name: 'trust_household_government', label: 'Households → government', unit: 'mean trust (0–1)', kind: 'trust', group: 'trust', definition: "Households' mean trust in government." },
  { name: 'trust_household_enterprise', label: 'Households → enterprises', unit: 'mean trust (0–1)', kind: 'trust', group: 'trust', definition: "Households' mean trust in enterprises." },
  { name: 'trust_household_social', label: 'Households → social organisations', unit: 'mean trust (0–1)', kind: 'trust', group: 'trust', definition: "Households' mean trust in social organisations." },
  { name: 'trust_household_elite', label: 'Households → local elites', unit: 'mean trust (0–1)', kind: 'trust', group: 'trust', definition: "Households' mean trust in village elites." },
  { name: 'trust_enterprise_policy', label: 'Enterprises → policy', unit: 'mean trust (0–1)', kind: 'trust', group: 'trust', definition: "Enterprises' trust in the stability of policy, averaged over counties by their weight." },
  { name: 'trust_donor_social', label: 'Donors → social organisations', unit: 'mean trust (0–1)', kind: 'trust', group: 'trust', definition: "Donors' trust in the counties' social organisations, averaged over counties by their weight." },
  { name: 'awareness_mean', label: 'Programme awareness', unit: 'mean score (0–1)', kind: 'index', group: 'attitudes', definition: "Households' mean awareness of the programmes, averaged over programmes." },
  { name: 'aspiration_mean', label: 'Aspiration', unit: 'mean score (0–1)', kind: 'index', group: 'attitudes', definition: "Households' mean aspiration." },
  { name: 'skill_mean', label: 'Skill', unit: 'mean score (0–1)', kind: 'index', group: 'attitudes', definition: "Households' mean working skill." },

  // actors
  { name: 'enterprises_active', label: 'Active enterprises', unit: 'firms (simulated)', kind: 'count', group: 'actors', definition: 'Enterprises active at year end, counted as simulated (unweighted).' },
  { name: 'firm_entries', label: 'Enterprise entries', unit: 'firms per year (simulated)', kind: 'count', group: 'actors', definition: 'Enterprises that entered during the year, counted as simulated.' },
  { name: 'firm_exits', label: 'Enterprise exits', unit: 'firms per year (simulated)', kind: 'count', group: 'actors', definition: 'Enterprises that closed during the year, counted as simulated.' },
  { name: 'enterprise_jobs', label: 'Enterprise jobs', unit: 'households', kind: 'households', group: 'actors', definition: 'Households with a member employed by an enterprise.' },
  { name: 'coop_members', label: 'Co-operative members', unit: 'households', kind: 'households', group: 'actors', definition: 'Households that are members of a co-operative.' },
  { name: 'migrants', label: 'Migrant households', unit: 'households', kind: 'households', group: 'actors', definition: 'Households with a member working away as a migrant.' },
  { name: 'loans_issued', label: 'Loans issued', unit: 'households per year', kind: 'households', group: 'actors', definition: 'Households granted a microcredit loan this year.' },
  { name: 'loan_defaults', label: 'Loan defaults', unit: 'households per year', kind: 'households', group: 'actors', definition: 'Households that defaulted on a loan this year.' },
  { name: 'microcredit_uptake', label: 'Microcredit uptake', unit: 'share of registered households (0–1)', kind: 'share', group: 'actors', definition: 'Share of registered households holding a loan at year end.' },
  { name: 'relocations', label: 'Relocations', unit: 'households per year', kind: 'households', group: 'actors', definition: 'Households relocated by the relocation programme this year.' },
  { name: 'trained', label: 'Trained', unit: 'households per year', kind: 'households', group: 'actors', definition: 'Households trained by the government training programme this year.' },
  { name: 'social_org_served', label: 'Served by social organisations', unit: 'households per year', kind: 'households', group: 'actors', definition: 'Households served by social organisations this year.' },
  { name: 'social_org_handed_over', label: 'Handed over to social organisations', unit: 'households per year', kind: 'households', group: 'actors', definition: 'Households with a county plan that a social organisation took on this year (duplication), whose county help was then withdrawn for the year (displacement, docs/ODD.md 7.13).' },

  // shocks
  { name: 'illness_episodes', label: 'Illness episodes', unit: 'households per year', kind: 'households', group: 'shocks', definition: 'Onsets of a serious illness this year.' },
  { name: 'disaster_villages', label: 'Villages hit by disasters', unit: 'villages (simulated)', kind: 'count', group: 'shocks', definition: 'Simulated villages hit by a village or regional disaster at least once in the year (unweighted).' },
  { name: 'illness_cause_share', label: 'Illness as recorded cause', unit: 'share of registered households (0–1)', kind: 'share', group: 'registry', definition: "Share of registered households whose cause of poverty, as the registry records it, is illness." },
  { name: 'plan_match_rate', label: 'Plan match rate', unit: 'share of planned households (0–1)', kind: 'share', group: 'registry', definition: "Share of this year's household plans whose programme fits the household's true cause best." },

  // funds (yuan in the year)
  { name: 'funds_public', label: 'Public funds', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: 'Money issued by the central, provincial and county budgets, external assistance and the supplementary budget.' },
  { name: 'funds_guarantee', label: 'Minimum living guarantee', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: 'The minimum living guarantee civil affairs paid to households this year (an entitlement from guarantee_budget, not part of public poverty funds).' },
  { name: 'funds_delivered', label: 'Delivered', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: 'Money paid by the counties to households, services for them, linked enterprises and the lender.' },
  { name: 'funds_leaked', label: 'Leaked', unit: 'yuan per year', kind: 'yuan', group: 'funds', headline: true, definition: 'Public money lost to leakage on its way down the hierarchy.' },
  { name: 'funds_fragmented', label: 'Fragmented (idle)', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: 'Public money left idle by fragmentation across programme funds.' },
  { name: 'funds_captured', label: 'Captured by elites', unit: 'yuan per year', kind: 'yuan', group: 'funds', headline: true, definition: 'Money captured by village elites, including co-operative capture.' },
  { name: 'funds_coordination', label: 'Lost to coordination', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: 'Money lost to coordination between actors (subsidies to linked enterprises, donations to social organisations).' },
  { name: 'funds_mismatched', label: 'Mismatched', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: "Programme money wasted because the programme does not fit the household's need." },
  { name: 'funds_held_county', label: 'Held by counties', unit: 'yuan (stock at year end)', kind: 'yuan', group: 'funds', definition: "The counties' books (pools, programme funds and subsidy pots) at year end, idle funds included." },
  { name: 'funds_idle', label: 'Idle funds', unit: 'yuan (stock at year end)', kind: 'yuan', group: 'funds', definition: "The counties' unallocated pools at year end: money placed in no programme and not spent on public works (part of funds_held_county)." },
  { name: 'funds_public_works', label: 'Village public works', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: 'County money spent on village public works this year (roads, water, power, housing), including what village elites captured of it.' },
  { name: 'funds_returned', label: 'Idle funds returned', unit: 'yuan per year', kind: 'yuan', group: 'funds', definition: 'Idle county funds returned to the level above this year because they stayed unplaced for budget.idle_return_years years.' },
  { name: 'leakage_rate', label: 'Leakage rate', unit: 'share of public funds (0–1)', kind: 'share', group: 'funds', definition: 'Leaked money over public funds issued this year.', emptyWhen: 'no public money was issued this year' },
  { name: 'cost_per_person_lifted', label: 'Cost per person lifted', unit: 'yuan per person lifted', kind: 'yuan_person', group: 'funds', definition: 'Public spending towards households since the warm-up year over the fall in poor people since then.', emptyWhen: 'poor people have not fallen since the warm-up year' },
] as const satisfies readonly MetricEntry[];

/** A column of trajectory.csv. */
export type MetricName = (typeof ENTRIES)[number]['name'];

/** Every column of trajectory.csv, in output order. */
export const CATALOGUE: readonly (MetricEntry & { readonly name: MetricName })[] = ENTRIES;

const BY_NAME: ReadonlyMap<string, MetricEntry> = new Map(CATALOGUE.map((e) => [e.name, e]));

/** The catalogue entry of a column; undefined for anything else (e.g. an experiment's key column). */
export function metricEntry(name: string): MetricEntry | undefined {
  return BY_NAME.get(name);
}

const namesWhere = (keep: (e: MetricEntry) => boolean): MetricName[] => CATALOGUE.filter(keep).map((e) => e.name);

/** The columns of trajectory.csv, in output order. */
export const TRAJECTORY_COLUMNS: readonly MetricName[] = CATALOGUE.map((e) => e.name);

/** The metrics summarised across replicates (mean and 95% interval), in output order. */
export const HEADLINE: string[] = namesWhere((e) => e.headline === true);

/** Mean trust by actor pair (who trusts whom). */
export const TRUST_COLUMNS: readonly MetricName[] = namesWhere((e) => e.group === 'trust');

/** Mean income per person by source. */
export const INCOME_COLUMNS: readonly MetricName[] = namesWhere((e) => e.group === 'income_source');

/** The values a column can take: [0, 1] for shares, indices and trust, else >= 0 unless signed; undefined for keys. */
export function metricRange(e: MetricEntry): readonly [number, number] | undefined {
  if (e.kind === 'key') return undefined;
  if (e.kind === 'share' || e.kind === 'index' || e.kind === 'trust') return [0, 1];
  return e.signed ? [-Infinity, Infinity] : [0, Infinity];
}

/** One row of a data dictionary of trajectory.csv. */
export interface DictionaryRow {
  column: string;
  label: string;
  unit: string;
  range: string;
  headline: boolean;
  group: MetricGroup;
  definition: string;
}

/** The catalogue as plain rows for a data dictionary (e.g. a generated docs/data-dictionary.md). */
export function dataDictionary(): DictionaryRow[] {
  return CATALOGUE.map((e) => {
    const r = metricRange(e);
    const range = !r ? '' : r[1] === 1 ? '0–1' : r[0] === 0 ? '≥ 0' : 'any';
    return { column: e.name, label: e.label, unit: e.unit, range, headline: e.headline === true, group: e.group, definition: e.definition };
  });
}
