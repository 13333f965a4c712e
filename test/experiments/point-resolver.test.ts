// The one way sweeps and calibration turn a design point into a scenario:
// the same scenario the loader gives for `--set` overrides, and the loader's
// own error when the point is not valid.
import { describe, expect, it } from 'vitest';
import { SimError } from '../../src/core/errors.ts';
import { createPointResolver, overrideText, settingOfText } from '../../src/experiments/point-resolver.ts';
import { parseScenario } from '../../src/scenario/scenario.ts';

const BASE = `name: tiny
population: {households: 1000, villages_per_county: 20}
time: {start_year: 2014, end_year: 2015}
`;
const FILE = '<tiny>';
const SET = ['population.households=500'];
const PATHS = ['time.end_year', 'levers.technology'];

describe('point resolver', () => {
  const r = createPointResolver(BASE, FILE, SET.map(settingOfText));

  it('gives the scenario the loader gives for set, then each parameter at its value', () => {
    for (const values of [[2016, 0.25], [2015, 1], [2016, 0.25]]) {
      const expected = parseScenario(BASE, FILE, [...SET, ...PATHS.map((p, i) => overrideText(p, values[i]))]);
      expect(r.point(PATHS, values)).toEqual(expected);
      expect(r.resolve(r.settingsOf(PATHS, values))).toEqual({ scenario: expected });
    }
    expect(r.resolve([])).toEqual({ scenario: parseScenario(BASE, FILE, SET) });
  });

  it('an invalid point: the loader\'s input error from point, its problems from resolve', () => {
    const bad = [2013, 0.5]; // ends before it starts
    let thrown: unknown;
    try {
      r.point(PATHS, bad);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SimError);
    expect((thrown as SimError).exitCode).toBe(2);
    const got = r.resolve(r.settingsOf(PATHS, bad));
    expect('problems' in got && got.problems).toEqual((thrown as SimError).problems);
  });
});
