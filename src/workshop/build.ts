/**
 * Writing workshop.html for a scenario: the scenario is checked as `run`
 * checks it, its text embedded (CSV series resolved into {year: value}
 * tables, as the loader would: the browser has no files), with the JSON
 * Schema the controls are built from, the bundled scripts and the chart
 * libraries.
 */
import { basename } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { metricEntry } from '../metrics/catalogue.ts';
import { resolveCsvSeries } from '../scenario/csv-series.ts';
import { scenarioJsonSchema } from '../scenario/export-schema.ts';
import { readBoundedText, readTextFile } from '../scenario/load.ts';
import { loadScenarioFile } from '../scenario/scenario.ts';
import { ScenarioSchema, type Scenario } from '../scenario/schema.ts';
import { readLibraries } from '../report/html.ts';
import { runError } from '../core/errors.ts';
import { bundleScripts } from './bundle.ts';
import { embedCjkFont } from './font.ts';
import { chineseText } from './page/strings.ts';
import type { JsonSchema } from './fields.ts';
import type { PageData } from './page/main.ts';
import { renderWorkshop } from './render.ts';

/**
 * The metrics of the charts and the headline table: incidence and gap, exits
 * and relapses, the registry's errors, where the money went, trust.
 */
export const WORKSHOP_METRICS = [
  'headcount_ratio',
  'poverty_gap',
  'exits',
  'relapses',
  'inclusion_error_at_registration',
  'exclusion_error_at_registration',
  'funds_delivered',
  'funds_leaked',
  'funds_captured',
  'funds_mismatched',
  'trust_household_government',
] as const;

/** Workshop size: a few thousand households (never fewer than one per village), a few replicates. */
export function workshopDefaults(s: Scenario): PageData['defaults'] {
  const villages = s.population.counties * s.population.villages_per_county;
  return { seed: s.seed, replicates: Math.min(s.replicates, 3), size: Math.min(s.population.households, Math.max(3000, villages)) };
}

/** The scenario text the page starts from: the file's own, or, when it reads CSV series, with them as tables. */
export function browserScenarioText(file: string): string {
  const text = readTextFile(file);
  const input = parseDocument(text).toJS() as unknown;
  const before = JSON.stringify(input);
  const issues = resolveCsvSeries(ScenarioSchema, input, file, readBoundedText);
  if (issues.length > 0) throw runError(`${file}: ${issues[0]!.message}`);
  return JSON.stringify(input) === before ? text : `# ${basename(file)} with its CSV series read into {year: value} tables for the workshop page\n${stringify(input)}`;
}

export async function workshopHtml(file: string, program: string): Promise<{ html: string; scenario: Scenario }> {
  const scenario = loadScenarioFile(file);
  for (const m of WORKSHOP_METRICS) if (!metricEntry(m)) throw runError(`workshop: metric ${m} is not in the catalogue`);
  const data: PageData = {
    scenarioText: browserScenarioText(file),
    file: basename(file),
    schema: scenarioJsonSchema() as JsonSchema,
    defaults: workshopDefaults(scenario),
    metrics: [...WORKSHOP_METRICS],
  };
  const [scripts, font] = await Promise.all([bundleScripts(), embedCjkFont(chineseText())]);
  return { html: renderWorkshop(data, scripts, readLibraries(), font, program), scenario };
}
