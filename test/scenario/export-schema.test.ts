import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kindOfText } from '../../src/cli/commands/validate.ts';
import { strictAjv } from '../helpers/strict-ajv.ts';
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
    expect(js.properties['budget'].properties.provincial_match).toMatchObject({ 'x-unit': 'ratio', minimum: 0, maximum: 10 });
    // A lever is a time series: a number 0-1 among its forms.
    const tech = js.properties['levers'].properties.technology;
    expect(tech).toMatchObject({ 'x-unit': 'share', 'x-timeSeries': { min: 0, max: 1 } });
    expect(tech.anyOf).toContainEqual(expect.objectContaining({ type: 'number', minimum: 0, maximum: 1 }));
  });

  it('compiles in ajv strict mode (its own annotations declared): no unknown keyword, no union type list', () => {
    expect(() => strictAjv().compile(scenarioJsonSchema())).not.toThrow();
    // The old custom keywords are gone (strict ajv refused them), under any name but their x- one.
    const text = scenarioJsonSchemaText();
    expect(text).not.toMatch(/"(unit|timeSeries)":/);
    expect(text).toMatch(/"x-unit":/);
  });

  it('accepts every bundled scenario and rejects a typo, a value out of range and a wrong type', () => {
    const validate = strictAjv().compile(scenarioJsonSchema());
    const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
    const scenarios = readdirSync(dir).filter((f) => f.endsWith('.yaml') && kindOfText(readFileSync(dir + f, 'utf8')) === 'scenario');
    expect(scenarios).toContain('baseline.yaml');
    for (const f of scenarios) expect(validate(parse(readFileSync(dir + f, 'utf8')) ?? {}), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(validate({ levers: { fundd: 0.5 } })).toBe(false);
    expect(validate({ levers: { fund: 1.5 } })).toBe(false);
    expect(validate({ replicates: 'five' })).toBe(false);
  });

  it('shows the unit in the hover text (markdownDescription) of every field with a unit', () => {
    const fields: Record<string, any>[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        if ('x-unit' in n) fields.push(n as Record<string, any>);
        Object.entries(n).forEach(([k, v]) => k !== 'default' && walk(v));
      }
    };
    walk(scenarioJsonSchema());
    expect(fields.length).toBeGreaterThan(50);
    for (const f of fields) {
      expect(f['markdownDescription'], f['description']).toMatch(new RegExp(`\\n\\nUnit: \\*\\*.+\\*\\*$`));
      expect(f['markdownDescription'].replace(/\\(.)/g, '$1')).toBe(`${f['description']}\n\nUnit: **${f['x-unit']}**`);
    }
    const fund = (scenarioJsonSchema() as any).properties.levers.properties.fund;
    expect(fund.markdownDescription).toMatch(/Unit: \*\*share\*\*$/);
  });
});
