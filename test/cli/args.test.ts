import { describe, expect, it } from 'vitest';
import { parseArgs, type Command } from '../../src/cli/args.ts';
import { SimError } from '../../src/core/errors.ts';

const program = { version: '9.8.7' };
const parse = (...argv: string[]): Command => parseArgs(argv, program);

/** The input error parseArgs throws for argv (fails the test if it does not throw one). */
function inputErrorOf(...argv: string[]): SimError {
  try {
    parse(...argv);
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).exitCode).toBe(2);
    return e as SimError;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
}

describe('parseArgs: run', () => {
  it('leaves seed, replicates and out undefined when not given', () => {
    expect(parse('run', 'scenarios/base.yaml')).toEqual({
      kind: 'run',
      scenario: 'scenarios/base.yaml',
      seed: undefined,
      replicates: undefined,
      out: undefined,
      overrides: [],
      report: false,
    });
  });

  it('reads every flag, with repeated --set in order', () => {
    expect(
      parse('run', 's.yaml', '--seed', '7', '--replicates', '20', '--out', 'o/x', '--set', 'a.b=1', '--set=c=[1, 2]'),
    ).toEqual({ kind: 'run', scenario: 's.yaml', seed: 7, replicates: 20, out: 'o/x', overrides: ['a.b=1', 'c=[1, 2]'], report: false });
  });

  it('takes one value per --set, so flags may precede the scenario', () => {
    const c = parse('run', '--set', 'x=1', '--seed=0', 's.yaml');
    expect(c).toMatchObject({ kind: 'run', scenario: 's.yaml', seed: 0, overrides: ['x=1'] });
  });

  it('accepts the largest 32-bit seed', () => {
    expect(parse('run', 's.yaml', '--seed', '4294967295')).toMatchObject({ seed: 4294967295 });
  });

  it.each([
    ['--seed', '-1'],
    ['--seed', '1.5'],
    ['--seed', 'abc'],
    ['--seed', '1e3'],
    ['--seed', '0x10'],
    ['--seed', '4294967296'],
    ['--replicates', '0'],
    ['--replicates', '-2'],
    ['--replicates', '2.5'],
    ['--replicates', 'many'],
  ])('rejects %s %s as bad input naming the flag', (flag, value) => {
    const e = inputErrorOf('run', 's.yaml', flag, value);
    expect(e.message).toContain(flag);
    expect(e.message).toContain("'sim run --help'");
  });

  it('rejects a flag without a value, a flag given twice, and --set without "="', () => {
    expect(inputErrorOf('run', 's.yaml', '--seed').message).toMatch(/--seed needs a value/);
    expect(inputErrorOf('run', 's.yaml', '--replicates', '2', '--replicates', '3').message).toMatch(/more than once/);
    expect(inputErrorOf('run', 's.yaml', '--set', 'novalue').message).toMatch(/--set expects path=value/);
  });

  it('rejects a missing scenario, extra positionals and unknown flags', () => {
    expect(inputErrorOf('run').message).toMatch(/missing scenario file/);
    expect(inputErrorOf('run', 'a.yaml', 'b.yaml').message).toMatch(/unknown argument: b\.yaml/);
    expect(inputErrorOf('run', 'a.yaml', '--seeds', '3').message).toMatch(/unknown argument/);
  });
});

describe('parseArgs: validate', () => {
  it('reads the scenario and overrides', () => {
    expect(parse('validate', 'x.yaml', '--set', 'seed=1', '--set', 'name=b')).toEqual({
      kind: 'validate',
      scenario: 'x.yaml',
      overrides: ['seed=1', 'name=b'],
      quiet: false,
      json: false,
    });
  });
  it('does not accept run-only flags', () => {
    expect(inputErrorOf('validate', 'x.yaml', '--seed', '3').message).toMatch(/unknown argument: seed.*'sim validate --help'/);
  });
});

describe('parseArgs: help, version, commands', () => {
  it('--version prints the version it is given', () => {
    expect(parse('--version')).toEqual({ kind: 'print', text: '9.8.7' });
  });

  it('--help lists the commands; run --help and validate --help describe their flags', () => {
    const top = parse('--help');
    expect(top.kind).toBe('print');
    if (top.kind !== 'print') return;
    expect(top.text).toMatch(/sim run <scenario>/);
    expect(top.text).toMatch(/sim validate <scenario>/);

    const run = parse('run', '--help');
    if (run.kind !== 'print') throw new Error('expected help text');
    for (const flag of ['--seed', '--replicates', '--out', '--set']) expect(run.text).toContain(flag);

    const validate = parse('validate', '--help');
    if (validate.kind !== 'print') throw new Error('expected help text');
    expect(validate.text).toContain('--set');
    expect(validate.text).not.toContain('--seed');
  });

  it('help text does not depend on the environment (locale, terminal width)', () => {
    expect(parse('--help')).toEqual(parse('--help'));
    const text = (parse('run', '--help') as { text: string }).text;
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(88);
  });

  it('rejects an unknown or missing command with a hint', () => {
    expect(inputErrorOf('simulate', 'x.yaml').message).toBe(
      "unknown command 'simulate' (expected run, validate, compare, sweep, merge, report, calibrate, decompose, sensitivity or workshop). Run 'sim --help' for usage.",
    );
    expect(inputErrorOf().message).toMatch(/missing command.*'sim --help'/);
    expect(inputErrorOf('--frobnicate').message).toMatch(/'sim --help'/);
  });
});
