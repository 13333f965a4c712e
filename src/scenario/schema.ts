/**
 * The scenario schema: the ONE place where every model parameter is declared,
 * with its description, unit, range and default. Loading, `--set`, the
 * exported JSON Schema and the documentation all derive from it.
 *
 * Money is in yuan (current prices); time series may be a number, an
 * expression of `year`, or a table {year: value} (see expressions.ts).
 */
import { z } from 'zod';
import { bool, enumOf, num, section, share, str } from './fields.ts';
import { timeSeries } from './expressions.ts';
import { CAUSES, PROGRAMMES } from '../core/domain.ts';

/** A lever-moved mechanism parameter: its value at lever 0 and at lever 1 (linear in between). */
function leverRange(description: string, unit: string, at0: number, at1: number, min: number, max: number) {
  return section(description + ' Interpolated linearly between the lever at 0 and at 1.', {
    at0: num({ description: 'Value when the lever is 0.', unit, min, max, default: at0 }),
    at1: num({ description: 'Value when the lever is 1.', unit, min, max, default: at1 }),
  });
}

/** A lever: a share 0-1, or a time series of shares (a number is a constant series). */
function lever(description: string, def: number) {
  return timeSeries({ description, unit: 'share', min: 0, max: 1, default: def });
}

const levers = section(
  'The eight synergies of the Guizhou and Yunnan papers (000, 001), each 0-1, constant or a time series (e.g. the 2013-14 turn to targeted poverty alleviation: {2013: 0.3, 2015: 0.8}), evaluated each January. A lever never touches an outcome: it moves mechanism parameters only (see lever_effects and docs/ODD.md).',
  {
    strategic: lever('Strategic synergy: one goal shared top-down and left-right.', 0.5),
    organisational: lever('Organisational synergy: headquarters, working groups, clear responsibilities.', 0.5),
    policy: lever('Policy synergy: central policy adapted to local conditions ("classify the guidance").', 0.5),
    social: lever('Social synergy: enterprises, organisations and individuals take part.', 0.5),
    fund: lever('Fund synergy: pooled, supervised special funds and credit.', 0.5),
    technology: lever('Technology synergy: big-data registry, information platform, skills training.', 0.5),
    publicity: lever('Publicity synergy: campaigns, role models, mass meetings.', 0.5),
    assistance: lever('Assistance synergy: counterpart and east-west pairing, resident cadres.', 0.5),
  },
);

const lever_effects = section('What each lever moves, as the value of the mechanism parameter at lever 0 and at lever 1.', {
  // strategic
  targeting_share: leverRange('Share of a linked firm\'s jobs first offered to registered households (strategic).', 'share', 0.3, 0.85, 0, 1),
  allocation_noise: leverRange('Year-to-year random swing of programme allocations (strategic; unstable policy lowers enterprises\' trust).', 'share', 0.3, 0.05, 0, 1),
  // organisational
  duplication: leverRange('Probability that a non-government helper serves a household already served while others are missed; the county then withdraws its own help from that household for the year (displacement, docs/ODD.md 7.13) (organisational).', 'share', 0.45, 0.05, 0, 1),
  disbursement_delay: leverRange('Months from the start of the year before programme funds reach households (organisational).', 'months', 6, 1, 0, 11),
  coordination_loss: leverRange('Share lost to coordination and responsibility shifting wherever several actors touch the same fund or task (multi-centre, 003 V.B): of the industry subsidy to linked firms, of donations, of the government\'s supervision and the social watch where social organisations watch, and of the social organisations\' needs reports (organisational).', 'share', 0.25, 0.03, 0, 1),
  // policy
  match_accuracy: leverRange('Probability that a registered household\'s plan is chosen for its true cause of poverty rather than by default (policy).', 'share', 0.3, 0.9, 0, 1),
  needs_based_allocation: leverRange('Weight of registry needs (vs. fixed shares) in allocating funds across programmes (policy).', 'share', 0.1, 0.9, 0, 1),
  local_advantage: leverRange('Probability that a county picks its main product by local advantage rather than copying the most popular one (policy).', 'share', 0.1, 0.9, 0, 1),
  // social
  enterprise_hurdle: leverRange('Expected profit margin an enterprise needs before it enters a poor county (social).', 'share', 0.2, 0.06, 0, 1),
  csr_weight: leverRange('Weight enterprises give to social responsibility in the entry decision (social).', 'share', 0.0, 0.08, 0, 1),
  donation_base: leverRange('Donations social organisations can raise per represented household per year at full donor trust (social).', 'yuan/household/year', 10, 120, 0, 1e5),
  // fund
  fragmentation_loss: leverRange('Share of funds lost at each hierarchy level to fragmented, uncoordinated funds (fund).', 'share', 0.12, 0.02, 0, 1),
  fund_supervision: leverRange('Supervision of the use of special funds added by fund synergy (fund).', 'share', 0.0, 0.6, 0, 1),
  credit_supply: leverRange('Share of registered households the lender can serve with a microloan each year (fund).', 'share', 0.01, 0.3, 0, 1),
  // technology
  registry_noise: leverRange('Standard deviation of the log-error with which the registry observes income (technology).', 'log-sd', 0.6, 0.15, 0, 3),
  platform_transparency: leverRange('Village transparency added by the platform (public notice online), times platform access (technology).', 'share', 0.0, 0.3, 0, 1),
  platform_fidelity: leverRange('Fidelity of the direct information channel of the platform (technology).', 'share', 0.0, 0.9, 0, 1),
  training_gain: leverRange('Skill gained by one round of training (technology).', 'skill', 0.04, 0.18, 0, 1),
  // publicity
  publicity_reach: leverRange('Share of unaware households reached by campaigns each year (publicity).', 'share', 0.05, 0.5, 0, 1),
  publicity_aspiration: leverRange('Yearly rise of aspiration from campaigns and role models in the media (publicity).', 'aspiration/year', 0.0, 0.06, 0, 1),
  donor_trust_gain: leverRange('Yearly gain of donors\' trust in social organisations from publicity (publicity).', 'trust/year', 0.0, 0.1, 0, 1),
  // assistance
  external_funds: leverRange('Counterpart/east-west assistance funds as a share of the central budget (assistance).', 'share', 0.0, 0.3, 0, 5),
  extra_cadres: leverRange('Resident cadres (work teams, first secretaries) added per village (assistance).', 'cadres/village', 0, 3, 0, 50),
  labour_export: leverRange('Organised labour-export jobs per year as a share of poor working households (assistance).', 'share', 0.0, 0.15, 0, 1),
});

/** Default fixed allocation shares across programmes (normalised at run time). */
const ALLOCATION_DEFAULTS: Record<(typeof PROGRAMMES)[number], number> = {
  industry: 0.3, employment: 0.1, training: 0.08, credit: 0.07, relocation: 0.15,
  health: 0.1, social_security: 0.1, education: 0.05, ecological: 0.05,
};

/**
 * How much one yuan of a programme helps a household poor for each cause
 * (0 = not at all, 1 = fully). Policy synergy decides how often a plan hits the
 * right cell; the matrix says what a hit is worth. From the "five batches" and
 * "classify the guidance" of 004, section 2.3.
 */
const MATCH_DEFAULTS: Record<(typeof PROGRAMMES)[number], Record<(typeof CAUSES)[number], number>> = {
  industry:        { illness: 0.2, disability: 0.1, lack_skills: 0.5, lack_labour: 0.1, lack_funds: 1.0, harsh_location: 0.4, disaster: 0.6, education_costs: 0.5 },
  employment:      { illness: 0.2, disability: 0.2, lack_skills: 0.6, lack_labour: 0.0, lack_funds: 0.7, harsh_location: 0.7, disaster: 0.7, education_costs: 0.7 },
  training:        { illness: 0.1, disability: 0.3, lack_skills: 1.0, lack_labour: 0.0, lack_funds: 0.4, harsh_location: 0.5, disaster: 0.3, education_costs: 0.4 },
  credit:          { illness: 0.1, disability: 0.1, lack_skills: 0.3, lack_labour: 0.0, lack_funds: 1.0, harsh_location: 0.3, disaster: 0.7, education_costs: 0.4 },
  relocation:      { illness: 0.1, disability: 0.1, lack_skills: 0.1, lack_labour: 0.1, lack_funds: 0.2, harsh_location: 1.0, disaster: 0.6, education_costs: 0.1 },
  health:          { illness: 1.0, disability: 0.4, lack_skills: 0.0, lack_labour: 0.1, lack_funds: 0.0, harsh_location: 0.0, disaster: 0.0, education_costs: 0.0 },
  social_security: { illness: 0.6, disability: 1.0, lack_skills: 0.2, lack_labour: 1.0, lack_funds: 0.2, harsh_location: 0.2, disaster: 0.4, education_costs: 0.3 },
  education:       { illness: 0.0, disability: 0.1, lack_skills: 0.2, lack_labour: 0.0, lack_funds: 0.1, harsh_location: 0.0, disaster: 0.0, education_costs: 1.0 },
  ecological:      { illness: 0.2, disability: 0.3, lack_skills: 0.3, lack_labour: 0.4, lack_funds: 0.4, harsh_location: 0.6, disaster: 0.3, education_costs: 0.3 },
};

const matchRow = (p: (typeof PROGRAMMES)[number]) =>
  section(
    `Effectiveness of ${p} for a household poor for each cause.`,
    Object.fromEntries(CAUSES.map((c) => [c, share(`Effectiveness of ${p} for cause ${c}.`, MATCH_DEFAULTS[p][c])])) as Record<
      (typeof CAUSES)[number],
      ReturnType<typeof share>
    >,
  );

const ProductSchema = z.strictObject({
  name: str('Product name.', 'product'),
  price: num({ description: 'Price index of the product at reference supply (1 = staple grain).', unit: 'index', min: 0.01, max: 100, default: 1 }),
  yield: num({ description: 'Output value per worker relative to staple farming at price 1.', unit: 'ratio', min: 0, max: 100, default: 1 }),
  reference_supply: num({ description: 'Supply (counties\' worth of industry, incl. outside ones) at which the price equals `price`.', unit: 'counties', min: 0.01, max: 1e6, default: 2 }),
});

const EventSchema = z.strictObject({
  kind: enumOf(['epidemic', 'disaster', 'price_crash', 'assistance_withdrawal'] as const, 'Kind of timed event. A withdrawal of assistance takes effect from the next yearly round (January).', 'disaster'),
  year: num({ description: 'Year the event starts.', unit: 'year', min: 1900, max: 2200, int: true, default: 2015 }),
  month: num({ description: 'Month the event starts (1-12).', unit: 'month', min: 1, max: 12, int: true, default: 1 }),
  months: num({ description: 'Duration (epidemic, price crash).', unit: 'months', min: 1, max: 600, int: true, default: 12 }),
  severity: num({ description: 'Epidemic: multiplier of illness hazards; disaster: share of the remaining year\'s farm output lost; price crash: share of the price lost.', unit: 'factor', min: 0, max: 100, default: 0.5 }),
  share: share('Disaster: share of villages hit; epidemic: share of migrants who lose their jobs and come home.', 0.3),
  product: str('Price crash: product name (empty = every county\'s main product).', ''),
});

export const ScenarioSchema = z.strictObject({
  name: str('Scenario name; also the default output folder outputs/<name>/.', 'scenario'),
  description: str('What the scenario represents.', ''),
  seed: num({ description: 'Seed from which every random stream is derived (population, shocks, behaviour; per replicate).', unit: 'integer', min: 0, max: 2 ** 32 - 1, int: true, default: 42 }),
  replicates: num({ description: 'Number of replicates (independent draws of households and shocks).', unit: 'runs', min: 1, max: 10000, int: true, default: 5 }),
  time: section('Simulated period. One tick is a month; identification, allocation and assessment are yearly.', {
    start_year: num({ description: 'First simulated year.', unit: 'year', min: 1978, max: 2100, int: true, default: 2011 }),
    end_year: num({ description: 'Last simulated year (inclusive).', unit: 'year', min: 1978, max: 2100, int: true, default: 2020 }),
  }),
  population: section('The synthetic rural population: a weighted sample of households.', {
    households: num({ description: 'Simulated households (the sample). About 210 bytes each: 29.48 million (the 2014 registry\'s size) take about 6.5 GB.', unit: 'households', min: 10, max: 50_000_000, int: true, default: 20000 }),
    represented_households: num({ description: 'Rural households the sample stands for; each simulated household gets weight represented/households.', unit: 'households', min: 1, max: 1e9, default: 100000 }),
    counties: num({ description: 'Counties simulated (each with its government, enterprises, social organisations, main product).', unit: 'counties', min: 1, max: 5000, int: true, default: 1 }),
    villages_per_county: num({ description: 'Administrative villages per county.', unit: 'villages', min: 1, max: 10000, int: true, default: 300 }),
    household_size_mean: num({ description: 'Mean household size (people).', unit: 'people', min: 1, max: 10, default: 3.2 }),
    workers_per_household: num({ description: 'Mean working-age adults able to work per household.', unit: 'people', min: 0, max: 6, default: 1.9 }),
    no_labour_share: share('Share of households with no one able to work (elderly, lack of labour).', 0.04),
    disability_share: share('Share of households with a disabled member who cannot work.', 0.05),
    chronic_illness_share: share('Initial share of households with a chronically ill member.', 0.1),
    children_per_household: num({ description: 'Mean children in school per household.', unit: 'children', min: 0, max: 6, default: 0.8 }),
    composition: enumOf(['by_size', 'independent'] as const, 'How members are drawn. by_size: children and workers come out of the household\'s size (each member after the first is a child in school with probability children_per_household / (household_size_mean - 1); adults = size - children; each adult can work with probability workers_per_household / (household_size_mean - children_per_household), at least one); a household with no one able to work (no_labour_share) is an elderly household of at most two people with no children. Assumption (not from the sources): it keeps the schema\'s means and makes per-person income not fall with size by construction. independent: labour and children drawn regardless of size (the model before issue 10).', 'by_size'),
    skill_mean: share('Mean skill (0-1) of working adults.', 0.35),
    skill_sd: num({ description: 'Standard deviation of skill.', unit: 'skill', min: 0, max: 0.5, default: 0.15 }),
    aspiration_mean: share('Mean aspiration / endogenous motivation (0-1).', 0.45),
    aspiration_sd: num({ description: 'Standard deviation of aspiration.', unit: 'aspiration', min: 0, max: 0.5, default: 0.18 }),
    land_sd: num({ description: 'Log-sd of farm potential (land and its quality) across households.', unit: 'log-sd', min: 0, max: 3, default: 0.45 }),
    harsh_village_share: share('Share of villages in harsh locations (deep mountains, poor traffic).', 0.3),
    harshness_harsh: share('Farm output lost to a harsh location.', 0.45),
    harshness_other: share('Farm output lost in an ordinary location.', 0.05),
    ecological_village_share: share('Share of villages in ecological zones (eligible for ecological compensation jobs).', 0.25),
    elite_kin_share: share('Share of households connected to village elites (who may be registered by capture).', 0.06),
    savings_months: num({ description: 'Initial savings in months of subsistence (mean).', unit: 'months', min: 0, max: 120, default: 2 }),
    workers_sd: num({ description: 'Standard deviation of the draw of workers around workers_per_household, before rounding and clamping to 1..size. assumption (not from the sources).', unit: 'people', min: 0, max: 5, default: 0.8 }),
    savings_sd: num({ description: 'Log-sd of initial savings across households (mean-one lognormal factor). assumption (not from the sources).', unit: 'log-sd', min: 0, max: 3, default: 0.8 }),
    harshness_sd: num({ description: 'Standard deviation of a household\'s farm output lost to location around its village\'s harshness_harsh or harshness_other. assumption (not from the sources).', unit: 'share', min: 0, max: 0.5, default: 0.05 }),
  }),
  economy: section('The economy around the villages: incomes grow with it, not with any lever.', {
    farm_income_per_worker: timeSeries({ description: 'Staple farm output value per worker with skill 0.5 on average land, ordinary location.', unit: 'yuan/worker/year', min: 0, max: 1e7, default: '10500 * 1.04^(year - 2011)' }),
    casual_wage: timeSeries({ description: 'Local casual earnings of a worker not employed elsewhere, at skill 0.5.', unit: 'yuan/worker/year', min: 0, max: 1e7, default: '4000 * 1.06^(year - 2011)' }),
    migrant_wage: timeSeries({ description: 'Earnings of a migrant worker (one adult away).', unit: 'yuan/worker/year', min: 0, max: 1e7, default: '18000 * 1.07^(year - 2011)' }),
    enterprise_wage: timeSeries({ description: 'Wage a local enterprise pays a worker.', unit: 'yuan/worker/year', min: 0, max: 1e7, default: '14000 * 1.07^(year - 2011)' }),
    income_index: timeSeries({ description: 'Index of rural income growth (e.g. rural per-capita income, NBS, from ../shared/data/policy-inputs.csv with splice: 2013) that multiplies farm_income_per_worker, casual_wage, migrant_wage, enterprise_wage and other_income (pensions, remittances) each year. 1 = those series alone; with an index, hold them constant at their base-year values.', unit: 'ratio', min: 0, max: 1000, default: 1 }),
    farm_income_elasticity: num({ description: 'Growth incidence: farm output per worker follows income_index to this power, while wages, pensions and remittances follow it one for one. Below 1, farm incomes (most of the poor\'s) grow more slowly than rural incomes on average. The record gives rural income growth on average only: an assumption, for calibration (1 = no difference).', unit: 'ratio', min: 0, max: 2, default: 1 }),
    other_income: timeSeries({ description: 'Pensions, remittances and other private transfers per person (every household; from outside the model).', unit: 'yuan/person/year', min: 0, max: 1e7, default: '1000 * 1.08^(year - 2011)' }),
    migration_base: share('Yearly probability that an unemployed, skilled-enough worker finds migrant work on his own.', 0.05),
    migration_return: share('Yearly probability that a migrant returns home.', 0.15),
    migration_min_skill: share('Skill needed to migrate for work.', 0.3),
    subsistence: timeSeries({ description: 'Subsistence consumption per person.', unit: 'yuan/person/year', min: 0, max: 1e7, default: '1800 * 1.03^(year - 2011)' }),
    propensity_to_consume: share('Share of income above subsistence that is consumed.', 0.8),
    yield_luck_sd: num({ description: 'Log-sd of a household\'s yearly farm luck.', unit: 'log-sd', min: 0, max: 2, default: 0.25 }),
    skill_base: num({ description: 'Productivity form: farm output, casual earnings and a loan\'s return scale with (skill_base + skill), so 0.5 makes skill 0.5 the reference worker. assumption (not from the sources).', unit: 'skill', min: 0, max: 2, default: 0.5 }),
    migration_aspiration_factor: num({ description: 'Aspiration needed to migrate on one\'s own, as a multiple of aspiration.min_to_apply (leaving is easier than applying). assumption (not from the sources).', unit: 'ratio', min: 0, max: 2, default: 0.5 }),
  }),
  poverty_line: timeSeries({ description: 'Poverty line (2010 standard, current prices). 2010-2016 from ../shared/data (004, Chart 1); later years extrapolated at the 2011-2016 average growth of 3.1% a year (not from the sources).', unit: 'yuan/person/year', min: 1, max: 1e7, default: { '2010': 2300, '2011': 2536, '2012': 2625, '2013': 2736, '2014': 2800, '2015': 2855, '2016': 2952, '2017': 3044, '2018': 3138, '2019': 3236, '2020': 3336 } }),
  subtract_medical_costs: bool('Measure income net of out-of-pocket medical and education costs ("poor because of illness / schooling").', true),
  governance: section('Who takes part: the single-centre vs. multi-centre arrangement.', {
    arrangement: enumOf(['multi', 'single'] as const, 'multi: enterprises and social organisations co-deliver, report and supervise with government; single: government alone delivers all public money.', 'multi'),
    enterprises: bool('Enterprises exist in the counties (they take part in poverty alleviation only under the multi-centre arrangement).', true),
    social_organisations: bool('Social organisations exist (they take part only under the multi-centre arrangement).', true),
    elites: bool('Local elites act as role models, organisers, information relays (and capture where transparency is low).', true),
    coordination_delay: num({ description: 'Months added to the delivery of every programme\'s money for each non-government actor that co-delivers or watches public money (linked enterprises, social organisations: multi-centre only); rounded with `disbursement_delay` to whole months. The delay of several subjects coordinating (003 V.A paper forms and repeated sign-offs, V.B unclear boundaries). Assumption (not from the sources): half a month per extra actor; 0 = no coordination delay.', unit: 'months/actor', min: 0, max: 6, default: 0.5 }),
  }),
  levers,
  lever_effects,
  budget: section('Public money and how it comes down the hierarchy (mechanism 1).', {
    central: timeSeries({ description: 'Central special poverty funds for the represented population.', unit: 'yuan/year', min: 0, max: 1e13, default: '40e6 * 1.119^(year - 2011)' }),
    provincial_match: num({ description: 'Provincial funds added per yuan of central funds.', unit: 'ratio', min: 0, max: 10, default: 0.3 }),
    county_own: timeSeries({ description: 'County\'s own poverty funds.', unit: 'yuan/year', min: 0, max: 1e13, default: '5e6 * 1.1^(year - 2011)' }),
    allocation: section('Fixed shares of county funds by programme (normalised); policy synergy blends them with needs.', Object.fromEntries(PROGRAMMES.map((p) => [p, share(`Fixed allocation share of ${p}.`, ALLOCATION_DEFAULTS[p])])) as Record<(typeof PROGRAMMES)[number], ReturnType<typeof share>>),
    delegation: share('Authority delegated to counties: weight of county information (registry causes) over central earmarks in allocation.', 0.5),
    leakage_base: share('Share of funds lost to misuse at each level with no supervision at all.', 0.2),
    supervision: share('Government supervision strength (audits, discipline inspection).', 0.4),
    capture_base: share('Share of village-delivered benefits captured by elites when transparency is zero.', 0.25),
    transparency_base: share('Village transparency (public notice of beneficiaries and funds) without social watch or platform.', 0.3),
    social_watch: share('Transparency and supervision added by social organisations watching funds (multi-centre). Responsibility shifting: where they watch, the share `coordination_loss` of both the government\'s own supervision and the social watch is lost (003 V.B).', 0.3),
    idle_return_years: num({ description: 'Idle funds are returned to the level above once they have stayed unplaced in any programme or public work for this many budget years in a row (oldest money counts as spent first): the rule on idle special funds in force from 2015 (issue 10; idle special funds left two years are recovered). 0 = never: idle funds stay in the county pool for ever.', unit: 'years', min: 0, max: 10, int: true, default: 2 }),
    idle_return_from: num({ description: 'First year in which idle funds are returned under `idle_return_years` (the rule in force from 2015, issue 10).', unit: 'year', min: 1900, max: 2200, int: true, default: 2015 }),
  }),
  public_works: section('Village public works (roads, drinking water, power, housing; the "village-based" approach of 004 2.1.5 and the infrastructure drive of 004 4.1.4 and 4.2.2): each January, after the programmes are filled, the county spends part of its idle pool on village projects, in proportion to each village\'s registered households (every household where none is registered). What elites do not capture builds a village infrastructure stock that raises farm output and local casual earnings after a lag, with diminishing returns, and depreciates. See docs/ODD.md 7.1.', {
    spend_share: share('Share of the idle pool (what no programme could place this January) spent on village public works in the year. Assumption (not from the sources): half, as projects take a year to approve and build. 0 = no public works: idle funds stay in the pool.', 0.5),
    cost_per_unit: num({ description: 'Investment per household of a village that builds one unit of infrastructure stock (a unit gives 1 - 1/e, 63%, of the full effect). Assumption (not from the sources): of the order of a whole-village programme (roads, water, power) of a few million yuan for a village of about 300 households.', unit: 'yuan/household', min: 1, max: 1e7, default: 10000 }),
    farm_gain: num({ description: 'Rise of farm output (productivity, price received at the farm gate) at saturated infrastructure: the farm multiplier grows by farm_gain * (1 - exp(-stock)). Assumption (not from the sources). 0 = no effect on farm incomes.', unit: 'share', min: 0, max: 5, default: 0.15 }),
    wage_gain: num({ description: 'Rise of local casual earnings (market access: roads to town jobs and markets) at saturated infrastructure: casual earnings grow by wage_gain * (1 - exp(-stock)). Assumption (not from the sources). 0 = no effect on wages.', unit: 'share', min: 0, max: 5, default: 0.15 }),
    lag_years: num({ description: 'Years from spending to the infrastructure taking effect (construction). 1 = what is built this year raises incomes from next January.', unit: 'years', min: 0, max: 3, int: true, default: 1 }),
    depreciation: share('Yearly depreciation of the infrastructure stock. Assumption (not from the sources): a service life of about 20 years for village roads and water works.', 0.05),
  }),
  information: section('Information travels with loss (003, V.C) and the platform adds a direct channel.', {
    loss_per_level: share('Share of policy information lost at each of the three hops central-province-county-village.', 0.25),
    cadres_per_village: num({ description: 'Village cadres per village before any resident work team.', unit: 'cadres/village', min: 0, max: 50, default: 2 }),
    cadre_contact: share('Share of a village a cadre reaches in a year (households met per cadre relative to village size).', 0.3),
    platform_access: timeSeries({ description: 'Share of households that can use the online platform.', unit: 'share', min: 0, max: 1, default: 'max(0, min(0.9, 0.2 + 0.08 * (year - 2011)))' }),
    neighbour_diffusion: share('Yearly pull of a household\'s awareness towards its village\'s mean.', 0.2),
    elite_relay: share('Awareness passed on by village elites each year, per elite, to unaware neighbours.', 0.04),
    forgetting: share('Yearly decay of awareness.', 0.05),
    cadre_noise_reduction: share('Cut of registry noise per cadre-contact unit (visits).', 0.3),
    social_report_noise_reduction: share('Cut of registry noise when social organisations report needs upward (multi-centre).', 0.3),
    initial_awareness: share('Mean initial awareness of each programme (per household and programme). assumption (not from the sources).', 0.15),
    initial_awareness_sd: num({ description: 'Standard deviation of initial awareness (clamped to 0-1). assumption (not from the sources).', unit: 'share', min: 0, max: 1, default: 0.1 }),
    firm_job_awareness: share('Awareness of employment a worker needs to take a firm job. assumption (not from the sources).', 0.2),
    uptake_awareness: share('Awareness a household needs to take part where awareness gates: employment for organised labour export (above it), industry for an elite co-operative, credit for an unplanned loan. assumption (not from the sources).', 0.3),
    firm_reach_per_firm: share('Yearly awareness of industry and employment reached per active firm in the county (extra channel). assumption (not from the sources).', 0.1),
    firm_reach_max: share('Cap on the firms\' extra awareness channel for industry and employment. assumption (not from the sources).', 0.5),
    social_org_reach: share('Extra awareness channel of social organisations for training, health and education (multi-centre). assumption (not from the sources).', 0.2),
  }),
  identification: section('Precise identification (mechanism 2).', {
    first_year: num({ description: 'Year of the first precise registration (2014 nationally).', unit: 'year', min: 1900, max: 2200, int: true, default: 2011 }),
    recheck_years: z.array(z.number().int().min(1900).max(2200)).default([]).describe('Years of a thorough re-check (e.g. 2015, 2016): registry noise times recheck_noise_factor (halved by default) and every registered household re-observed.'),
    margin: share('Households observed below line*(1+margin) are registered.', 0.0),
    kin_capture: share('Probability that an elite-connected non-poor household is registered in a registration round (identification.first_year and the re-check years) when transparency is zero; in other years the registry adds only households it observes poor.', 0.4),
    dynamic_adjustment: share('Dynamic adjustment: probability that a household observed below the line (and within the quota) is registered in an ordinary year; in the first registration and re-check years everyone eligible is.', 1),
    scale_control: num({ description: 'Registration under "scale control" (004 3.2.1): each county registers at most this multiple of the poor people the statistical survey estimates (the true count), the lowest observed incomes first; in the first registration and re-check years it fills the quota even above the line. 0 = no quota: every household observed below the line is registered.', unit: 'ratio', min: 0, max: 5, default: 0 }),
    recheck_noise_factor: num({ description: 'Registry noise in a re-check year, as a multiple of the ordinary noise (0.5 = halved). assumption (not from the sources).', unit: 'ratio', min: 0, max: 1, default: 0.5 }),
    cause_funds_weight: num({ description: 'True-cause estimate: loss from lack of funds is max(0, 1 - land*(1+productivity)) * max(1, labour) * F times this weight. assumption (not from the sources).', unit: 'ratio', min: 0, max: 10, default: 0.5 }),
    cause_skill_threshold: share('True-cause estimate: skill below which a household loses income to lack of skills. assumption (not from the sources).', 0.45),
    cause_skill_weight: num({ description: 'True-cause estimate: loss from lack of skills is max(0, cause_skill_threshold - skill) times this weight times labour * (F + casual wage). assumption (not from the sources).', unit: 'ratio', min: 0, max: 20, default: 2 }),
  }),
  matching: section('Programme-to-cause effectiveness matrix (mechanism 3).', Object.fromEntries(PROGRAMMES.map((p) => [p, matchRow(p)])) as Record<(typeof PROGRAMMES)[number], ReturnType<typeof matchRow>>),
  cause_recording: section('How a registered household\'s cause of poverty is recorded (mechanism 3; related causes in docs/ODD.md 7.3).', {
    related_weight: num({ description: 'When the cause is not recorded correctly (1 - match_accuracy), how many times more likely the recorded cause is one related to the true cause (illness, disability and lack of labour; lack of skills and lack of funds; harsh location and disaster; education costs and lack of funds) than any other. 1 = uniform over the eight causes. Assumption (not from the sources): 4, confusions between related causes dominate.', unit: 'ratio', min: 1, max: 100, default: 4 }),
  }),
  programmes: section('What a yuan of each programme buys (mechanism 3).', {
    capital_per_productivity: num({ description: 'Industry support needed to raise a household\'s farm productivity by 100%.', unit: 'yuan', min: 1, max: 1e8, default: 12000 }),
    productivity_depreciation: share('Yearly depreciation of productivity gained from support.', 0.08),
    training_cost: num({ description: 'Cost of one training round per household.', unit: 'yuan', min: 1, max: 1e7, default: 1500 }),
    employment_cost: num({ description: 'Cost per public-welfare post per year (wage).', unit: 'yuan/year', min: 1, max: 1e7, default: 6000 }),
    relocation_cost: num({ description: 'Cost of relocating one household.', unit: 'yuan', min: 1, max: 1e8, default: 60000 }),
    relocated_harshness: share('Farm output lost after relocation (less land, new place).', 0.2),
    education_cost_per_child: timeSeries({ description: 'Out-of-pocket cost of a child in school.', unit: 'yuan/child/year', min: 0, max: 1e7, default: '1500 * 1.05^(year - 2011)' }),
    ecological_payment: num({ description: 'Ecological compensation / ranger pay per enrolled household.', unit: 'yuan/year', min: 0, max: 1e7, default: 4000 }),
    max_per_household: num({ description: 'Most a programme spends on one household in a year.', unit: 'yuan', min: 1, max: 1e8, default: 20000 }),
  }),
  guarantee: section('The rural minimum living guarantee (dibao): a standing means-tested cash entitlement run and financed by civil affairs, outside the poverty funds (004 3.2.1 and 3.3.1: poverty alleviation is "connected" with it). Every household is means-tested each January, in the warm-up year too; registered poor households that the registry plans for social security are referred to it.', {
    enabled: bool('The guarantee exists (nationwide in rural China from 2007). false: nobody receives it and referrals get nothing.', true),
    standard: timeSeries({ description: 'Guarantee standard in yuan per person per year (the national average rural standard: ../shared/data/policy-inputs.csv, column dibao_rural_standard_yuan, Ministry of Civil Affairs). 0: the standard is standard_ratio times the poverty line.', unit: 'yuan/person/year', min: 0, max: 1e7, default: 0 }),
    standard_ratio: timeSeries({ description: 'Guarantee standard as a multiple of the poverty line, used while `standard` is 0 (nationally about 0.6 in 2010 rising to about 1.5 in 2020: ../shared/data/policy-inputs.csv; poor western counties sat below the national mean).', unit: 'ratio', min: 0, max: 5, default: 1 }),
    top_up: share('Share of the gap between the standard and the means-tested income per person that the guarantee pays (the guarantee tops income up to the standard: difference-based payment). Assumption (not from the sources); the record of recipients and spending (policy-inputs.csv) can check it.', 0.8),
    observation_noise: num({ description: 'Civil affairs\' means test: log-sd of the error with which it observes a household\'s own income (income less last year\'s guarantee). The guarantee is known for large inclusion and exclusion errors. Assumption (not from the sources): about the registry\'s noise without platform or cadres.', unit: 'log-sd', min: 0, max: 3, default: 0.5 }),
    budget: timeSeries({ description: 'What civil affairs spends on the rural guarantee for the represented population (nationally: ../shared/data/policy-inputs.csv, column dibao_rural_spending_billion, x 1e9). Each county gets its share by households and enrols applicants by priority (need_priority) until it is spent; registry referrals are paid in full first. 0: an entitlement without a budget: every applicant observed below the standard is enrolled.', unit: 'yuan/year', min: 0, max: 1e13, default: 0 }),
    need_priority: share('How far a binding budget ranks applicants by observed need: priority is need_priority times observed income over the standard plus (1 - need_priority) times a uniform draw (local quotas split by population, village appraisal, connections: dibao is known for large inclusion and exclusion errors). 1: poorest observed first; 0: a lottery among applicants. Acts only with a budget. Assumption (not from the sources): a candidate for calibration against the recorded recipients and spending (under a budget that binds, recipients = spending / the mean payment, which the priority and top_up set).', 1),
    take_up: share('Share of households observed below the standard that are enrolled (applications, stigma, local quotas). Assumption (not from the sources): a candidate for calibration against the recorded recipients.', 1),
  }),
  trust: section('Trust on households and between organisations (gates participation).', {
    initial_government: share('Initial household trust in government and cadres.', 0.6),
    initial_enterprise: share('Initial household trust in enterprises. Assumption (not from the sources): the same neutral prior 0.5 as for every non-government actor, below trust in government because cadres and poor households are closely linked while the other subjects have only "initial trust" (003 VI.B). County A\'s trust deficit (003 V, VI.B) is a scenario (scenarios/README.md), not the default.', 0.5),
    initial_social: share('Initial household trust in social organisations. Assumption (not from the sources): the neutral prior of every non-government actor (see initial_enterprise).', 0.5),
    initial_elite: share('Initial household trust in local elites. Assumption (not from the sources): the neutral prior of every non-government actor (see initial_enterprise).', 0.5),
    expectation: share('Share of a promise that must arrive for it to count as kept (households expect some delay and shortfall).', 0.6),
    gain_rate: share('Yearly trust gain when what was promised arrives (times (1-trust)).', 0.15),
    loss_rate: share('Yearly trust loss when it does not (times trust) — larger: losses weigh more.', 0.35),
    bridge: share('Pull of trust in enterprises, social organisations and elites towards trust in government, per unit of cadre contact (cadres as trust bridge, 003 VI.B). Acts in either arrangement toward every actor that exists (cadres exist in both). Assumption (not from the sources) for the value.', 0.25),
    participation_gate: share('Trust a household needs in a provider to take a firm job, join its cooperative, take its loan, accept relocation or take a social organisation\'s help. Assumption (not from the sources): a little below the neutral prior 0.5, so that about two thirds of households start above it for every non-government actor (initial_sd 0.1).', 0.45),
    initial_sd: num({ description: 'Standard deviation of each household\'s initial trust in each actor kind around initial_<kind> (clamped to 0-1). assumption (not from the sources).', unit: 'trust', min: 0, max: 1, default: 0.1 }),
    enterprise_policy_trust: share('Initial enterprises\' trust in policy stability.', 0.6),
    donor_trust: share('Initial donors\' trust in social organisations.', 0.5),
  }),
  health: section('Illness shocks (mechanism 5).', {
    chronic_hazard: share('Monthly hazard that a healthy household gets a chronically ill member.', 0.004),
    serious_hazard: share('Monthly hazard of a serious illness in a healthy household.', 0.003),
    chronic_to_serious: share('Monthly hazard of serious illness in a chronically ill household.', 0.01),
    recovery: share('Monthly probability a serious illness ends (back to chronic or healthy).', 0.2),
    chronic_recovery: share('Monthly probability a chronic illness ends.', 0.01),
    cost_scale: num({ description: 'Minimum cost of a serious illness episode (Pareto scale).', unit: 'yuan', min: 0, max: 1e7, default: 4000 }),
    cost_shape: num({ description: 'Pareto shape of episode costs (smaller = heavier tail).', unit: 'shape', min: 1.05, max: 10, default: 1.8 }),
    cost_cap: num({ description: 'Cap on one episode\'s cost.', unit: 'yuan', min: 0, max: 1e8, default: 300000 }),
    chronic_cost: num({ description: 'Monthly cost of a chronic illness.', unit: 'yuan/month', min: 0, max: 1e6, default: 150 }),
    insurance_coverage: timeSeries({ description: 'Share of households in basic medical insurance (NCMS).', unit: 'share', min: 0, max: 1, default: 'max(0, min(0.99, 0.9 + 0.01 * (year - 2011)))' }),
    insurance_reimbursement: share('Share of costs basic insurance reimburses.', 0.5),
    assistance_reimbursement: share('Extra share reimbursed for registered households with a health plan (medical assistance; up to 95% in County A).', 0.4),
    reimbursement_cap: share('Most of an episode\'s cost that basic insurance and medical assistance together reimburse. From 003 IV.B (County A: 95% reimbursement of serious illness for the poor).', 0.95),
    labour_loss_chronic: num({ description: 'Workers lost to a chronic illness: the ill member\'s work and the care the household gives. Assumption (not from the sources); the national file calibrates it against the registry\'s illness share.', unit: 'workers', min: 0, max: 4, default: 0.5 }),
    labour_loss_serious: num({ description: 'Workers lost to a serious illness.', unit: 'workers', min: 0, max: 4, default: 1 }),
  }),
  disasters: section('Village-level disasters (mechanism 5).', {
    monthly_hazard: share('Monthly probability that a village is hit.', 0.006),
    loss_share: share('Share of farm output lost from the month of the disaster to the end of the year.', 0.35),
    insurance_share: timeSeries({ description: 'Share of households with agricultural insurance.', unit: 'share', min: 0, max: 1, default: 'max(0, min(0.8, 0.1 + 0.07 * (year - 2011)))' }),
    insurance_payout: share('Share of an insured loss paid out.', 0.6),
  }),
  market: section('Products and prices (mechanism 4): prices fall when too many counties grow the same product.', {
    products: z.array(ProductSchema).min(1).default([
      { name: 'grain', price: 1, yield: 1, reference_supply: 1e6 },
      { name: 'fruit', price: 1.8, yield: 1, reference_supply: 3 },
      { name: 'livestock', price: 1.7, yield: 1, reference_supply: 3 },
      { name: 'tea', price: 1.6, yield: 1, reference_supply: 3 },
      { name: 'herbs', price: 1.5, yield: 1, reference_supply: 3 },
    ]).describe('Products. The first is the staple every household grows by default.'),
    elasticity: num({ description: 'Price flexibility: price falls as (supply/reference)^-elasticity.', unit: 'ratio', min: 0, max: 5, default: 0.6 }),
    outside_counties: num({ description: 'Other counties outside the simulation that also pick main products (by copying the most popular one).', unit: 'counties', min: 0, max: 1e5, default: 4 }),
    advantage_sd: num({ description: 'Log-sd of a county\'s local advantage in each product (mean-one lognormal factor on price). assumption (not from the sources).', unit: 'log-sd', min: 0, max: 3, default: 0.3 }),
    collapse_threshold: share('A county abandons its main product when the price falls below this share of the product\'s listed price. assumption (not from the sources).', 0.75),
  }),
  enterprises: section('Leading enterprises (mechanism 4).', {
    candidates_per_county: num({ description: 'Firms that consider entering a county each year.', unit: 'firms/year', min: 0, max: 1000, int: true, default: 3 }),
    jobs_per_firm: num({ description: 'Jobs one firm offers (represented workers).', unit: 'jobs', min: 1, max: 1e6, default: 150 }),
    output_per_worker: num({ description: 'Output value per enterprise worker at price 1 and skill 0.5, relative to the enterprise wage.', unit: 'ratio', min: 0, max: 100, default: 1.45 }),
    other_costs: share('Other costs as a share of revenue.', 0.15),
    min_skill: share('Skill an enterprise needs in a worker.', 0.3),
    subsidy_share: num({ description: 'Share of the industry programme paid to enterprises with interest-linkage contracts (multi-centre).', unit: 'share', min: 0, max: 0.9, default: 0.35 }),
    dividend_share: share('Share of profit paid to cooperative members (interest linkage). Assumption (not from the sources). Profit follows the firm\'s efficiency and the price of the county\'s product, so dividends vary and stop in loss years.', 0.3),
    members_per_firm: num({ description: 'Cooperative members per linked firm (represented households).', unit: 'households', min: 0, max: 1e6, default: 300 }),
    exit_after_losses: num({ description: 'Consecutive loss years after which a firm leaves.', unit: 'years', min: 1, max: 20, int: true, default: 2 }),
    capital_per_job: num({ description: 'Capital a firm brings per job.', unit: 'yuan/job', min: 0, max: 1e7, default: 30000 }),
    efficiency_sd: num({ description: 'Log-sd of a candidate firm\'s efficiency (mean-one lognormal factor on revenue). assumption (not from the sources).', unit: 'log-sd', min: 0, max: 3, default: 0.25 }),
    risk_premium: share('Entry risk premium at zero enterprises\' trust in policy stability (times 1 - policy trust), subtracted from the expected margin. assumption (not from the sources).', 0.2),
    subsidy_cap: share('Most that subsidies can add to a candidate firm\'s expected margin. assumption (not from the sources).', 0.3),
    optimism: share('Spread of a candidate firm\'s idiosyncratic optimism: it adds optimism * (u - 0.5), u uniform 0-1, to the expected margin, so entry is not all-or-nothing. assumption (not from the sources).', 0.05),
  }),
  social_organisations: section('Foundations, volunteer groups, universities (multi-centre).', {
    per_county: num({ description: 'Social organisations per county.', unit: 'organisations', min: 0, max: 1000, int: true, default: 3 }),
    aid_per_household: num({ description: 'Aid a social organisation gives one household it serves.', unit: 'yuan/year', min: 0, max: 1e6, default: 1500 }),
    training_share: share('Share of social-organisation aid given as training.', 0.3),
    local_knowledge: share('How well social organisations see true needs (1 - their observation noise relative to the registry).', 0.7),
    information_reach: share('Extra reach of social organisations\' information on training, health and education (added to the channels of information.ts; multi-centre only). Assumption (not from the sources); 0 = neutral.', 0.2),
  }),
  elites: section('Local elites: capable people, village cadres of standing (mechanism 6).', {
    per_village: num({ description: 'Elites per village.', unit: 'people', min: 0, max: 100, default: 2 }),
    role_model: share('Yearly pull of neighbours\' aspiration towards the elites\' success.', 0.08),
    coop_members: num({ description: 'Households a capable person can bring into a cooperative.', unit: 'households', min: 0, max: 10000, default: 12 }),
    coop_productivity: share('Mean productivity gain of co-operative membership (shared inputs, market access) for an organiser of mean efficiency at the product\'s listed price. A co-operative\'s gain in a year is coop_productivity * organiser efficiency (firm co-operatives: the firm\'s efficiency; elite co-operatives: 1) * price / listed price + coop_gain_sd * z, z standard normal drawn each year per co-operative; it multiplies each member\'s own farm output, so it also scales with the members\' productivity. Assumption (not from the sources).', 0.25),
    coop_gain_sd: num({ description: 'Standard deviation of a co-operative\'s yearly productivity gain (see coop_productivity): weather, management and market luck, so some co-operative years lose (gain below 0; with the defaults about one year in six). Assumption (not from the sources); 0 = a sure gain.', unit: 'share', min: 0, max: 2, default: 0.25 }),
    coop_capture: share('Share of cooperative gains captured by the organiser when transparency is zero.', 0.4),
    coop_exit_factor: share('Members leave an elite co-operative when their trust in elites falls below this multiple of trust.participation_gate. assumption (not from the sources).', 0.8),
    draw_floor: num({ description: 'A village\'s elites are drawn as per_village * (draw_floor + u), u uniform 0-1 (0.5: mean per_village). assumption (not from the sources).', unit: 'ratio', min: 0, max: 10, default: 0.5 }),
  }),
  aspiration: section('Aspiration / endogenous motivation (mechanism 6).', {
    effort_floor: share('Effort of a household with zero aspiration, relative to full effort.', 0.6),
    neighbour_pull: share('Yearly pull towards the village mean aspiration.', 0.1),
    success_gain: share('Aspiration gained in a year the household\'s income rose.', 0.04),
    failure_drop: share('Aspiration lost after a failure (income fall, loan default, job loss).', 0.08),
    training_gain: share('Aspiration gained from a training round.', 0.05),
    min_to_apply: share('Aspiration needed to apply for a loan, a job or training.', 0.35),
    success_threshold: num({ description: 'A year counts as a success (aspiration.success_gain) when income exceeds this multiple of the previous year\'s. assumption (not from the sources).', unit: 'ratio', min: 0, max: 10, default: 1.05 }),
    failure_threshold: num({ description: 'A year counts as a failure (aspiration.failure_drop) when income falls below this multiple of the previous year\'s. assumption (not from the sources).', unit: 'ratio', min: 0, max: 10, default: 0.9 }),
  }),
  credit: section('Poverty microcredit (mechanism 7).', {
    loan_size: num({ description: 'Size of a microloan.', unit: 'yuan', min: 0, max: 1e7, default: 30000 }),
    interest: share('Yearly interest charged to the household (after subsidy).', 0.0),
    subsidy_rate: share('Yearly interest subsidy paid by the credit programme to the lender.', 0.045),
    return_mean: num({ description: 'Mean yearly return on invested loan at skill 0.5 and price 1.', unit: 'share/year', min: -1, max: 5, default: 0.12 }),
    return_sd: num({ description: 'Standard deviation of the yearly return.', unit: 'share/year', min: 0, max: 5, default: 0.18 }),
    risk_reserve: share('Share of the expected lending the credit programme holds to compensate defaults (risk-compensation fund).', 0.1),
    default_confidence_loss: num({ description: 'Fall of lender confidence per unit of default rate.', unit: 'ratio', min: 0, max: 100, default: 3 }),
    min_skill: share('Skill needed for a viable use of a loan.', 0.25),
    confidence_recovery: share('Yearly recovery of lender confidence towards 1 (times 1 - confidence). assumption (not from the sources).', 0.1),
    confidence_floor: share('Lowest lender confidence (defaults never stop lending altogether). assumption (not from the sources).', 0.05),
    supply: timeSeries({ description: 'Multiplier of the credit supply the fund lever sets (lever_effects.credit_supply), each year: a series follows the lender\'s programme, e.g. the poverty microcredit programme launched in 2014 ({2013: 0.1, 2015: 1}). 1 = the lever alone.', unit: 'ratio', min: 0, max: 10, default: 1 }),
  }),
  assessment: section('Exit assessment under deadline pressure (mechanism 8).', {
    first_year: num({ description: 'First year exits are assessed.', unit: 'year', min: 1900, max: 2200, int: true, default: 2012 }),
    exit_margin: share('Registered households observed above line*(1+margin) are declared out of poverty.', 0.1),
    sustained_years: num({ description: 'Consecutive yearly assessments in which a registered household must be observed above the exit bar before it is declared out of poverty: exit on sustained, not one-year, income. The sources name the exit standard ("two without worries and three guarantees", 003 IV) but not a number of years; 1 = exit on one observation (the model before issue 10).', unit: 'assessments', min: 1, max: 10, int: true, default: 1 }),
    deadline_year: num({ description: 'Year by which poverty must be eliminated.', unit: 'year', min: 1900, max: 2200, int: true, default: 2020 }),
    deadline_pressure: share('Pressure to meet the exit target as the deadline nears.', 0.5),
    pressure_horizon: num({ description: 'Years before the deadline over which pressure builds.', unit: 'years', min: 1, max: 50, default: 5 }),
    leniency: share('How far pressure lowers the observed income needed to declare an exit (share of the line).', 0.3),
    verification: share('Share of declared exits checked against true income at full supervision.', 0.6),
  }),
  events: z.array(EventSchema).default([]).describe('Timed shocks: epidemic, disaster, price crash, withdrawal of assistance.'),
});

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioEvent = Scenario['events'][number];
export type LeverName = keyof Scenario['levers'];
export type LeverEffectName = keyof Scenario['lever_effects'];
