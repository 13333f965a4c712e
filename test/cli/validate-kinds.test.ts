// validate tells scenario, sweep and sensitivity files and calibration specs apart and checks each with its own loader.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileKind, kindOfText } from '../../src/cli/commands/validate.ts';
import { main } from '../../src/cli/main.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

describe('validate: the kind of a file', () => {
  it('reads the schema modeline first', () => {
    expect(kindOfText('# yaml-language-server: $schema=../schema/sweep.schema.json\nname: x\n')).toBe('sweep');
    expect(kindOfText('# yaml-language-server: $schema=../schema/sensitivity.schema.json\nbase: b.yaml\n')).toBe('sensitivity');
    expect(kindOfText('# yaml-language-server: $schema=../schema/scenario.schema.json\nparameters: 1\nbase: 2\n')).toBe('scenario');
    expect(kindOfText('# yaml-language-server: $schema=../../schema/calibration.schema.json\nparameters: {}\n')).toBe('calibration');
  });

  it('else the top-level fields, in YAML or JSON', () => {
    expect(kindOfText('base: baseline.yaml\nparameters:\n  levers.fund: [0, 1]\n')).toBe('sweep');
    expect(kindOfText('model: ishigami\nmethod: {kind: sobol, samples: 64}\nparameters: {}\n')).toBe('sensitivity');
    expect(kindOfText('{"base": "b.yaml", "parameters": {}}')).toBe('sweep');
    expect(kindOfText('parameters:\n  population.skill_mean: {from: 0.2, to: 0.5}\ntargets: {}\n')).toBe('calibration');
    expect(kindOfText('name: x\npopulation:\n  households: 10\n')).toBe('scenario');
    // A nested "parameters:" is not a top-level field.
    expect(kindOfText('name: x\nlevers:\n  parameters: 1\n  base: 2\n')).toBe('scenario');
  });

  it('knows every bundled file', async () => {
    expect(await fileKind(at('scenarios/sweep-example.yaml'))).toBe('sweep');
    expect(await fileKind(at('scenarios/sensitivity-example.yaml'))).toBe('sensitivity');
    expect(await fileKind(at('scenarios/baseline.yaml'))).toBe('scenario');
    expect(await fileKind(at('scenarios/calibration/national.params.yaml'))).toBe('calibration');
    expect(await fileKind(at('scenarios/calibration/county-a.params.yaml'))).toBe('calibration');
    expect(await fileKind(at('scenarios/no-such-file.yaml'))).toBe('scenario');
  });
});

describe('validate: a calibration spec', () => {
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { cwd: process.cwd(), stdout: { write: (x: string) => (stdout += x) }, stderr: { write: (x: string) => (stderr += x) }, stderrIsTTY: false });
    return { code, stdout, stderr };
  };

  it('accepts the bundled specs and says which parameter or target is wrong, with its line', async () => {
    for (const f of ['national', 'county-a']) {
      const r = await run(['validate', at(`scenarios/calibration/${f}.params.yaml`), '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, kind: 'calibration' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'pgs-validate-spec-'));
    const bad = join(dir, 'bad.params.yaml');
    writeFileSync(bad, 'parameters:\n  population.skil_mean: {from: 0.2, to: 0.6}\ntargets:\n  a: {column: headcount_ratoi, value: 0.1, year: 2012, tolerance: 0.01}\n');
    const r = await run(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.params\.yaml:2:3: parameters\.population\.skil_mean: .*did you mean "skill_mean"/);
    expect(r.stderr).toMatch(/bad\.params\.yaml:4:\d+: targets\.a\.column: .*did you mean "headcount_ratio"/);
  });
});
