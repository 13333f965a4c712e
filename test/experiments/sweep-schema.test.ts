// The JSON Schema of sweep files: committed, current, and accepting the bundled sweep.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { strictAjv } from '../helpers/strict-ajv.ts';
import { SWEEP_SCHEMA_FILE, sweepJsonSchemaText } from '../../src/experiments/sweep-schema.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

describe('sweep JSON Schema', () => {
  it('is up to date (npx tsx src/experiments/sweep-schema.ts if this fails)', () => {
    expect(readFileSync(at(SWEEP_SCHEMA_FILE), 'utf8')).toBe(sweepJsonSchemaText());
  });

  it('compiles in ajv strict mode, accepts the bundled sweep and rejects an unknown key', () => {
    const ajv = strictAjv();
    const validate = ajv.compile(JSON.parse(sweepJsonSchemaText()));
    const sweep = parse(readFileSync(at('scenarios/sweep-example.yaml'), 'utf8'));
    expect(validate(sweep), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...sweep, replicatse: 3 })).toBe(false);
  });
});
