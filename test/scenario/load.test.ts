import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { SimError, formatProblem } from '../../src/core/errors.ts';
import { bool, enumOf, num, section, share, str } from '../../src/scenario/fields.ts';
import { timeSeries } from '../../src/scenario/expressions.ts';
import { loadDocumentFile, parseDocument, parseOverride } from '../../src/scenario/load.ts';
import { ScenarioSchema } from '../../src/scenario/schema.ts';
import { problems } from '../helpers/errors.ts';

// A small stand-in for the scenario schema: the loader is generic.
const S = z.strictObject({
  name: str('Name.', 'base'),
  seed: num({ description: 'Seed.', min: 0, int: true, default: 1 }),
  mode: enumOf(['fast', 'slow'] as const, 'Mode.', 'slow'),
  verbose: bool('Verbose.', false),
  levers: section('Levers.', {
    technology: share('Technology synergy.', 0.5),
    fund: share('Fund synergy.', 0.5),
  }),
  budget: section('Budget.', {
    central: timeSeries({ description: 'Central budget.', unit: 'yuan/year', min: 0, max: 1e12, default: 1e8 }),
  }),
  poverty_line: timeSeries({ description: 'Poverty line.', unit: 'yuan', min: 0, default: { '2010': 2300 } }),
  events: z.array(z.strictObject({ year: num({ description: 'Year.', int: true, default: 2015 }) })).default([]),
});

const parse = (text: string, overrides?: string[], years?: number[]) =>
  parseDocument(S, text, 's.yaml', { ...(overrides ? { overrides } : {}), ...(years ? { years: () => years } : {}) });

describe('parseDocument', () => {
  it('fills defaults from an empty document', () => {
    expect(parse('')).toEqual(S.parse({}));
    expect(parse('# only a comment\n').levers.technology).toBe(0.5);
  });

  it('reads YAML and JSON', () => {
    expect(parse('levers:\n  technology: 0.8\npoverty_line: {2011: 2536, 2016: 2952}\n').poverty_line).toEqual({ '2011': 2536, '2016': 2952 });
    const v = parse('{"name": "json", "levers": {"fund": 0.25}, "budget": {"central": "2e8*1.1^(year-2011)"}}');
    expect(v.name).toBe('json');
    expect(v.levers).toEqual({ technology: 0.5, fund: 0.25 });
    expect(v.budget.central).toBe('2e8*1.1^(year-2011)');
  });

  it('reports every syntax error with line and column', () => {
    const ps = problems(() => parse('name: x\nlevers: [1, 2\nbudget: : d\n'));
    expect(ps.length).toBeGreaterThanOrEqual(2);
    for (const p of ps) expect(p).toMatchObject({ file: 's.yaml', line: expect.any(Number), column: expect.any(Number) });
    expect(ps.map((p) => p.line)).toContain(3);
    expect(ps[0]!.message).not.toMatch(/\n/);
  });

  it('reports duplicate keys and unknown tags', () => {
    expect(problems(() => parse('name: a\nname: b\n'))[0]).toMatchObject({ line: 2, column: 1, message: expect.stringMatching(/unique/) });
    expect(problems(() => parse('name: !!js/function x\n'))[0]).toMatchObject({ line: 1, column: 7, message: expect.stringMatching(/tag/i) });
  });

  it('wrong type: says what was expected and what it got, at the value', () => {
    const ps = problems(() => parse('levers:\n  technology: abc\n'));
    expect(ps).toEqual([
      { file: 's.yaml', line: 2, column: 15, path: 'levers.technology', message: 'expected a number between 0 and 1, got "abc"' },
    ]);
  });

  it('out of range and wrong enum', () => {
    expect(problems(() => parse('levers: {fund: 1.5}\n'))[0]).toMatchObject({ line: 1, column: 16, path: 'levers.fund', message: 'expected a number between 0 and 1, got 1.5' });
    expect(problems(() => parse('seed: 2.5\n'))[0]).toMatchObject({ path: 'seed', message: 'expected a whole number of at least 0, got 2.5' });
    expect(problems(() => parse('mode: medium\n'))[0]).toMatchObject({ path: 'mode', message: 'expected one of "fast", "slow", got "medium"' });
    expect(problems(() => parse('verbose: yes\n'))[0]).toMatchObject({ message: 'expected true or false, got "yes"' });
    expect(problems(() => parse('levers:\n'))[0]).toMatchObject({ line: 1, path: 'levers', message: expect.stringMatching(/^expected a mapping of fields.*got an empty value$/) });
  });

  it('unknown field: points at the key and suggests the likely one', () => {
    const ps = problems(() => parse('name: x\nlevrs:\n  technology: 1\n'));
    expect(ps).toEqual([
      {
        file: 's.yaml', line: 2, column: 1, path: 'levrs',
        message: 'unknown field "levrs"; did you mean "levers"? known fields: name, seed, mode, verbose, levers, budget, poverty_line, events',
      },
    ]);
    expect(problems(() => parse('levers:\n  fund: 0.1\n  zzz: 1\n'))[0]).toMatchObject({ line: 3, column: 3, path: 'levers.zzz', message: 'unknown field "zzz"; known fields: technology, fund' });
    expect(problems(() => parse('events:\n  - year: 2016\n  - yeer: 2017\n'))[0]).toMatchObject({ line: 3, column: 5, path: 'events.1.yeer' });
  });

  it('missing required field: points at the parent mapping', () => {
    const R = z.strictObject({ inner: z.strictObject({ need: z.number(), other: z.number().optional() }) });
    expect(problems(() => parseDocument(R, 'inner:\n  other: 1\n', 'r.yaml'))).toEqual([
      { file: 'r.yaml', line: 2, column: 3, path: 'inner.need', message: 'missing required field "need"; expected a number' },
    ]);
    expect(problems(() => parseDocument(R, '{}', 'r.yaml'))[0]).toMatchObject({ line: 1, column: 1, path: 'inner', message: expect.stringMatching(/^missing required field "inner"/) });
  });

  it('reports all problems at once, in document order', () => {
    const ps = problems(() => parse('levers:\n  technology: 2\n  fnd: 0.3\nseed: -1\nmode: x\n'));
    expect(ps.map((p) => [p.line, p.path])).toEqual([[2, 'levers.technology'], [3, 'levers.fnd'], [4, 'seed'], [5, 'mode']]);
    try {
      parse('levers:\n  technology: 2\n  fnd: 0.3\nseed: -1\n');
    } catch (e) {
      expect((e as Error).message).toBe('s.yaml: 3 problems');
      expect(formatProblem((e as SimError).problems[0]!)).toBe('s.yaml:2:15: levers.technology: expected a number between 0 and 1, got 2');
    }
  });

  it('time series: expression errors and table keys, located', () => {
    expect(problems(() => parse('budget:\n  central: "yeer * 2"\n'))[0]).toMatchObject({
      line: 2, column: 12, path: 'budget.central',
      message: expect.stringMatching(/^invalid expression "yeer \* 2": unknown variable "yeer".*allowed: year/),
    });
    expect(problems(() => parse('poverty_line:\n  2010: 2300\n  abc: 1\n'))[0]).toMatchObject({ line: 3, column: 3, path: 'poverty_line.abc', message: 'invalid key "abc": must be a year such as 2015' });
    expect(problems(() => parse('poverty_line: {2010: x}\n'))[0]).toMatchObject({ line: 1, column: 22, path: 'poverty_line.2010', message: 'expected a number of at least 0, got "x"' });
    expect(problems(() => parse('poverty_line: true\n'))[0]).toMatchObject({ path: 'poverty_line', message: 'expected a number of at least 0, an expression of year, a table {year: value} or a CSV column {csv: file, column: name}, got true' });
  });

  it('time series ranges at the run years, located', () => {
    const text = 'budget:\n  central: "year >= 2015 ? 1e99 : 1e8"\n';
    expect(parse(text, undefined, [2011, 2014]).budget.central).toMatch(/1e99/);
    expect(problems(() => parse(text, undefined, [2011, 2015]))).toEqual([
      { file: 's.yaml', line: 2, column: 12, path: 'budget.central', message: 'value 1e99 at year 2015 is above the maximum 1e12' },
    ]);
  });

  it('rejects prototype keys anywhere without polluting Object.prototype', () => {
    const ps = problems(() => parse('__proto__: {polluted: 1}\nlevers:\n  constructor: {prototype: {polluted: 2}}\nevents:\n  - prototype: 1\n'));
    expect(ps.map((p) => [p.line, p.column, p.path])).toEqual([[1, 1, '__proto__'], [3, 3, 'levers.constructor'], [5, 5, 'events.0.prototype']]);
    expect(ps[0]!.message).toBe('the key "__proto__" is not allowed');
    expect(problems(() => parse('{"__proto__": {"polluted": 1}}'))).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('alias problems are input errors, not crashes', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`k${i}: &a${i} [${Array(9).fill(i === 1 ? '*a' : `*a${i - 1}`).join(', ')}]`);
    expect(problems(() => parse(bomb.join('\n')))[0]!.message).toMatch(/alias/i);
    expect(problems(() => parse('levers: *nope\n'))[0]).toMatchObject({ line: 1, column: 9, message: expect.stringMatching(/alias/i) });
    expect(problems(() => parse('', ['name=*nope']))[0]!.message).toMatch(/cannot read the value/);
  });

  it('a second document is reported', () => {
    expect(problems(() => parse('name: a\n---\nname: b\n'))[0]).toMatchObject({ line: 2, message: expect.stringMatching(/single document/) });
  });

  it('any text, JSON or override gives a value or an input error, never another exception', () => {
    const attempt = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(SimError);
        expect((e as SimError).problems.length).toBeGreaterThan(0);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (t) => attempt(() => parse(t))), { numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue(), (j) => attempt(() => parse(JSON.stringify(j)))), { numRuns: 300 });
    const key = fc.constantFrom('levers', 'technology', 'fund', 'budget', 'central', 'events', '0', 'year', '__proto__', '');
    const override = fc.tuple(fc.array(key, { maxLength: 3 }), fc.string({ maxLength: 20 })).map(([p, v]) => `${p.join('.')}=${v}`);
    fc.assert(fc.property(fc.array(fc.oneof(override, fc.string({ maxLength: 20 })), { maxLength: 3 }), (os) => attempt(() => parse('', os))), { numRuns: 300 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('rejects non-scalar keys', () => {
    expect(problems(() => parse('? [a, b]\n: 1\n'))[0]!.message).toMatch(/plain names/);
  });
});

describe('--set overrides', () => {
  it('parseOverride reads the value as YAML', () => {
    expect(parseOverride('levers.technology=0.8')).toEqual({ path: ['levers', 'technology'], value: 0.8 });
    expect(parseOverride('name=foo')).toEqual({ path: ['name'], value: 'foo' });
    expect(parseOverride('budget.central=2e8*1.1^(year-2011)')).toEqual({ path: ['budget', 'central'], value: '2e8*1.1^(year-2011)' });
    expect(parseOverride('poverty_line={2011: 2536, 2016: 2952}').value).toEqual({ '2011': 2536, '2016': 2952 });
    expect(parseOverride('name=a=b').value).toBe('a=b');
  });

  it('parseOverride errors', () => {
    expect(problems(() => parseOverride('levers.technology'))[0]).toMatchObject({ file: '--set', message: expect.stringMatching(/missing "="/) });
    expect(problems(() => parseOverride('levers..technology=1'))[0]!.message).toMatch(/empty field name/);
    expect(problems(() => parseOverride('=1'))[0]!.message).toMatch(/empty field name/);
    expect(problems(() => parseOverride('__proto__.polluted=1'))[0]!.message).toMatch(/"__proto__" is not allowed/);
    expect(problems(() => parseOverride('levers.constructor=1'))[0]!.message).toMatch(/"constructor" is not allowed/);
    expect(problems(() => parseOverride('name={__proto__: {polluted: 1}}'))[0]!.message).toMatch(/"__proto__" is not allowed/);
    expect(problems(() => parseOverride('name=[1, 2'))[0]!.message).toMatch(/cannot read the value/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('apply before validation and defaults', () => {
    const v = parse('levers:\n  technology: 0.2\n', ['levers.technology=0.8', 'name=foo', 'budget.central="2e8*1.1^(year-2011)"', 'poverty_line={2011: 2536, 2016: 2952}', 'levers.fund=0.1']);
    expect(v.levers).toEqual({ technology: 0.8, fund: 0.1 });
    expect(v.name).toBe('foo');
    expect(v.budget.central).toBe('2e8*1.1^(year-2011)');
    expect(v.poverty_line).toEqual({ '2011': 2536, '2016': 2952 });
    expect(parse('', ['events.0.year=2017']).events).toEqual([{ year: 2017 }]);
    expect(parse('events: [{year: 2016}]', ['events.0.year=2018']).events).toEqual([{ year: 2018 }]);
  });

  it('unknown path: names the override and lists the known keys at that level', () => {
    const ps = problems(() => parse('', ['levers.tech=0.8']));
    expect(ps).toEqual([
      { file: '--set', path: 'levers.tech', message: '"levers.tech=0.8": unknown field "tech" in levers; known fields: technology, fund' },
    ]);
    expect(problems(() => parse('', ['levrs.technology=1']))[0]!.message).toMatch(/unknown field "levrs"; did you mean "levers"\?/);
    expect(problems(() => parse('', ['seed.x=1']))[0]!.message).toMatch(/"seed" has no field "x"/);
  });

  it('invalid values are reported against --set, together with the file problems', () => {
    const ps = problems(() => parse('mode: x\n', ['levers.technology=abc', 'budget.central=yeer']));
    expect(ps).toEqual([
      { file: 's.yaml', line: 1, column: 7, path: 'mode', message: 'expected one of "fast", "slow", got "x"' },
      { file: '--set', path: 'levers.technology', message: 'expected a number between 0 and 1, got "abc"' },
      expect.objectContaining({ file: '--set', path: 'budget.central', message: expect.stringMatching(/unknown variable "yeer"/) }),
    ]);
  });

  it('cannot set inside a scalar of the file', () => {
    const ps = problems(() => parse('levers: 3\n', ['levers.fund=0.1']));
    expect(ps).toContainEqual(expect.objectContaining({ file: '--set', message: expect.stringMatching(/cannot set inside "levers", which is 3 in the file/) }));
    expect(ps).toContainEqual(expect.objectContaining({ file: 's.yaml', line: 1, path: 'levers' }));
  });
});

describe('loadDocumentFile', () => {
  it('reads a file; a missing file is an input error naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-'));
    const f = join(dir, 'a.yaml');
    writeFileSync(f, 'levers:\n  fund: 0.9\n');
    expect(loadDocumentFile(S, f).levers.fund).toBe(0.9);
    const missing = join(dir, 'missing.yaml');
    expect(problems(() => loadDocumentFile(S, missing))).toEqual([{ file: missing, path: '', message: 'cannot read file: no such file' }]);
    expect(problems(() => loadDocumentFile(S, dir))[0]!.message).toMatch(/is a directory/);
    writeFileSync(f, '\ufefflevers:\n  fund: 2\n');
    expect(problems(() => loadDocumentFile(S, f))[0]).toMatchObject({ file: f, line: 2, path: 'levers.fund' });
  });
});

describe('with the real ScenarioSchema', () => {
  it('an empty scenario is all defaults, and --set reaches a lever', () => {
    const v = parseDocument(ScenarioSchema, '', 'empty.yaml', { overrides: ['levers.technology=0.8'] });
    expect(v.levers.technology).toBe(0.8);
    expect(v).toEqual({ ...ScenarioSchema.parse({}), levers: { ...ScenarioSchema.parse({}).levers, technology: 0.8 } });
  });
});
