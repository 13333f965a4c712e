// The JSON Schema of calibration specs: committed, current, and accepting the
// bundled specs (editors validate with it; the loader checks the rest).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { strictAjv } from '../helpers/strict-ajv.ts';
import { CALIBRATION_SCHEMA_FILE, calibrationJsonSchemaText } from '../../src/experiments/calibrate-schema.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const specs = readdirSync(at('scenarios/calibration')).filter((f) => f.endsWith('.params.yaml'));

describe('calibration spec JSON Schema', () => {
  it('is up to date (npm run schema if this fails)', () => {
    expect(readFileSync(at(CALIBRATION_SCHEMA_FILE), 'utf8')).toBe(calibrationJsonSchemaText());
  });

  it('compiles in ajv strict mode, accepts the bundled specs and rejects an unknown key, a target key, a bound that is not a number', () => {
    expect(specs.length).toBeGreaterThanOrEqual(2);
    const validate = strictAjv().compile(JSON.parse(calibrationJsonSchemaText()));
    for (const f of specs) {
      const spec = parse(readFileSync(at(`scenarios/calibration/${f}`), 'utf8'));
      expect(validate(spec), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const ok = { parameters: { 'population.skill_mean': { from: 0.2, to: 0.6 } }, targets: { h: { column: 'headcount_ratio', value: 0.1, year: 2014, tolerance: 0.01 } } };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, paramters: {} })).toBe(false);
    expect(validate({ ...ok, targets: { h: { ...ok.targets.h, tolerence: 0.01 } } })).toBe(false);
    expect(validate({ ...ok, parameters: { 'population.skill_mean': { from: 'low', to: 0.6 } } })).toBe(false);
    expect(validate({ ...ok, targets: { '1h': ok.targets.h } })).toBe(false);
  });
});
