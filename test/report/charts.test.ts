// The report's Vega-Lite specs: valid against the schema of the installed
// vega-lite (ajv, draft-07 as the schema declares), with titles, axis titles
// with units, legends, interval bands, inline data only, and stable output.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { version as vegaLiteVersion } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCharts, type Chart, CHART_CONFIG, metricInfo, VEGA_LITE_SCHEMA, type VlSpec, yearLabels } from '../../src/report/charts.ts';
import { renderSvg } from '../../src/report/render.ts';
import { CATALOGUE } from '../../src/metrics/catalogue.ts';
import { readResults } from '../../src/report/results.ts';
import { makeResults, type ResultFolders } from './fixtures.ts';

let folders: ResultFolders;
let validate: ValidateFunction;
const charts: Record<'run' | 'compare' | 'sweep', Chart[]> = { run: [], compare: [], sweep: [] };

beforeAll(async () => {
  folders = await makeResults();
  for (const kind of ['run', 'compare', 'sweep'] as const) charts[kind] = buildCharts(readResults(folders[kind]));
  validate = vegaLiteValidator();
});
afterAll(() => rmSync(folders.root, { recursive: true, force: true }));

/** ajv for the JSON Schema draft the Vega-Lite schema declares (draft-07 is ajv 8's default draft). */
function vegaLiteValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as { $schema: string };
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  // Strict (unknown keywords and formats are errors), except for strictTypes, a style rule the
  // generated schema does not follow ("minimum" without "type": "number").
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
  // The formats the schema uses, checked rather than ignored.
  ajv.addFormat('color-hex', /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', () => true);
  return ajv.compile(schema);
}

function walk(x: unknown, visit: (node: Record<string, unknown>, key: string) => void, key = ''): void {
  if (Array.isArray(x)) x.forEach((v) => walk(v, visit, key));
  else if (x && typeof x === 'object') {
    visit(x as Record<string, unknown>, key);
    for (const [k, v] of Object.entries(x)) walk(v, visit, k);
  }
}

/** Every unit view (a spec with a mark) in a spec tree. */
function unitViews(spec: VlSpec): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  walk(spec, (node) => {
    if ('mark' in node && 'encoding' in node) out.push(node);
  });
  return out;
}

describe('chart specs', () => {
  it('the $schema URL names the installed Vega-Lite major version', () => {
    expect(VEGA_LITE_SCHEMA).toBe(`https://vega.github.io/schema/vega-lite/v${vegaLiteVersion.split('.')[0]}.json`);
  });

  it('a run, a comparison and a sweep give the expected charts', () => {
    expect(charts.run.map((c) => c.name)).toEqual([
      'incidence',
      'poverty-gap',
      'exits-relapses',
      'registration-errors',
      'funds-programme',
      'funds-destination',
      'trust',
      'income-source',
    ]);
    expect(charts.compare.map((c) => c.name)).toEqual([
      'incidence',
      'differences',
      'poverty-gap',
      'exits-relapses',
      'registration-errors',
      'funds-destination',
      'trust',
      'income-source',
    ]);
    expect(charts.sweep.map((c) => c.name)).toEqual(['sweep-heatmap', 'sweep-small-multiples', 'sweep-final-headcount_ratio', 'sweep-final-poverty_gap', 'sweep-final-exclusion_error_at_registration']);
  });

  for (const kind of ['run', 'compare', 'sweep'] as const) {
    it(`every ${kind} spec validates against the Vega-Lite schema`, () => {
      for (const c of charts[kind]) {
        const ok = validate(c.spec);
        expect(ok, `${c.name}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`).toBe(true);
      }
    });

    it(`${kind}: titles, axis titles, legends, inline data only`, () => {
      for (const c of charts[kind]) {
        const title = c.spec['title'] as { text: string; subtitle: string[] };
        expect(title.text.length, c.name).toBeGreaterThan(0);
        expect(title.subtitle.length, c.name).toBeGreaterThan(0);
        expect(c.spec['config']).toMatchObject({ font: expect.stringMatching(/^DejaVu Sans/) });
        let legends = 0;
        for (const view of unitViews(c.spec)) {
          const enc = view['encoding'] as Record<string, Record<string, unknown>>;
          for (const ch of ['x', 'y'] as const) {
            if (enc[ch] && 'field' in enc[ch]) {
              const t = enc[ch]['title'];
              expect(typeof t === 'string' || Array.isArray(t), `${c.name}: ${ch} has a title`).toBe(true);
            }
          }
          if (enc['color'] && enc['color']['legend'] !== null && enc['color']['title']) legends++;
        }
        expect(legends, `${c.name} has a colour legend`).toBeGreaterThan(0);
        walk(c.spec, (node, key) => {
          if (key === 'data') expect(node['url'], `${c.name} loads data`).toBeUndefined();
        });
      }
    });
  }

  it('trajectories show the interval as a translucent band under a mean line', () => {
    for (const kind of ['run', 'compare'] as const) {
      const inc = charts[kind].find((c) => c.name === 'incidence')!;
      const views = unitViews(inc.spec);
      const area = views.find((v) => (v['mark'] as { type: string }).type === 'area')!;
      const line = views.find((v) => (v['mark'] as { type: string }).type === 'line')!;
      expect((area['mark'] as { opacity: number }).opacity).toBeLessThan(0.5);
      expect((area['encoding'] as Record<string, { field: string }>)['y']!.field).toBe('lo');
      expect((area['encoding'] as Record<string, { field: string }>)['y2']!.field).toBe('hi');
      expect((line['encoding'] as Record<string, { field: string }>)['y']!.field).toBe('mean');
      expect((inc.spec['title'] as { subtitle: string[] }).subtitle.join(' ')).toMatch(/95% interval/);
      // The band encloses the mean, and is an interval (three replicates vary).
      const data = ((inc.spec['data'] as { values: Array<{ lo: number; mean: number; hi: number }> }).values);
      expect(data.length).toBeGreaterThan(0);
      for (const d of data) expect(d.lo <= d.mean && d.mean <= d.hi).toBe(true);
      expect(data.some((d) => d.hi > d.lo)).toBe(true);
    }
  });

  it('the mean and interval match summary.json (same Student-t interval)', () => {
    const summary = JSON.parse(readFileSync(`${folders.run}/summary.json`, 'utf8')) as { final_year: number; final: Record<string, { mean: number; lo: number; hi: number }> };
    const inc = charts.run.find((c) => c.name === 'incidence')!;
    const last = (inc.spec['data'] as { values: Array<{ year: number; mean: number; lo: number; hi: number }> }).values.find((d) => d.year === summary.final_year)!;
    const want = summary.final['headcount_ratio']!;
    expect(last.mean).toBeCloseTo(want.mean, 6);
    // The band is drawn within 0–1 (a share), so a bound beyond is cut there.
    expect(last.lo).toBeCloseTo(Math.max(0, want.lo), 6);
    expect(last.hi).toBeCloseTo(Math.min(1, want.hi), 6);
  });

  it('comparisons chart paired differences with intervals for headcount ratio and poverty gap', () => {
    const diff = charts.compare.find((c) => c.name === 'differences')!;
    const panels = (diff.spec['concat'] as Array<{ title: { text: string }; layer: VlSpec[] }>).map((p) => p.title.text);
    expect(panels.slice(0, 4)).toEqual(['Poverty incidence (people)', 'Poverty incidence (households)', 'Poverty gap (FGT1)', 'Poverty severity (FGT2)']);
    const csv = readFileSync(`${folders.compare}/differences.csv`, 'utf8').trim().split('\n');
    const cols = csv[0]!.split(',');
    const row = csv.map((l) => l.split(',')).find((r) => r[cols.indexOf('metric')] === 'headcount_ratio')!;
    const first = (diff.spec['concat'] as Array<{ data: { values: Array<{ year: number; mean: number; lo: number; hi: number }> } }>)[0]!.data.values[0]!;
    // Shares are drawn in percentage points.
    expect(first.mean).toBeCloseTo(Number(row[cols.indexOf('difference')]) * 100, 5);
    expect(first.lo).toBeCloseTo(Number(row[cols.indexOf('diff_lo')]) * 100, 5);
    expect(first.hi).toBeCloseTo(Number(row[cols.indexOf('diff_hi')]) * 100, 5);
  });

  it('with a target, a fit chart comes first: the model band plus the observed values in the chart\'s units', () => {
    const observed = [
      { year: 2014, value: 0.2 },
      { year: 2015, value: 0.15 },
      { year: 1990, value: 0.7 }, // outside the simulated years: left out
    ];
    const target = { file: '/data/obs.csv', column: 'headcount_ratio_pct', metric: 'headcount_ratio', observed };
    const withFit = buildCharts(readResults(folders.run), target);
    expect(withFit.map((c) => c.name)).toEqual(['fit', ...charts.run.map((c) => c.name)]);
    const fit = withFit[0]!;
    expect(validate(fit.spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const points = unitViews(fit.spec).find((v) => (v['mark'] as { shape?: string }).shape === 'diamond');
    expect((points!['data'] as { values: unknown[] }).values).toEqual([
      { year: 2014, value: 0.2, source: 'observed' }, // a share, as the band (the axis formats it as %)
      { year: 2015, value: 0.15, source: 'observed' },
    ]);
    expect(JSON.stringify(fit.spec)).toContain('obs.csv');
    expect(() => buildCharts(readResults(folders.run), { ...target, metric: 'no_such_metric' })).toThrow(/no column "no_such_metric"/);
    expect(() => buildCharts(readResults(folders.sweep), target)).toThrow(/not on a sweep/);
  });

  it('the same results give the same specs', () => {
    for (const kind of ['run', 'compare', 'sweep'] as const) {
      expect(JSON.stringify(buildCharts(readResults(folders[kind])))).toBe(JSON.stringify(charts[kind]));
    }
  });
});

describe('metric labels and units', () => {
  it('come from the metric catalogue; money is plotted in million yuan, shares in %', () => {
    for (const e of CATALOGUE) expect(metricInfo(e.name).label, e.name).toBe(e.label);
    expect(metricInfo('funds_leaked').axis).toBe('Million yuan per year');
    expect(metricInfo('income_mean').axis).toBe('Yuan per person per year');
    expect(metricInfo('exclusion_error_at_registration').axis).toBe('% of poor households');
    expect(metricInfo('some_key_column')).toEqual({ label: 'some key column', kind: 'count', axis: 'some key column' });
  });
});

describe('chart text', () => {
  it('no font size in the shared chart configuration is below 12 px (issue 14)', () => {
    const sizes: [string, number][] = [];
    const walk = (o: unknown, path: string): void => {
      if (o === null || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o)) {
        if (/fontsize$/i.test(k) && typeof v === 'number') sizes.push([`${path}.${k}`, v]);
        else walk(v, `${path}.${k}`);
      }
    };
    walk(CHART_CONFIG, 'config');
    expect(sizes.length).toBeGreaterThan(0);
    for (const [where, size] of sizes) expect(size, where).toBeGreaterThanOrEqual(12);
  });
});

// Issue 14, what the audit found untested: the income chart's band and its
// nominal yuan, the final year on every time axis, difference axes named
// after the scenarios.
describe('readable charts', () => {
  type Row = Record<string, number | string>;
  const dataOf = (spec: VlSpec): Row[] => ((spec['data'] as { values: Row[] }).values);
  const titleText = (t: unknown) => (Array.isArray(t) ? t.join(' ') : String(t));

  it('income by source: a 95% band of the total across replicates around the top of the stack, in nominal yuan', () => {
    for (const kind of ['run', 'compare'] as const) {
      const c = charts[kind].find((x) => x.name === 'income-source')!;
      expect((c.spec['title'] as { subtitle: string[] }).subtitle.join(' ')).toMatch(/nominal yuan/);
      expect((c.spec['title'] as { subtitle: string[] }).subtitle.join(' ')).toMatch(/95% interval/);
      const views = unitViews(c.spec);
      const band = views.find((v) => (v['encoding'] as Record<string, { field?: string }>)['y2']?.field === 'hi')!;
      expect(band, `${kind}: a band layer`).toBeDefined();
      expect((band['encoding'] as Record<string, { field: string }>)['y']!.field).toBe('lo');
      const rows = dataOf(c.spec);
      const totals = rows.filter((r) => r['hi'] !== undefined);
      const parts = rows.filter((r) => r['component'] !== undefined);
      expect(totals.length).toBeGreaterThan(0);
      for (const t of totals) {
        expect(Number(t['lo'])).toBeLessThanOrEqual(Number(t['mean']));
        expect(Number(t['mean'])).toBeLessThanOrEqual(Number(t['hi']));
        // The band is around the stack's top: the mean of the sums is the sum of the means.
        const stack = parts.filter((p) => p['scenario'] === t['scenario'] && p['year'] === t['year']).reduce((a, p) => a + Number(p['value']), 0);
        expect(Math.abs(stack - Number(t['mean']))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(stack)));
      }
      expect(totals.some((t) => Number(t['hi']) > Number(t['lo'])), 'three replicates differ').toBe(true);
    }
  });

  it('the final year is labelled on every time axis', async () => {
    let axes = 0;
    for (const kind of ['run', 'compare', 'sweep'] as const) {
      for (const c of charts[kind]) {
        const years: number[] = [];
        walk(c.spec, (node, key) => {
          if (key === 'data' && Array.isArray(node['values'])) for (const v of node['values'] as Row[]) if (typeof v['year'] === 'number') years.push(v['year']);
        });
        const final = Math.max(...years);
        walk(c.spec, (node, key) => {
          if (key !== 'x' || node['field'] !== 'year') return;
          axes++;
          const axis = node['axis'] as { values?: number[]; labelOverlap?: boolean };
          expect(axis.values, `${c.name}: the final year ${final} among the labels`).toContain(final);
          expect(axis.labelOverlap, c.name).toBe(false);
        });
      }
    }
    expect(axes).toBeGreaterThan(10);
    // Drawn: the final year is an axis label of the rendered chart.
    const inc = charts.run.find((c) => c.name === 'incidence')!;
    const final = Math.max(...dataOf(inc.spec).map((r) => Number(r['year'])));
    expect((await renderSvg(inc.spec)).svg).toMatch(new RegExp(`>${final}</text>`));
  });

  it('year labels: at most the number asked, evenly spaced, always ending at the final year', () => {
    const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    for (const [from, to] of [[2010, 2019], [2011, 2020], [2014, 2016], [2010, 2050], [2020, 2020]] as const) {
      for (const most of [4, 7]) {
        const l = yearLabels(span(from, to), most);
        expect(l.at(-1)).toBe(to);
        expect(l.length).toBeLessThanOrEqual(most);
        expect(new Set(l.slice(1).map((y, i) => y - l[i]!)).size).toBeLessThanOrEqual(1);
      }
    }
    expect(yearLabels(span(2014, 2016), 7)).toEqual([2014, 2015, 2016]);
  });

  it("difference axes are titled with the scenarios' names", () => {
    const diff = charts.compare.find((c) => c.name === 'differences')!;
    const csv = readFileSync(`${folders.compare}/differences.csv`, 'utf8').trim().split('\n');
    const cols = csv[0]!.split(',');
    const [a, b] = [cols.indexOf('scenario_a'), cols.indexOf('scenario_b')].map((k) => csv[1]!.split(',')[k]!);
    expect([a, b]).toEqual(['multi-centre', 'single-centre']);
    const panels = diff.spec['concat'] as VlSpec[];
    for (const p of panels) {
      for (const v of unitViews(p)) {
        const y = (v['encoding'] as Record<string, { field?: string; title?: unknown }>)['y'];
        if (y?.field) expect(titleText(y.title)).toMatch(new RegExp(`^${a} − ${b}( \\(|$)`));
      }
    }
  });
});
