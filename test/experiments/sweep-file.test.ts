import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Problem } from '../../src/core/errors.ts';
import { loadSweepFile, overrideText, parseSweep, pointInShard, pointOverrides, resolvePoint } from '../../src/experiments/sweep-file.ts';
import { canonicalJson } from '../../src/io/json.ts';
import { parseScenario } from '../../src/scenario/scenario.ts';
import { parseOverride } from '../../src/scenario/load.ts';
import { problems } from '../helpers/errors.ts';

const BASE = `name: tiny
population: {households: 1000, villages_per_county: 20}
time: {start_year: 2014, end_year: 2015}
`;

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pgs-sweep-file-'));
  writeFileSync(join(d, 'base.yaml'), BASE);
  return d;
}

const D = dir();
const parse = (text: string, shard?: { index: number; count: number }) => parseSweep(text, join(D, 's.yaml'), shard ? { shard } : {});

/** Problems as `line:column path: message` for compact assertions. */
const where = (ps: Problem[]) => ps.map((p) => `${p.line}:${p.column} ${p.path}`);

describe('sweep files', () => {
  it('resolves a valid sweep: defaults, points, years, hash', () => {
    const s = parse(`base: base.yaml
set: {population.households: 800}
replicates: 2
parameters:
  levers.technology: [0, 1]
  levers.fund: {from: 0, to: 1, steps: 3}
metrics: [headcount_ratio, funds_leaked]
`);
    expect(s.name).toBe('s');
    expect(s.seed).toBe(42); // the base scenario's default
    expect(s.replicates).toBe(2);
    expect(s.points).toEqual([[0, 0], [0, 0.5], [0, 1], [1, 0], [1, 0.5], [1, 1]]);
    expect(s.years).toEqual([2, 2, 2, 2, 2, 2]);
    expect(s.base.scenario.population.households).toBe(800);
    const sc = resolvePoint(s, 4);
    expect([sc.levers.technology, sc.levers.fund, sc.population.households]).toEqual([1, 0.5, 800]);
    expect(pointOverrides(s, 4)).toEqual(['population.households=800', 'levers.technology=1', 'levers.fund=0.5']);
    expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
    // The hash covers what determines results.
    expect(parse('base: base.yaml\nset: {population.households: 800}\nreplicates: 2\nparameters:\n  levers.technology: [0, 1]\n  levers.fund: {from: 0, to: 1, steps: 3}\nmetrics: [headcount_ratio, funds_leaked]\n').hash).toBe(s.hash);
    expect(parse('base: base.yaml\nset: {population.households: 800}\nreplicates: 3\nparameters:\n  levers.technology: [0, 1]\n  levers.fund: {from: 0, to: 1, steps: 3}\nmetrics: [headcount_ratio, funds_leaked]\n').hash).not.toBe(s.hash);
  });

  it('reports schema problems with line, column and path, all at once', () => {
    const ps = problems(() => parse(`base: base.yaml
parameters:
  levers.tecnology: [0, 1]
  levers.fund: {from: 1, to: 0, steps: 3}
  levers: [1]
metrics: [headcount_ratio, headcount]
design: {kind: lhs}
`));
    expect(where(ps)).toEqual([
      '3:3 parameters.levers.tecnology',
      '4:16 parameters.levers.fund',
      '5:3 parameters.levers',
      '6:28 metrics.1',
      '7:16 design.kind',
    ]);
    expect(ps[0]!.message).toMatch(/not a scenario field.*did you mean "technology"/);
    expect(ps[1]!.message).toMatch(/"from" below "to"/);
    expect(ps[2]!.message).toMatch(/a section, not a field/);
    expect(ps[3]!.message).toMatch(/unknown metric "headcount"/);
    expect(ps.every((p) => p.file === join(D, 's.yaml'))).toBe(true);
  });

  it('checks the design: steps for factorial ranges, samples for a Latin hypercube, no steps there', () => {
    expect(where(problems(() => parse('base: base.yaml\nparameters:\n  levers.fund: {from: 0, to: 1}\n')))).toEqual(['3:16 parameters.levers.fund']);
    const lhs = problems(() => parse('base: base.yaml\ndesign: {kind: latin_hypercube}\nparameters:\n  levers.fund: {from: 0, to: 1, steps: 4}\n'));
    expect(lhs.map((p) => p.path)).toEqual(['design', 'parameters.levers.fund.steps']);
    const steps = problems(() => parse('base: base.yaml\ndesign: {kind: latin_hypercube, samples: 4}\nparameters:\n  levers.fund: {from: 0, to: 1, steps: 4}\n'));
    expect(where(steps)).toEqual(['4:40 parameters.levers.fund.steps']);
    expect(problems(() => parse('base: base.yaml\nparameters: {}\n'))[0]!.message).toMatch(/at least one parameter/);
    expect(problems(() => parse('base: base.yaml\nset: {levers.fund: 1}\nparameters: {levers.fund: [0, 1]}\n'))[0]!.path).toBe('set.levers.fund');
    expect(problems(() => parse('base: base.yaml\nparameters: {seed: [1, 2]}\n'))[0]!.message).toMatch(/the sweep sets the seed/);
  });

  it('checks every value against the scenario schema, at the value', () => {
    const ps = problems(() => parse(`base: base.yaml
parameters:
  levers.technology: [0, 0.5, 1.5]
  levers.fund: {from: -1, to: 1, steps: 3}
  governance.arrangement: [single, triple]
`));
    expect(where(ps)).toEqual(['3:31 parameters.levers.technology.2', '4:23 parameters.levers.fund.from', '5:36 parameters.governance.arrangement.1']);
    expect(ps[0]!.message).toBe('expected a number between 0 and 1, an expression of year, a table {year: value} or a CSV column {csv: file, column: name}, got 1.5');
    expect(ps[2]!.message).toMatch(/one of "multi", "single", got "triple"/);
  });

  it('checks set against the base scenario', () => {
    const typo = problems(() => parse('base: base.yaml\nset: {population.housholds: 3}\nparameters: {levers.fund: [0]}\n'));
    expect(where(typo)).toEqual(['2:7 set.population.housholds']);
    expect(typo[0]!.message).toMatch(/did you mean "households"/);
    const ps = problems(() => parse('base: base.yaml\nset:\n  population.households: -5\nparameters: {levers.fund: [0]}\n'));
    expect(where(ps)).toEqual(['3:26 set.population.households']);
    expect(ps[0]!.message).toBe('expected a whole number between 10 and 5e7, got -5');
  });

  it('checks every design point in full (fields that depend on each other)', () => {
    const ps = problems(() => parse('base: base.yaml\nparameters:\n  time.start_year: [2014, 2015]\n  time.end_year: [2014, 2015]\n'));
    expect(where(ps)).toEqual(['3:3 parameters']);
    expect(ps[0]!.message).toMatch(/design point 2 \(time.start_year=2015, time.end_year=2014\).*no earlier than time.start_year/);
    // Points of different lengths: rows per run follow each point's years.
    expect(parse('base: base.yaml\nparameters:\n  time.end_year: [2014, 2016]\n').years).toEqual([1, 3]);
  });

  it('reports a missing base scenario at "base", and a broken one in its own file', () => {
    expect(where(problems(() => parse('base: nope.yaml\nparameters: {levers.fund: [0]}\n')))).toEqual(['1:7 base']);
    writeFileSync(join(D, 'broken.yaml'), 'levers: {fund: 7}\n');
    const ps = problems(() => parse('base: broken.yaml\nparameters: {levers.technology: [0]}\n'));
    expect(ps[0]).toMatchObject({ file: join(D, 'broken.yaml'), line: 1, path: 'levers.fund' });
    expect(problems(() => loadSweepFile(join(D, 'missing.yaml')))[0]!.message).toMatch(/no such file/);
  });

  it('rejects integer steps that repeat a level, at the steps; and an integer LHS range without a whole number', () => {
    const ps = problems(() => parse('base: base.yaml\nparameters:\n  population.counties: {from: 1, to: 2, steps: 5}\n'));
    expect(where(ps)).toEqual(['3:48 parameters.population.counties.steps']);
    expect(ps[0]!.message).toMatch(/round to repeated levels \(1, 1, 2, 2, 2\); use at most 2 steps, or list the values/);
    const lhs = problems(() => parse('base: base.yaml\ndesign: {kind: latin_hypercube, samples: 3}\nparameters:\n  population.counties: {from: 1.2, to: 1.8}\n'));
    expect(where(lhs)).toEqual(['4:24 parameters.population.counties']);
    expect(lhs[0]!.message).toMatch(/no whole number from 1.2 to 1.8/);
  });

  it('resolves points exactly as the scenario loader does, from the base parsed once', () => {
    const s = parse(`base: base.yaml
set: {budget.central: "4e7 * 1.1^(year - 2011)"}
design: {kind: latin_hypercube, samples: 12}
parameters:
  levers.fund: {from: 0, to: 1}
  time.end_year: {from: 2014, to: 2016}
  governance.arrangement: [single, multi]
  budget.county_own: ["1e6", "1e6 * (year - 2010)", 5e5]
`);
    for (let k = 0; k < s.points.length; k++) {
      expect(canonicalJson(resolvePoint(s, k))).toBe(canonicalJson(parseScenario(s.base.text, s.base.file, pointOverrides(s, k))));
    }
  });

  it('checks only the points of its shard when given one', () => {
    // Only point 3 (start 2015, end 2014) is invalid; with 1 replicate, shard k/2 holds points k-1, k+1, ...
    const text = 'base: base.yaml\nreplicates: 1\nparameters:\n  time.start_year: [2014, 2015]\n  time.end_year: [2015, 2014]\n';
    expect(problems(() => parse(text))[0]!.message).toMatch(/design point 3 .*no earlier than time.start_year/);
    expect(problems(() => parse(text, { index: 2, count: 2 }))[0]!.message).toMatch(/design point 3 /);
    const s = parse(text, { index: 1, count: 2 });
    expect(s.checked).toEqual({ index: 1, count: 2 });
    expect(s.years).toEqual([2, NaN, 1, NaN]);
    expect(problems(() => resolvePoint(s, 3))[0]!.message).toMatch(/no earlier than time.start_year/);
    // Which points a shard holds: run id = point * replicates + replicate.
    expect([0, 1, 2, 3, 4].map((p) => pointInShard(p, 2, { index: 2, count: 4 }))).toEqual([true, false, true, false, true]) // ids 1, 5, 9;
    expect([0, 1, 2].map((p) => pointInShard(p, 4, { index: 3, count: 4 }))).toEqual([true, true, true]);
  });

  it('writes override values that read back exactly', () => {
    fc.assert(fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(), fc.boolean()), (v) => {
      const back = parseOverride(overrideText('a.b', v)).value;
      expect(Object.is(back, v) || (v === 0 && back === 0)).toBe(true);
    }));
  });
});
