import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSeries } from '../../src/scenario/expressions.ts';
import { loadScenarioFile, prepareScenario } from '../../src/scenario/scenario.ts';
import { spliceSeries } from '../../src/scenario/csv-series.ts';
import { problems } from '../helpers/errors.ts';

const CSV = 'year,line,funds,note\n2010,2300,22.27,a\n2011,2536,,b\n2012,2625,33.2,c\n';

/** A scenario file in a sub-folder and a CSV beside its parent, as the bundled files reach ../shared/data. */
function setup(scenario: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'csv-series-'));
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(join(dir, 'inputs.csv'), CSV);
  const file = join(dir, 'scenarios', 's.yaml');
  writeFileSync(file, scenario);
  return file;
}

describe('time series from a CSV column', () => {
  it('becomes a {year: value} table, relative to the scenario file, scaled, empty cells left out', () => {
    const s = loadScenarioFile(
      setup('time: {start_year: 2011, end_year: 2012}\npoverty_line: {csv: ../inputs.csv, column: line}\nbudget:\n  central: {csv: ../inputs.csv, column: funds, scale: 1e9}\n'),
    );
    expect(s.poverty_line).toEqual({ '2010': 2300, '2011': 2536, '2012': 2625 });
    expect(s.budget.central).toEqual({ '2010': 22.27 * 1e9, '2012': 33.2 * 1e9 });
    // the missing 2011 is interpolated by the table rule
    expect(compileSeries(s.budget.central)(2011)).toBeCloseTo((22.27e9 + 33.2e9) / 2, 0);
  });

  it('resolves for every design point of a sweep as well', () => {
    const file = setup('time: {start_year: 2011, end_year: 2012}\npoverty_line: {csv: ../inputs.csv, column: line}\n');
    const resolve = prepareScenario('time: {start_year: 2011, end_year: 2012}\npoverty_line: {csv: ../inputs.csv, column: line}\n', file);
    expect(resolve([])?.poverty_line).toEqual({ '2010': 2300, '2011': 2536, '2012': 2625 });
    expect(resolve([{ path: ['poverty_line'], value: { csv: '../inputs.csv', column: 'nope' } }])).toBeUndefined();
  });

  it('says which file, field and column is wrong, with the line of the reference', () => {
    const file = setup('poverty_line: {csv: ../inputs.csv, column: lines}\nbudget:\n  central: {csv: ../missing.csv, column: funds}\n');
    const ps = problems(() => loadScenarioFile(file));
    expect(ps).toHaveLength(2);
    expect(ps[0]).toMatchObject({ file, line: 1, path: 'poverty_line' });
    expect(ps[0]!.message).toMatch(/no column "lines"; did you mean "line"\?/);
    expect(ps[1]).toMatchObject({ file, line: 3, path: 'budget.central' });
    expect(ps[1]!.message).toMatch(/cannot read the CSV series file \.\.\/missing\.csv .*no such file/);
  });

  it('refuses a cell that is not a number, an unknown field and a missing column name', () => {
    const bad = (ref: string) => problems(() => loadScenarioFile(setup(`poverty_line: ${ref}\n`)))[0]!.message;
    expect(bad('{csv: ../inputs.csv, column: note}')).toMatch(/line 2: "note" must be a number, got "a"/);
    expect(bad('{csv: ../inputs.csv, column: line, unit: yuan}')).toMatch(/unknown field "unit"/);
    expect(bad('{csv: ../inputs.csv}')).toMatch(/needs "column"/);
    expect(bad('{csv: ../inputs.csv, column: line, scale: 0}')).toMatch(/"scale" must be/);
  });

  it('validates the values it read like any other table', () => {
    const ps = problems(() => loadScenarioFile(setup('poverty_line: {csv: ../inputs.csv, column: line, scale: -1}\n')));
    expect(ps[0]!.path).toMatch(/^poverty_line\.2010$/);
    expect(ps[0]!.line).toBe(1);
  });

  it('works from --set, relative to the scenario file', () => {
    const file = setup('time: {start_year: 2011, end_year: 2012}\n');
    const s = loadScenarioFile(file, ['poverty_line={csv: ../inputs.csv, column: line}']);
    expect(s.poverty_line).toEqual({ '2010': 2300, '2011': 2536, '2012': 2625 });
  });
});

describe('splice: a series with a definitional break', () => {
  it('rescales the years before the splice so growth into it is the mean of the growth on either side', () => {
    // NBS rural income: net income to 2012, disposable income from 2013.
    const t: Record<string, number> = { '2010': 5919, '2011': 6977, '2012': 7917, '2013': 9430, '2014': 10489 };
    expect(spliceSeries(t, 2013)).toBeUndefined();
    const g = (7917 / 6977 + 10489 / 9430) / 2;
    expect(t['2013']! / t['2012']!).toBeCloseTo(g, 12);
    // values from the splice year on are kept; growth within the old series is kept
    expect(t['2013']).toBe(9430);
    expect(t['2014']).toBe(10489);
    expect(t['2011']! / t['2010']!).toBeCloseTo(6977 / 5919, 12);
    expect(t['2012']! / t['2011']!).toBeCloseTo(7917 / 6977, 12);
  });

  it('uses the one growth that is observed, and says when none is', () => {
    const t: Record<string, number> = { '2012': 100, '2013': 150, '2014': 165 };
    expect(spliceSeries(t, 2013)).toBeUndefined();
    expect(t['2012']).toBeCloseTo(150 / 1.1, 10);
    expect(spliceSeries({ '2012': 100, '2013': 150 }, 2013)).toMatch(/needs a value in 2011 or 2014/);
    expect(spliceSeries({ '2011': 100, '2013': 150 }, 2013)).toMatch(/needs values in 2012 and 2013/);
  });

  it('is an option of a CSV series reference, applied before the table is used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-splice-'));
    writeFileSync(join(dir, 'inc.csv'), 'year,income\n2011,100\n2012,110\n2013,200\n2014,220\n');
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'time: {start_year: 2011, end_year: 2014}\neconomy:\n  income_index: {csv: inc.csv, column: income, scale: 0.01, splice: 2013}\n');
    const s = loadScenarioFile(file);
    const t = s.economy.income_index as Record<string, number>;
    expect(t['2013']).toBeCloseTo(2, 12);
    expect(t['2013']! / t['2012']!).toBeCloseTo(1.1, 12);
    expect(t['2011']).toBeCloseTo(2 / 1.1 / 1.1, 12);
    writeFileSync(file, 'economy:\n  income_index: {csv: inc.csv, column: income, splice: 2020}\n');
    expect(problems(() => loadScenarioFile(file))[0]!.message).toMatch(/splice 2020 needs values in 2019 and 2020/);
  });
});
