/**
 * The data dictionary: every column of every output file, with its type,
 * unit and definition, built from the metric catalogue (trajectory columns)
 * and the column lists the writers use (ledger, differences). Two forms:
 *
 *  - docs/outputs.md, for people (`npm run docs` writes it; a test checks
 *    the committed file equals `outputsMarkdown()`, so it cannot go stale);
 *  - datapackage.json in every folder `run` and `compare` write, a
 *    Frictionless Data Package (tabular-data-resource per CSV, with field
 *    types, `unit` and description), so pandas, R and frictionless tools
 *    read types and units without guessing.
 *
 * Pure apart from main(): the same inputs give the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CATALOGUE, HEADLINE, dataDictionary, type MetricEntry } from '../metrics/catalogue.ts';
import { DIFFERENCE_COLUMNS } from '../experiments/compare.ts';

/** Repository-relative location of the generated page. */
export const OUTPUTS_DOC_FILE = 'docs/outputs.md';

/** Frictionless Table Schema field types used here. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'any';

export interface FieldDoc {
  name: string;
  type: FieldType;
  /** Unit in words; '' for labels and identifiers. */
  unit: string;
  description: string;
}

export interface FileDoc {
  /** File name as written. */
  file: string;
  /** Command(s) that write it. */
  writtenBy: string;
  description: string;
  /** CSV columns in file order, or JSON fields as dotted paths (`[]` for array items). */
  fields: FieldDoc[];
  /** parquet: a typed columnar copy of a CSV file (columns, like csv). */
  format: 'csv' | 'json' | 'parquet';
}

/** ledger.csv's columns, in file order (experiments/run.ts LEDGER_COLUMNS; a test keeps the two equal). */
export const LEDGER_FIELDS: readonly FieldDoc[] = [
  { name: 'scenario', type: 'string', unit: '', description: 'Name of the scenario.' },
  { name: 'replicate', type: 'integer', unit: 'index', description: 'Replicate number (0 to replicates - 1).' },
  { name: 'year', type: 'integer', unit: 'calendar year', description: 'The simulated year of the flow.' },
  { name: 'payer', type: 'string', unit: '', description: 'Who paid: a budget (central_budget, provincial_budget, county_budget, supplementary_budget, external_assistance), a level of government (central, provincial, county), or a source outside the poverty funds (production, outside_wages, outside_transfers, insurance, investment, donations, deposits, lender, enterprise, social_org, household).' },
  { name: 'payee', type: 'string', unit: '', description: 'Who received it: a level of government or an actor (household, enterprise, lender, services, social_org), or where money was lost or used up (leakage, fragmentation, elite_capture, coordination, mismatch, medical, education, consumption, operating_costs).' },
  { name: 'purpose', type: 'string', unit: '', description: 'What for: allocation down the hierarchy, a programme (industry, employment, training, credit, relocation, health, social_security, education, ecological), interest_subsidy and risk_compensation (credit), overhead (losses on the way), or a private flow (wages, farm_output, loan, repayment, ...).' },
  { name: 'amount_yuan', type: 'number', unit: 'yuan per year', description: "Total of the year's payments from payer to payee for this purpose, summed over the year's months." },
];

/** differences.csv's columns (experiments/compare.ts DIFFERENCE_COLUMNS, in that order). */
const DIFFERENCE_DOCS: Record<string, Omit<FieldDoc, 'name'>> = {
  scenario_a: { type: 'string', unit: '', description: 'Label of the first scenario of the pair (a in a − b).' },
  scenario_b: { type: 'string', unit: '', description: 'Label of the second scenario of the pair (b in a − b).' },
  year: { type: 'integer', unit: 'calendar year', description: 'The simulated year compared.' },
  metric: { type: 'string', unit: '', description: 'The trajectory column compared (its unit is that of the column in trajectory.csv).' },
  mean_a: { type: 'number', unit: 'unit of the metric', description: "Mean of the metric across scenario a's replicates." },
  lo_a: { type: 'number', unit: 'unit of the metric', description: 'Lower end of the 95% Student-t interval of mean_a, cut at the values the metric can take (clipped_a).' },
  hi_a: { type: 'number', unit: 'unit of the metric', description: 'Upper end of the 95% Student-t interval of mean_a, cut at the values the metric can take (clipped_a).' },
  mean_b: { type: 'number', unit: 'unit of the metric', description: "Mean of the metric across scenario b's replicates." },
  lo_b: { type: 'number', unit: 'unit of the metric', description: 'Lower end of the 95% interval of mean_b, cut like lo_a.' },
  hi_b: { type: 'number', unit: 'unit of the metric', description: 'Upper end of the 95% interval of mean_b, cut like hi_a.' },
  difference: { type: 'number', unit: 'unit of the metric', description: 'Mean of the paired differences a − b, replicate by replicate (common random numbers).' },
  diff_lo: { type: 'number', unit: 'unit of the metric', description: "Lower end of the 95% Student-t interval of the paired difference (a share's difference cut at -1)." },
  diff_hi: { type: 'number', unit: 'unit of the metric', description: "Upper end of the 95% Student-t interval of the paired difference (a share's difference cut at 1)." },
  p_value: { type: 'number', unit: 'probability (0–1)', description: 'Two-sided p-value of the paired t-test of "no difference"; empty when there is no test (one replicate, or the difference is the same in every replicate).' },
  replicates: { type: 'integer', unit: 'replicates', description: 'Number of replicate pairs behind the row.' },
  clipped_a: { type: 'boolean', unit: '', description: "true when scenario a's t interval went past the possible values (below 0, or above 1 for a share) and was cut." },
  clipped_b: { type: 'boolean', unit: '', description: "true when scenario b's t interval was cut at the possible values." },
  diff_clipped: { type: 'boolean', unit: '', description: "true when the paired difference's t interval was cut (a share's difference at -1 or 1)." },
};

function metricField(e: MetricEntry): FieldDoc {
  const type: FieldType = e.name === 'scenario' ? 'string' : e.kind === 'key' ? 'integer' : 'number';
  const row = dataDictionary().find((r) => r.column === e.name)!;
  const range = row.range === '' ? '' : ` Range ${row.range}.`;
  const empty = e.emptyWhen === undefined ? '' : ` Empty when ${e.emptyWhen} (undefined, not 0).`;
  return { name: e.name, type, unit: e.kind === 'key' && e.name === 'scenario' ? '' : e.unit, description: `${e.definition}${range}${empty}` };
}

/** trajectory.csv: one row per replicate and year. */
export function trajectoryFields(): FieldDoc[] {
  return CATALOGUE.map(metricField);
}

export function differenceFields(): FieldDoc[] {
  return DIFFERENCE_COLUMNS.map((name) => {
    const d = DIFFERENCE_DOCS[name];
    if (!d) throw new Error(`data dictionary: differences.csv column '${name}' is not documented`);
    return { name, ...d };
  });
}

const INTERVAL_PARTS: Array<[string, FieldType, string]> = [
  ['mean', 'number', 'Mean across replicates (unit of the metric).'],
  ['lo', 'number', 'Lower end of the 95% Student-t interval, cut at the values the metric can take (0 for shares and counts).'],
  ['hi', 'number', 'Upper end of the 95% interval, cut at the values the metric can take (1 for shares).'],
  ['sd', 'number', 'Sample standard deviation across replicates (n − 1 denominator); 0 with one replicate.'],
  ['n', 'integer', 'Replicates behind the interval.'],
  ['clipped', 'boolean', 'true when the t interval went past the possible values and was cut (ODD §4.12).'],
];

function runSummaryFields(): FieldDoc[] {
  const m = '<metric>';
  return [
    { name: 'final_year', type: 'integer', unit: 'calendar year', description: 'The last simulated year.' },
    { name: 'replicates', type: 'integer', unit: 'replicates', description: 'Replicates summarised.' },
    ...INTERVAL_PARTS.map(([part, type, description]): FieldDoc => ({ name: `final.${m}.${part}`, type, unit: part === 'n' ? 'replicates' : part === 'clipped' ? '' : 'unit of the metric', description: `Final year: ${description}` })),
    { name: 'by_year[].year', type: 'integer', unit: 'calendar year', description: 'Each simulated year, ascending.' },
    ...INTERVAL_PARTS.filter(([p]) => p === 'mean' || p === 'lo' || p === 'hi').map(([part, type, description]): FieldDoc => ({ name: `by_year[].${m}.${part}`, type, unit: 'unit of the metric', description })),
    { name: `by_year[].${m}.clipped`, type: 'boolean', unit: '', description: 'Present (true) only where the interval was cut at the possible values.' },
    { name: 'per_replicate_final[].replicate', type: 'integer', unit: 'index', description: 'Replicate number.' },
    { name: `per_replicate_final[].${m}`, type: 'number', unit: 'unit of the metric', description: "The replicate's value in the final year." },
  ];
}

const SWEEP_LEAD: FieldDoc[] = [
  { name: 'run_id', type: 'integer', unit: 'index', description: 'Run number: point × replicates + replicate.' },
  { name: 'point', type: 'integer', unit: 'index', description: 'Design point (0-based, in the order of the design).' },
  { name: 'replicate', type: 'integer', unit: 'index', description: 'Replicate number within the point.' },
  { name: 'seed', type: 'integer', unit: 'seed', description: "The sweep's base seed (replicate streams derive from it and the replicate number)." },
  { name: '<parameter path>', type: 'any', unit: "unit of the scenario field (schema/scenario.schema.json)", description: 'One column per varied parameter, named by its dotted scenario path (e.g. levers.fund), holding its value at the point at full precision.' },
];

/** Every output file, in the order of docs/outputs.md. */
export function outputFiles(): FileDoc[] {
  const trajectory = trajectoryFields();
  return [
    { file: 'trajectory.csv', writtenBy: 'run', format: 'csv', description: 'One row per replicate and year: every metric of the model, read after December.', fields: trajectory },
    { file: 'ledger.csv', writtenBy: 'run', format: 'csv', description: "Every money flow of the year, by payer, payee and purpose, per replicate. Public poverty funds enter from the budgets and leave to households, services, firms, the lender or to losses; what is not spent stays on the counties' books (funds_held_county in trajectory.csv).", fields: [...LEDGER_FIELDS] },
    {
      file: 'summary.json',
      writtenBy: 'run',
      format: 'json',
      description: `The headline metrics (${HEADLINE.join(', ')}) summarised across replicates: mean and 95% interval in the final year and every year, and each replicate's final value. \`<metric>\` stands for each headline metric.`,
      fields: runSummaryFields(),
    },
    { file: 'comparison.csv', writtenBy: 'compare', format: 'csv', description: "The trajectory.csv rows of every scenario compared, with `scenario` holding the scenario's unique label.", fields: trajectory.map((f) => (f.name === 'scenario' ? { ...f, description: 'Unique label of the scenario (its name, with the file name or #k added when names repeat).' } : f)) },
    { file: 'differences.csv', writtenBy: 'compare', format: 'csv', description: 'One row per pair of scenarios (a before b in the order given), year and headline metric: both means with 95% intervals and the paired difference a − b with its interval and p-value.', fields: differenceFields() },
    {
      file: 'runs.csv',
      writtenBy: 'sweep, merge',
      format: 'csv',
      description: "One row per run and year of a sweep: the run's identity, the varied parameters, then the kept metrics (the sweep file's `metrics`, by default the headline metrics) as in trajectory.csv.",
      fields: [...SWEEP_LEAD, { name: 'year', type: 'integer', unit: 'calendar year', description: 'The simulated year.' }, { name: '<metric>', type: 'number', unit: 'unit of the metric in trajectory.csv', description: 'Each kept metric, as defined for trajectory.csv.' }],
    },
    {
      file: 'runs.parquet',
      writtenBy: 'sweep, merge, sensitivity with --format parquet',
      format: 'parquet',
      description:
        'runs.csv as Apache Parquet, written once the runs are finished: the same rows and columns in the same order, typed (run_id, point, replicate and year INT32, seed INT64, numbers DOUBLE with an empty cell as null, text UTF8), with the unit of each column in the key-value metadata `units` (a JSON object). The same bytes for a resumed or merged sweep as for an uninterrupted one.',
      fields: [...SWEEP_LEAD, { name: 'year', type: 'integer', unit: 'calendar year', description: 'The simulated year.' }, { name: '<metric>', type: 'number', unit: 'unit of the metric in trajectory.csv', description: 'Each kept metric, as defined for trajectory.csv (null where runs.csv has an empty cell).' }],
    },
    { file: 'errors.csv', writtenBy: 'sweep, merge', format: 'csv', description: 'One row per run that failed, with the same identity columns as runs.csv.', fields: [...SWEEP_LEAD, { name: 'error', type: 'string', unit: '', description: 'The error message.' }] },
    ...calibrationFileDocs(),
  ];
}

/**
 * The files `calibrate` writes (src/experiments/calibrate.ts calibrationFiles;
 * the posterior summary: abc/posterior.ts). `<parameter path>` stands for one
 * column (or field) per calibrated parameter, in the spec's order.
 */
export function calibrationFileDocs(): FileDoc[] {
  const dist = 'tolerances (dimensionless)';
  const param: FieldDoc = { name: '<parameter path>', type: 'number', unit: 'unit of the scenario field (schema/scenario.schema.json)', description: "One column per calibrated parameter, named by its dotted scenario path (e.g. population.skill_mean), in the spec's order: the particle's value, rounded to 6 significant digits (whole for integer fields) and within the bounds." };
  const unitOfColumn = 'unit of the target column in trajectory.csv';
  const PARAMETER_SUMMARY: Array<[string, FieldType, string, string]> = [
    ['path', 'string', '', 'The parameter: its dotted scenario path.'],
    ['prior_from', 'number', 'unit of the scenario field', 'Lower bound of the uniform prior (the spec\'s `from`).'],
    ['prior_to', 'number', 'unit of the scenario field', 'Upper bound of the uniform prior (the spec\'s `to`).'],
    ['mean', 'number', 'unit of the scenario field', 'Posterior mean (weighted by the normalised weights of posterior.csv).'],
    ['median', 'number', 'unit of the scenario field', 'Posterior median (weighted quantile 0.5: each particle counted at the middle of its weight, linear between particles).'],
    ['sd', 'number', 'unit of the scenario field', 'Posterior standard deviation (weighted, no bias correction).'],
    ['q025', 'number', 'unit of the scenario field', 'Lower end of the posterior 95% interval (weighted 2.5% quantile).'],
    ['q975', 'number', 'unit of the scenario field', 'Upper end of the posterior 95% interval (weighted 97.5% quantile).'],
    ['width_ratio', 'number', 'ratio', "Posterior 95% interval width over the prior's (0.95 × (to − from)): below 1, the targets narrowed the parameter."],
    ['sd_ratio', 'number', 'ratio', "Posterior sd over the prior's ((to − from) / √12)."],
    ['not_identified', 'boolean', '', 'true when sd_ratio > 0.5: the targets did not narrow the parameter to half its range.'],
    ['at_bound', 'string', '', "'lower' or 'upper' when the posterior piles up at that bound (its 95% interval reaches the outer 5% of the range there and its median lies in the outer quarter at that end); null otherwise."],
    ['estimate', 'number', 'unit of the scenario field', 'The value calibrated.yaml sets: the posterior mean or median (`estimate`), rounded to 6 significant digits (whole for integer fields).'],
  ];
  const FIT: Array<[string, FieldType, string, string]> = [
    ['target', 'string', '', "Name of the target (the spec's key under `targets`; a --target CSV: its metric, with `_target` added when a spec target has that name)."],
    ['column', 'string', '', 'The trajectory.csv column the target measures.'],
    ['years', 'array', 'calendar year', 'The year(s) of the observation, ascending: one for a year of a series or a figure at `year`, several for a figure over `years`.'],
    ['stat', 'string', '', "How the model's value is read over `years`: value (the one year), mean (the mean of the years) or final (the last of them)."],
    ['observed', 'number', unitOfColumn, 'The observed value (after `scale`; a `_pct` column divided by 100).'],
    ['tolerance', 'number', unitOfColumn, "The target's tolerance: the error allowed."],
    ['mean', 'number', unitOfColumn, 'Posterior-predictive mean: over every replicate of every posterior particle, each replicate counted with its particle\'s normalised weight / replicates (the runs the calibration made; no extra runs).'],
    ['q025', 'number', unitOfColumn, 'Lower end of the posterior-predictive 95% interval (weighted 2.5% quantile of the same replicate values).'],
    ['q975', 'number', unitOfColumn, 'Upper end of the posterior-predictive 95% interval (weighted 97.5% quantile).'],
    ['inside', 'boolean', '', 'true when the observed value lies within [q025, q975].'],
  ];
  const fitField = (name: string): FieldDoc => {
    const [, type, unit, description] = FIT.find(([n]) => n === name)!;
    return { name, type, unit, description };
  };
  return [
    {
      file: 'calibration.csv',
      writtenBy: 'calibrate',
      format: 'csv',
      description: 'One row per particle run, every generation (SMC) or round (--method rejection), in order of generation then particle: its parameter values, distance to the targets, importance weight and whether it was kept.',
      fields: [
        { name: 'generation', type: 'integer', unit: 'index', description: 'SMC generation (0: a Latin hypercube over the bounds; later: particles moved from the kept ones by the perturbation kernel); --method rejection: the round less 1 (0 or 1).' },
        { name: 'particle', type: 'integer', unit: 'index', description: 'Particle number within its generation (0-based); with `generation`, it identifies the particle (posterior.csv\'s `index`).' },
        param,
        { name: 'distance', type: 'number', unit: dist, description: "Distance D of the particle's replicate means to the targets: the worst target's root mean square error in tolerances (summary.json `distance`); at most 1 when every target is within its tolerance. Empty when the model gave a non-finite value." },
        { name: 'weight', type: 'number', unit: 'weight (not normalised)', description: 'Importance weight: 1 in generation 0 and with --method rejection; later, 1 / Σ w_i K(x | x_i) over the kept particles of the previous generation (uniform prior; K the Gaussian kernel on the parameters scaled to their bounds; 0 where that sum is 0).' },
        { name: 'kept', type: 'integer', unit: '0 or 1', description: '1 when the particle was kept in the population at the end of its own generation (SMC: the best half by distance); --method rejection: among the accepted points.' },
      ],
    },
    {
      file: 'posterior.csv',
      writtenBy: 'calibrate',
      format: 'csv',
      description: 'The posterior: the particles of the last kept population (--method rejection: the accepted points), by distance, with their normalised weights. These are also the particles `run --posterior` draws from (calibrated.yaml\'s header holds them too).',
      fields: [
        { name: 'particle', type: 'integer', unit: 'index', description: 'Row number in the posterior (0-based), in order of distance (ties by generation, then index).' },
        { name: 'generation', type: 'integer', unit: 'index', description: 'The generation in which the particle was proposed (calibration.csv `generation`).' },
        { name: 'index', type: 'integer', unit: 'index', description: 'Its number within that generation (calibration.csv `particle`).' },
        param,
        { name: 'weight', type: 'number', unit: 'probability (0–1)', description: 'Normalised importance weight: the weights of the posterior sum to 1.' },
        { name: 'distance', type: 'number', unit: dist, description: 'Distance to the targets, as in calibration.csv; empty when not finite.' },
      ],
    },
    {
      file: 'fit.csv',
      writtenBy: 'calibrate',
      format: 'csv',
      description: "One row per observation of every target (a series: one per observed year; a figure: one), in the targets' order: the observed value against the posterior predictive.",
      fields: [
        fitField('target'),
        fitField('column'),
        { name: 'years', type: 'string', unit: 'calendar year', description: 'The year(s) of the observation, ascending and separated by spaces: one for a year of a series or a figure at `year`, several for a figure over `years`.' },
        fitField('stat'),
        fitField('observed'),
        fitField('tolerance'),
        { name: 'model_mean', type: 'number', unit: unitOfColumn, description: `${fitField('mean').description} Empty when not finite.` },
        { name: 'lo', type: 'number', unit: unitOfColumn, description: fitField('q025').description },
        { name: 'hi', type: 'number', unit: unitOfColumn, description: fitField('q975').description },
        { name: 'inside', type: 'integer', unit: '0 or 1', description: '1 when the observed value lies within [lo, hi].' },
      ],
    },
    {
      file: 'band.csv',
      writtenBy: 'calibrate',
      format: 'csv',
      description: 'The posterior-predictive band of every column a target measures, for every simulated year (the chart of the fit), with the observation where there is one.',
      fields: [
        { name: 'column', type: 'string', unit: '', description: 'The trajectory.csv column (each target column once, in the order of first use by the targets).' },
        { name: 'year', type: 'integer', unit: 'calendar year', description: 'Every simulated year, ascending.' },
        { name: 'observed', type: 'number', unit: unitOfColumn, description: "The observed value of this column in this year (a series' year or a figure at one `year`); empty when none (figures over several years are only in fit.csv)." },
        { name: 'mean', type: 'number', unit: unitOfColumn, description: 'Posterior-predictive mean of the column in the year (every replicate of every posterior particle, by weight, as in fit.csv).' },
        { name: 'lo', type: 'number', unit: unitOfColumn, description: 'Weighted 2.5% quantile of the same replicate values.' },
        { name: 'hi', type: 'number', unit: unitOfColumn, description: 'Weighted 97.5% quantile.' },
      ],
    },
    {
      file: 'summary.json (calibrate)',
      writtenBy: 'calibrate',
      format: 'json',
      description: 'The calibration in one file: settings, the generations, the targets, the posterior table and the fit (non-finite numbers are null). Beside it: calibrated.yaml (the scenario with the estimates set in place and the posterior in its header), abc-state.json (SMC: the state --resume continues from) and, with --report, report.html.',
      fields: [
        { name: 'method', type: 'string', unit: '', description: 'The method, with its version and references (pgs-abc-smc/1 or pgs-calibrate/1).' },
        { name: 'method_name', type: 'string', unit: '', description: 'smc or rejection (--method).' },
        { name: 'seed', type: 'integer', unit: 'seed', description: 'Seed of every run (common random numbers: replicate r has the same seed at every particle).' },
        { name: 'replicates', type: 'integer', unit: 'replicates', description: 'Replicates per particle.' },
        { name: 'budget_runs', type: 'integer', unit: 'runs', description: 'The runs allowed (--budget).' },
        { name: 'runs_used', type: 'integer', unit: 'runs', description: 'The runs made (particles × replicates over all generations).' },
        { name: 'particles', type: 'integer', unit: 'particles', description: 'SMC: particles per population (--particles); rejection: the accepted points.' },
        { name: 'stopped', type: 'string', unit: '', description: "Why it stopped: 'tolerance' (every target within its tolerance), 'converged' (fewer than 5% of a generation's proposals kept), 'budget' (no room for another generation; always so for rejection)." },
        { name: 'effective_particles', type: 'number', unit: 'particles', description: 'Effective sample size of the posterior: 1 / Σ (normalised weight)²; below 10 the intervals and flags are rough.' },
        { name: 'params_file', type: 'string', unit: '', description: 'The --params spec, as given on the command line.' },
        { name: 'set', type: 'array', unit: '', description: 'The --set overrides applied to every run (not written into calibrated.yaml).' },
        { name: 'distance', type: 'string', unit: '', description: 'The distance, in words (its formula).' },
        { name: 'generations[].generation', type: 'integer', unit: 'index', description: 'Generation (rejection: round less 1).' },
        { name: 'generations[].proposals', type: 'integer', unit: 'particles', description: 'Particles run in the generation.' },
        { name: 'generations[].tolerance', type: 'number', unit: dist, description: 'Largest distance among the particles kept at its end (the adaptive tolerance).' },
        { name: 'generations[].kept_new', type: 'integer', unit: 'particles', description: "The generation's own particles among those kept." },
        { name: 'generations[].acceptance', type: 'number', unit: 'share (0–1)', description: 'kept_new / proposals.' },
        { name: 'generations[].runs', type: 'integer', unit: 'runs', description: 'proposals × replicates.' },
        { name: 'targets[].name', type: 'string', unit: '', description: 'Name of the target.' },
        { name: 'targets[].column', type: 'string', unit: '', description: 'The trajectory.csv column it measures.' },
        { name: 'targets[].source', type: 'string', unit: '', description: "Where the observations come from: the CSV file (as named in the spec, or --target), 'inline' (series) or 'figure' (value)." },
        { name: 'targets[].tolerance', type: 'number', unit: unitOfColumn, description: 'The error allowed.' },
        { name: 'targets[].weight', type: 'number', unit: 'weight', description: 'The target\'s weight in the distance (acts as the tolerance divided by √weight).' },
        { name: 'estimate', type: 'string', unit: '', description: 'mean or median: which posterior statistic calibrated.yaml sets (--estimate).' },
        ...PARAMETER_SUMMARY.map(([name, type, unit, description]): FieldDoc => ({ name: `parameters[].${name}`, type, unit, description })),
        ...FIT.map(([name, type, unit, description]): FieldDoc => ({ name: `fit[].${name}`, type, unit, description: name === 'mean' ? `${description} (fit.csv model_mean)` : name === 'q025' ? `${description} (fit.csv lo)` : name === 'q975' ? `${description} (fit.csv hi)` : description })),
        { name: 'check', type: 'object', unit: '', description: 'With --check N: the estimates run on N fresh replicates, never used in the fit (replicates `replicates` to `replicates` + N - 1): `replicates`, `first_replicate`, `distance` (D of their replicate means), `targets[]` (name, distance) and `observations[]` (target, label, observed, model: their replicate mean). Every particle runs on the same replicates, so the fit also learns their luck; this shows how much. null without --check.' },
      ],
    },
  ];
}

// ---------------------------------------------------------------------------
// docs/outputs.md

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The text of docs/outputs.md. */
export function outputsMarkdown(): string {
  const lines: string[] = [
    '# Output files',
    '',
    '<!-- Generated by `npm run docs` (src/report/data-dictionary.ts) from the metric catalogue (src/metrics/catalogue.ts); do not edit by hand. A test fails when this file is stale. -->',
    '',
    'Every column of every file the simulator writes, with its type, unit and definition. Numbers in CSV files have at most 10 significant digits; money is nominal yuan of the simulated year. Every folder written by `run` and `compare` also holds `datapackage.json`, a [Frictionless Data Package](https://datapackage.org/) giving the same types, units and descriptions to tools (pandas, R, `frictionless validate`). `manifest.json` records the command, program version, seed, replicates and resolved scenarios of each folder; the `report` command adds charts (`<chart>.svg`, `.png`, `.vl.json`) and `report.html`.',
    '',
    'Intervals are 95% Student-t intervals across replicates, cut at the values a quantity can take (a share within 0–1, a count at or above 0) and flagged when cut; see ODD §4.12.',
    '',
    '| file | written by |',
    '| --- | --- |',
    ...outputFiles().map((f) => `| [${f.file}](#${anchor(f.file)}) | ${f.writtenBy} |`),
  ];
  for (const f of outputFiles()) {
    lines.push('', `## ${f.file}`, '', `Written by: ${f.writtenBy}. ${f.description}`, '', `| ${f.format === 'json' ? 'field' : 'column'} | type | unit | definition |`, '| --- | --- | --- | --- |');
    for (const x of f.fields) lines.push(`| \`${cell(x.name)}\` | ${x.type} | ${cell(x.unit)} | ${cell(x.description)} |`);
  }
  return lines.join('\n') + '\n';
}

function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

// ---------------------------------------------------------------------------
// datapackage.json

/** A Frictionless data package name: lower case letters, digits, '-', '_', '.'. */
export function packageName(s: string): string {
  const n = s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return n === '' ? 'results' : n;
}

function tableResource(name: string, path: string, title: string, description: string, fields: readonly FieldDoc[], primaryKey?: string[]) {
  return {
    name,
    path,
    profile: 'tabular-data-resource',
    title,
    description,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    dialect: { delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true, header: true },
    schema: {
      fields: fields.map((f) => ({
        name: f.name,
        type: f.type,
        ...(f.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
        ...(f.unit !== '' ? { unit: f.unit } : {}),
        description: f.unit !== '' ? `${f.description} Unit: ${f.unit}.` : f.description,
      })),
      missingValues: [''],
      ...(primaryKey ? { primaryKey } : {}),
    },
  };
}

function jsonResource(name: string, path: string, description: string) {
  return { name, path, profile: 'data-resource', format: 'json', mediatype: 'application/json', encoding: 'utf-8', description };
}

const DOC_NOTE = 'Field types, units and definitions: docs/outputs.md of the simulator. Units are given in each field\'s `unit` property (not part of the Frictionless standard) and at the end of its description.';

/** datapackage.json of a `run` folder. */
export function runDataPackage(scenarioName: string): Record<string, unknown> {
  const byFile = new Map(outputFiles().map((f) => [f.file, f]));
  return {
    profile: 'tabular-data-package',
    name: packageName(`run-${scenarioName}`),
    title: `Simulation run: ${scenarioName}`,
    description: `Outputs of one run of the scenario ${scenarioName} (all replicates). ${DOC_NOTE}`,
    resources: [
      tableResource('trajectory', 'trajectory.csv', 'Trajectory', byFile.get('trajectory.csv')!.description, byFile.get('trajectory.csv')!.fields, ['scenario', 'replicate', 'year']),
      tableResource('ledger', 'ledger.csv', 'Ledger', byFile.get('ledger.csv')!.description, byFile.get('ledger.csv')!.fields),
      jsonResource('summary', 'summary.json', byFile.get('summary.json')!.description),
      jsonResource('manifest', 'manifest.json', 'Command, program version, seed, replicates, overrides and the resolved scenario.'),
    ],
  };
}

/** datapackage.json of a `compare` folder. */
export function compareDataPackage(labels: readonly string[]): Record<string, unknown> {
  const byFile = new Map(outputFiles().map((f) => [f.file, f]));
  return {
    profile: 'tabular-data-package',
    name: packageName(`compare-${labels.join('-vs-')}`).slice(0, 100),
    title: `Comparison: ${labels.join(' vs ')}`,
    description: `Outputs of a comparison of ${labels.length} scenarios run with the same seed (common random numbers). ${DOC_NOTE}`,
    resources: [
      tableResource('comparison', 'comparison.csv', 'Trajectories of every scenario', byFile.get('comparison.csv')!.description, byFile.get('comparison.csv')!.fields, ['scenario', 'replicate', 'year']),
      tableResource('differences', 'differences.csv', 'Paired differences', byFile.get('differences.csv')!.description, byFile.get('differences.csv')!.fields, ['scenario_a', 'scenario_b', 'year', 'metric']),
      jsonResource('manifest', 'manifest.json', 'Command, program version, seed, replicates, overrides and the resolved scenarios.'),
    ],
  };
}

/** A data package as the file's text. */
export function dataPackageText(pkg: Record<string, unknown>): string {
  return JSON.stringify(pkg, null, 2) + '\n';
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const out = resolve(root, OUTPUTS_DOC_FILE);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, outputsMarkdown());
  console.log(`wrote ${OUTPUTS_DOC_FILE}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
