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
  format: 'csv' | 'json';
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
    { file: 'errors.csv', writtenBy: 'sweep, merge', format: 'csv', description: 'One row per run that failed, with the same identity columns as runs.csv.', fields: [...SWEEP_LEAD, { name: 'error', type: 'string', unit: '', description: 'The error message.' }] },
    {
      file: 'calibration.csv',
      writtenBy: 'calibrate',
      format: 'csv',
      description: 'One row per point tried by the calibration (rejection ABC over two rounds of Latin hypercube sampling).',
      fields: [
        { name: 'round', type: 'integer', unit: 'round (1 or 2)', description: 'Sampling round of the point.' },
        { name: 'point', type: 'integer', unit: 'index', description: 'Point number across both rounds.' },
        { name: '<parameter path>', type: 'number', unit: 'unit of the scenario field', description: 'One column per calibrated parameter: its value at the point.' },
        { name: 'distance', type: 'number', unit: 'unit of the target metric', description: "Root mean squared error between the model's mean and the target over the target years; empty if the point failed." },
        { name: 'accepted', type: 'integer', unit: '0 or 1', description: '1 when the point is among the accepted (closest) points.' },
      ],
    },
    {
      file: 'fit.csv',
      writtenBy: 'calibrate',
      format: 'csv',
      description: 'The best point against the target, year by year.',
      fields: [
        { name: 'year', type: 'integer', unit: 'calendar year', description: 'The simulated year.' },
        { name: 'target', type: 'number', unit: 'unit of the target metric', description: 'Observed value (scaled by --scale); empty in years the target does not give.' },
        { name: 'model_mean', type: 'number', unit: 'unit of the target metric', description: "Mean of the metric across the best point's replicates." },
        { name: 'lo', type: 'number', unit: 'unit of the target metric', description: '2.5% quantile of the replicate values (not a t interval).' },
        { name: 'hi', type: 'number', unit: 'unit of the target metric', description: '97.5% quantile of the replicate values.' },
      ],
    },
    {
      file: 'summary.json (calibrate)',
      writtenBy: 'calibrate',
      format: 'json',
      description: 'The calibration in one file; calibrated.yaml beside it is the scenario with the best values set.',
      fields: [
        { name: 'method', type: 'string', unit: '', description: 'Calibration method and version.' },
        { name: 'seed, replicates, budget_runs, runs_used, points, points_by_round', type: 'integer', unit: 'count', description: 'The run settings and what was used.' },
        { name: 'target', type: 'object', unit: '', description: 'Target file, column, metric, scale and years.' },
        { name: 'bounds.<parameter path>', type: 'object', unit: 'unit of the scenario field', description: 'from and to of each parameter.' },
        { name: 'rmse', type: 'number', unit: 'unit of the target metric', description: 'Distance of the best point.' },
        { name: 'best', type: 'object', unit: '', description: "The best point: round, point, parameters, rmse and each replicate's rmse and values by year." },
        { name: 'accepted', type: 'object', unit: '', description: 'Count, points and largest distance of the accepted points, and the spread (mean, sd, 2.5% and 97.5% quantiles, min, max) of each parameter among them.' },
        { name: 'fit[]', type: 'array', unit: '', description: 'The rows of fit.csv (null where there is no target).' },
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
    lines.push('', `## ${f.file}`, '', `Written by: ${f.writtenBy}. ${f.description}`, '', `| ${f.format === 'csv' ? 'column' : 'field'} | type | unit | definition |`, '| --- | --- | --- | --- |');
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
