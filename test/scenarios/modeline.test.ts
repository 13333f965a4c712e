// Issue 14, editor support: every bundled file people copy starts with the
// yaml-language-server comment naming the JSON Schema of its kind (the file's
// kind told from its top-level fields, without the comment), so an editor
// checks and completes it with the right schema; sweep-example.yaml, a sweep
// file among scenarios, gets the sweep schema; calibration specs
// (scenarios/calibration/*.params.yaml) get the calibration schema.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kindOfText } from '../../src/cli/commands/validate.ts';

const scenarios = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;
const files = readdirSync(scenarios).filter((f) => f.endsWith('.yaml'));

describe('bundled scenario, sweep and sensitivity files', () => {
  it('are there', () => {
    expect(files).toContain('baseline.yaml');
    expect(files).toContain('sweep-example.yaml');
  });

  it.each(files)('%s starts with the schema comment of its kind', (file) => {
    const text = readFileSync(join(scenarios, file), 'utf8');
    const schema = MODELINE.exec(text)?.[1];
    expect(schema, `${file}: no "# yaml-language-server: $schema=..." first line`).toBeDefined();
    const kind = kindOfText(text.replace(MODELINE, ''));
    expect(schema).toBe(`../schema/${kind}.schema.json`);
    expect(existsSync(resolve(dirname(join(scenarios, file)), schema!))).toBe(true);
  });
});

describe('bundled calibration specs', () => {
  const dir = join(scenarios, 'calibration');
  const specs = readdirSync(dir).filter((f) => f.endsWith('.params.yaml'));

  it('are there', () => expect(specs.length).toBeGreaterThanOrEqual(2));

  it.each(specs)('%s starts with the schema comment of calibration specs', (file) => {
    const schema = MODELINE.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
    expect(schema, `${file}: no "# yaml-language-server: $schema=..." first line`).toBe('../../schema/calibration.schema.json');
    expect(existsSync(resolve(dir, schema!))).toBe(true);
  });
});
