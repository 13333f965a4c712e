import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/export-schema.ts';

const committed = fileURLToPath(new URL(`../../${SCENARIO_SCHEMA_FILE}`, import.meta.url));

describe('exported JSON Schema', () => {
  it('is up to date with ScenarioSchema (run `npm run schema` if this fails)', () => {
    let text: string;
    try {
      text = readFileSync(committed, 'utf8');
    } catch {
      throw new Error(`${SCENARIO_SCHEMA_FILE} is missing: run \`npm run schema\``);
    }
    expect(text, `${SCENARIO_SCHEMA_FILE} is stale: run \`npm run schema\``).toBe(scenarioJsonSchemaText());
  });

  it('has a title, makes every field optional and documents units', () => {
    const js = scenarioJsonSchema() as { $schema: string; title: string; required?: string[]; properties: Record<string, any> };
    expect(js.$schema).toMatch(/json-schema\.org/);
    expect(js.title).toBeTruthy();
    expect(js.required ?? []).toEqual([]);
    expect(js.properties['budget'].properties.provincial_match).toMatchObject({ unit: 'ratio', minimum: 0, maximum: 10 });
    // A lever is a time series: a number 0-1 among its forms.
    const tech = js.properties['levers'].properties.technology;
    expect(tech).toMatchObject({ unit: 'share' });
    expect(tech.anyOf).toContainEqual(expect.objectContaining({ type: 'number', minimum: 0, maximum: 1 }));
  });
});
