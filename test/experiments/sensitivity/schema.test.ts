// The JSON Schema of sensitivity files: committed, current, and accepting
// the bundled files (editors validate with it; the loader checks the rest).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { strictAjv } from '../../helpers/strict-ajv.ts';
import { SENSITIVITY_SCHEMA_FILE, sensitivityJsonSchemaText } from '../../../src/experiments/sensitivity/sensitivity-schema.ts';

const at = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

describe('sensitivity JSON Schema', () => {
  it('is up to date (npx tsx src/experiments/sensitivity/sensitivity-schema.ts if this fails)', () => {
    expect(readFileSync(at(SENSITIVITY_SCHEMA_FILE), 'utf8')).toBe(sensitivityJsonSchemaText());
  });

  it('compiles in ajv strict mode, accepts the bundled analyses and rejects an unknown key', () => {
    const ajv = strictAjv();
    const validate = ajv.compile(JSON.parse(sensitivityJsonSchemaText()));
    for (const f of ['scenarios/sensitivity-ishigami.yaml', 'scenarios/sensitivity-example.yaml']) {
      expect(validate(parse(readFileSync(at(f), 'utf8'))), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ model: 'ishigami', method: { kind: 'sobol', samples: 64 }, sampels: 3 })).toBe(false);
  });
});
