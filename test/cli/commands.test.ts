// The command list and each command's option table: parsing that had no test
// of its own (calibrate), flags before the command name, and help generated
// from the tables.
import { describe, expect, it } from 'vitest';
import { parseArgs, type Command } from '../../src/cli/args.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { DEFAULT_CALIBRATE_BUDGET } from '../../src/cli/commands/calibrate.ts';
import { SimError } from '../../src/core/errors.ts';

const parse = (...argv: string[]): Command => parseArgs(argv, { version: '0' });
const help = (...argv: string[]): string => {
  const c = parse(...argv, '--help');
  if (c.kind !== 'print') throw new Error('expected help text');
  return c.text;
};
function messageOf(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).exitCode).toBe(2);
    return (e as SimError).message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
}

describe('parseArgs: calibrate', () => {
  const base = ['calibrate', 's.yaml', '--target', 't.csv', '--params', 'p.yaml'];

  it('leaves every optional flag undefined', () => {
    expect(parse(...base)).toEqual({
      kind: 'calibrate', scenario: 's.yaml', target: 't.csv', params: 'p.yaml',
      column: undefined, metric: undefined, scale: undefined, method: 'smc', particles: undefined, estimate: 'mean', resume: false,
      seed: undefined, replicates: undefined, budget: undefined, check: undefined, workers: undefined, out: undefined, overrides: [], quiet: false, json: false, report: false,
    });
  });

  it('reads every flag', () => {
    expect(
      parse(...base, '--column', 'c_pct', '--metric', 'm', '--scale', '0.5', '--method', 'rejection', '--particles', '40', '--estimate', 'median', '--resume', '--seed', '1', '--replicates', '3', '--budget', '50', '--workers', '2', '--out', 'o', '--set', 'a=1', '--report'),
    ).toEqual({
      kind: 'calibrate', scenario: 's.yaml', target: 't.csv', params: 'p.yaml',
      column: 'c_pct', metric: 'm', scale: 0.5, method: 'rejection', particles: 40, estimate: 'median', resume: true,
      seed: 1, replicates: 3, budget: 50, workers: 2, out: 'o', overrides: ['a=1'], quiet: false, json: false, report: true,
    });
  });

  it('requires --params, naming what it is; --target is optional (the spec may name the targets)', () => {
    expect(parse('calibrate', 's.yaml', '--params', 'p.yaml')).toMatchObject({ target: undefined });
    expect(messageOf('calibrate', 's.yaml', '--params', 'p.yaml', '--method', 'abc')).toMatch(/^--method must be smc or rejection, got 'abc'/);
    expect(messageOf('calibrate', 's.yaml', '--target', 't.csv')).toBe(
      "calibrate needs --params FILE.yaml (the parameters to fit and their bounds). Run 'sim calibrate --help' for usage.",
    );
    expect(messageOf('calibrate', 's.yaml', '--target', '', '--params', 'p.yaml')).toMatch(/^--target needs a value/);
    expect(messageOf('calibrate', '--target', 't.csv', '--params', 'p.yaml')).toMatch(/^missing scenario file/);
  });

  it('checks budget, workers and scale', () => {
    expect(messageOf(...base, '--budget', '0')).toMatch(/^--budget must be an integer from 1 to 10000000, got '0'/);
    expect(messageOf(...base, '--workers', '2000')).toMatch(/^--workers must be an integer from 1 to 1024/);
    expect(messageOf(...base, '--scale', '0')).toMatch(/^--scale must be a positive number, got '0'/);
    expect(messageOf(...base, '--scale', 'x')).toMatch(/^--scale must be a positive number/);
    expect(messageOf(...base, '--plot')).toMatch(/^unknown argument: plot/);
  });
});

describe('the command list', () => {
  it('sim --help lists every command in the list order', () => {
    const text = help();
    const at = COMMANDS.map((c) => text.indexOf(`sim ${c.usage}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("every command's help shows each flag of its table, with its default or (required)", () => {
    for (const c of COMMANDS) {
      const text = help(c.name);
      expect(text).toContain(`sim ${c.usage}`);
      expect(text).toContain(c.description.slice(0, 40));
      const shown = [...text.matchAll(/^ {2}(?:-[a-zA-Z], | {4})--([a-z]+) /gm)].map((m) => m[1]);
      expect(shown).toEqual(['version', 'help', ...c.flags]);
    }
    expect(help('calibrate')).toContain(`allowed (default: ${DEFAULT_CALIBRATE_BUDGET})`);
    expect(help('calibrate')).toMatch(/--params +Parameters to fit and targets: .*\n?.*\(required\)/);
    expect(help('calibrate')).toMatch(/--method +Sequential Monte Carlo ABC, or issue 5's two-round rejection[\s\S]*smc or rejection[\s\S]*\(default: smc\)/);
    expect(help('merge')).toMatch(/--out +Output directory \(required\)/);
    expect(help('run')).toMatch(/--set +Override a scenario field: path=value \(repeatable\)/);
  });

  it('flags before the command name reach that command', () => {
    expect(parse('--seed', '3', 'run', 's.yaml')).toMatchObject({ kind: 'run', scenario: 's.yaml', seed: 3 });
    expect(parse('--set', 'a=1', 'validate', 'x.yaml')).toEqual({ kind: 'validate', scenario: 'x.yaml', overrides: ['a=1'], quiet: false, json: false });
    expect(parse('--out', 'o', 'sweep', 's.yaml')).toMatchObject({ kind: 'sweep', sweep: 's.yaml', out: 'o' });
  });
});
