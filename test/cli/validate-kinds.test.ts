// validate tells scenario, sweep and sensitivity files apart and checks each with its own loader.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileKind, kindOfText } from '../../src/cli/commands/validate.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

describe('validate: the kind of a file', () => {
  it('reads the schema modeline first', () => {
    expect(kindOfText('# yaml-language-server: $schema=../schema/sweep.schema.json\nname: x\n')).toBe('sweep');
    expect(kindOfText('# yaml-language-server: $schema=../schema/sensitivity.schema.json\nbase: b.yaml\n')).toBe('sensitivity');
    expect(kindOfText('# yaml-language-server: $schema=../schema/scenario.schema.json\nparameters: 1\nbase: 2\n')).toBe('scenario');
  });

  it('else the top-level fields, in YAML or JSON', () => {
    expect(kindOfText('base: baseline.yaml\nparameters:\n  levers.fund: [0, 1]\n')).toBe('sweep');
    expect(kindOfText('model: ishigami\nmethod: {kind: sobol, samples: 64}\nparameters: {}\n')).toBe('sensitivity');
    expect(kindOfText('{"base": "b.yaml", "parameters": {}}')).toBe('sweep');
    expect(kindOfText('name: x\npopulation:\n  households: 10\n')).toBe('scenario');
    // A nested "parameters:" is not a top-level field.
    expect(kindOfText('name: x\nlevers:\n  parameters: 1\n  base: 2\n')).toBe('scenario');
  });

  it('knows every bundled file', async () => {
    expect(await fileKind(at('scenarios/sweep-example.yaml'))).toBe('sweep');
    expect(await fileKind(at('scenarios/sensitivity-example.yaml'))).toBe('sensitivity');
    expect(await fileKind(at('scenarios/baseline.yaml'))).toBe('scenario');
    expect(await fileKind(at('scenarios/no-such-file.yaml'))).toBe('scenario');
  });
});
