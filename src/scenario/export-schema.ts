/**
 * `npm run schema`: writes schema/scenario.schema.json from ScenarioSchema, so
 * editors can validate and complete scenario files. A test checks the
 * committed file equals `scenarioJsonSchemaText()`, so it cannot go stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScenarioSchema } from './schema.ts';
import { jsonSchemaDocument } from './fields.ts';

/** Repository-relative location of the generated file. */
export const SCENARIO_SCHEMA_FILE = 'schema/scenario.schema.json';

export function scenarioJsonSchema(): Record<string, unknown> {
  return jsonSchemaDocument(
    ScenarioSchema,
    'Poverty governance scenario',
    'A scenario of the multi-agent simulator of collaborative poverty governance. Every field is optional: omitted fields take the documented default. Time series accept a number, an expression of year, a table {year: value}, or a CSV column {csv: file, column: name, scale} read by the loader.',
  );
}

/** A generated JSON Schema file's exact content (stable key order, two-space indent, trailing newline). */
export function schemaFileText(doc: Record<string, unknown>): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

export function scenarioJsonSchemaText(): string {
  return schemaFileText(scenarioJsonSchema());
}

/**
 * The entry of a schema generator (scenario, sweep, sensitivity): when the
 * module at `moduleUrl` is the script run, write `text()` to the
 * repository-relative `file`.
 */
export function writeSchemaWhenRun(moduleUrl: string, file: string, text: () => string): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const out = resolve(root, file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text());
  console.log(`wrote ${file}`);
}

writeSchemaWhenRun(import.meta.url, SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText);
