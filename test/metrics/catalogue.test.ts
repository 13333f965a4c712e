// The metric catalogue is the output contract of trajectory.csv: it must
// name every column the collector writes and nothing else, once each, with a
// label, unit and definition, and its derived lists must agree with it.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiments/run.ts';
import { CATALOGUE, dataDictionary, HEADLINE, INCOME_COLUMNS, metricEntry, metricRange, TRAJECTORY_COLUMNS, TRUST_COLUMNS } from '../../src/metrics/catalogue.ts';
import { small } from '../helpers/scenarios.ts';

const names = CATALOGUE.map((e) => e.name);

describe('metric catalogue', () => {
  it('names each column once, in snake_case', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('gives every entry a label, a unit and a one-sentence definition', () => {
    for (const e of CATALOGUE) {
      expect(e.label.trim(), e.name).not.toBe('');
      expect(e.unit.trim(), e.name).not.toBe('');
      expect(e.definition, e.name).toMatch(/^[A-Z"'].*\.$/s);
    }
    expect(new Set(CATALOGUE.map((e) => e.label)).size).toBe(names.length); // labels tell columns apart
  });

  it('has exactly the columns the collector writes, in row order', () => {
    const s = small({ time: { start_year: 2014, end_year: 2015 } });
    const out = runScenario(s, { seed: 3, replicates: 1 });
    expect(out.trajectory).toHaveLength(2);
    for (const row of out.trajectory) expect(Object.keys(row)).toEqual(names);
    expect(out.trajectoryColumns).toEqual(names);
    // The collector sets the year of the row itself: the year just simulated.
    expect(out.trajectory.map((r) => r['year'])).toEqual([2014, 2015]);
  });

  it('keys identify the row; every other column is numeric with a range', () => {
    expect(CATALOGUE.filter((e) => e.kind === 'key').map((e) => e.name)).toEqual(['scenario', 'replicate', 'year']);
    for (const e of CATALOGUE) if (e.kind !== 'key') expect(metricRange(e), e.name).toBeDefined();
  });

  it('derives the column lists from the entries', () => {
    expect(TRAJECTORY_COLUMNS).toEqual(names);
    expect(HEADLINE.length).toBeGreaterThan(0);
    expect(HEADLINE).toEqual(CATALOGUE.filter((e) => e.headline).map((e) => e.name));
    for (const h of HEADLINE) expect(metricEntry(h)?.kind, h).not.toBe('key');
    expect(HEADLINE).toContain('headcount_ratio');
    expect(TRUST_COLUMNS).toHaveLength(6);
    expect(INCOME_COLUMNS).toEqual(['income_farm', 'income_wage', 'income_transfer', 'income_property']);
    expect(metricEntry('no_such_metric')).toBeUndefined();
  });

  it('exports a data dictionary with one row per column', () => {
    const rows = dataDictionary();
    expect(rows.map((r) => r.column)).toEqual(names);
    expect(rows.find((r) => r.column === 'headcount_ratio')).toMatchObject({ range: '0–1', headline: true, group: 'poverty' });
    expect(rows.find((r) => r.column === 'income_farm')?.range).toBe('any');
    expect(rows.find((r) => r.column === 'exits')?.range).toBe('≥ 0');
    expect(rows.find((r) => r.column === 'year')?.range).toBe('');
  });
});
