// The sweep report's pure builders on synthetic runs.csv tables: design
// detection, heatmap, small multiples, schema labels and the headline table.
// Metric values are an analytic function of the parameters (plus a replicate
// offset that averages to zero), so the expected means are known exactly.
import { describe, expect, it } from 'vitest';
import { MAX_SMALL_MULTIPLES, sweepDesign, sweepHeatmap, sweepSmallMultiples, type VlSpec } from '../../src/report/charts.ts';
import { sweepHeadline, sweepHeadlineHtml } from '../../src/report/headline.ts';
import { parameterLabel, parameterLabels } from '../../src/report/parameter-labels.ts';
import { renderSvg } from '../../src/report/render.ts';
import type { DataRow, SweepResults } from '../../src/report/results.ts';

const YEARS = [2011, 2012, 2013];
const REPLICATES = [-1, 0, 1]; // offsets: mean zero

/** headcount_ratio = 0.2 − 0.05 fund − 0.02 technology − 0.01 (year − 2011) + 0.001 offset; registered_poor = 1000 (1 + fund). */
function analytic(fund: number, tech: number, year: number, offset: number) {
  return { headcount_ratio: 0.2 - 0.05 * fund - 0.02 * tech - 0.01 * (year - 2011) + 0.001 * offset, registered_poor: 1000 * (1 + fund) + 10 * offset };
}

function sweep(points: Array<Record<string, number>>, parameters: string[]): SweepResults {
  const rows: DataRow[] = [];
  points.forEach((p, point) =>
    REPLICATES.forEach((offset, replicate) =>
      YEARS.forEach((year) => {
        const m = analytic(p['levers.fund'] ?? 0, p['levers.technology'] ?? 0, year, offset);
        rows.push({ run_id: point * 3 + replicate, point, replicate, seed: 1, ...p, year, ...m });
      }),
    ),
  );
  const metrics = ['headcount_ratio', 'registered_poor'];
  return { kind: 'sweep', dir: '/nowhere', runs: { columns: ['run_id', 'point', 'replicate', 'seed', ...parameters, 'year', ...metrics], rows }, parameters, metrics };
}

const LEVELS = [0, 0.5, 1];
const grid2 = sweep(
  LEVELS.flatMap((t) => LEVELS.map((f) => ({ 'levers.technology': t, 'levers.fund': f }))),
  ['levers.technology', 'levers.fund'],
);
const grid1 = sweep(LEVELS.map((f) => ({ 'levers.fund': f })), ['levers.fund']);
/** A Latin hypercube: every point has its own values. */
const lhs = sweep(
  Array.from({ length: 20 }, (_, i) => ({ 'levers.technology': (i * 7 % 20) / 19, 'levers.fund': i / 19, 'levers.social': (i * 3 % 20) / 19 })),
  ['levers.technology', 'levers.fund', 'levers.social'],
);

function walk(node: unknown, visit: (obj: Record<string, unknown>, key: string) => void): void {
  if (Array.isArray(node)) for (const x of node) walk(x, visit);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      visit(node as Record<string, unknown>, k);
      walk(v, visit);
    }
  }
}

function allText(spec: VlSpec): string {
  return JSON.stringify(spec);
}

describe('parameter labels from the scenario schema', () => {
  it('gives a lever its name and unit, keeps the path', () => {
    const l = parameterLabel('levers.fund');
    expect(l.label).toBe('Fund synergy');
    expect(l.title).toBe('Fund synergy (lever, 0–1)');
    expect(l.path).toBe('levers.fund');
    expect(l.description).toMatch(/pooled/);
  });
  it('names a mechanism end point by its mechanism, with its unit', () => {
    const l = parameterLabel('lever_effects.disbursement_delay.at0');
    expect(l.title).toBe('Disbursement delay at lever 0 (months)');
    expect(l.description).toMatch(/Months from the start of the year/);
  });
  it('falls back to the path for an unknown field, and keeps two labels apart', () => {
    expect(parameterLabel('no.such.field').title).toBe('no.such.field');
    const two = parameterLabels(['levers.fund', 'levers.fund']);
    expect(two[0]!.title).not.toBe('Fund synergy (lever, 0–1)');
  });
});

describe('sweep design', () => {
  it('recognises a full factorial grid of one or two parameters, not an LHS', () => {
    expect(sweepDesign(grid2).grid).toBe(true);
    expect(sweepDesign(grid2).levels).toEqual([LEVELS, LEVELS]);
    expect(sweepDesign(grid1).grid).toBe(true);
    expect(sweepDesign(lhs).grid).toBe(false);
    // A grid with a missing cell is not a grid.
    const holed = { ...grid2, runs: { ...grid2.runs, rows: grid2.runs.rows.filter((r) => r['point'] !== 4) } };
    expect(sweepDesign(holed).grid).toBe(false);
  });
});

describe('sweep heatmap', () => {
  const chart = sweepHeatmap(grid2)!;
  it('is drawn for a two-parameter grid only', () => {
    expect(chart.name).toBe('sweep-heatmap');
    expect(sweepHeatmap(grid1)).toBeUndefined();
    expect(sweepHeatmap(lhs)).toBeUndefined();
  });
  it('has a labelled cell per design point holding the final-year replicate mean', () => {
    const panels = chart.spec['concat'] as VlSpec[];
    expect(panels.length).toBe(2); // the two headline metrics kept
    const values = (panels[0]!['data'] as { values: Array<{ x: number; y: number; mean: number; lo: number; hi: number }> }).values;
    expect(values.length).toBe(9);
    for (const v of values) {
      const want = analytic(v.y, v.x, 2013, 0).headcount_ratio;
      expect(v.mean).toBeCloseTo(want, 10);
      expect(v.lo).toBeLessThan(v.mean);
      expect(v.hi).toBeGreaterThan(v.mean);
    }
    const layers = panels[0]!['layer'] as VlSpec[];
    expect(layers.map((l) => (l['mark'] as { type: string }).type)).toEqual(['rect', 'text']);
    expect((layers[1]!['encoding'] as Record<string, { field: string }>)['text']!.field).toBe('mean');
  });
  it('titles the axes with the schema labels, the paths only in the subtitle and tooltips', () => {
    const panel = (chart.spec['concat'] as VlSpec[])[0]!;
    const enc = panel['encoding'] as Record<string, { title: string | string[] }>;
    expect([enc['x']!.title].flat().join(' ')).toBe('Technology synergy (lever, 0–1)');
    expect([enc['y']!.title].flat().join(' ')).toBe('Fund synergy (lever, 0–1)');
    expect((chart.spec['title'] as { subtitle: string[] }).subtitle.join(' ')).toMatch(/levers\.technology/);
  });
});

describe('sweep small multiples', () => {
  it('two-parameter grid: one panel per point, columns and rows by the parameters, shared y', () => {
    const c = sweepSmallMultiples(grid2)!;
    const facet = c.spec['facet'] as Record<string, { field: string; title: string }>;
    expect(facet['column']!.title).toBe('Technology synergy (lever, 0–1)');
    expect(facet['row']!.title).toBe('Fund synergy (lever, 0–1)');
    expect(c.spec['resolve']).toEqual({ scale: { y: 'shared' } });
    const values = (c.spec['data'] as { values: Array<{ year: number; mean: number; p0: number; p1: number }> }).values;
    expect(values.length).toBe(9 * YEARS.length);
    for (const v of values) expect(v.mean).toBeCloseTo(analytic(v.p1, v.p0, v.year, 0).headcount_ratio, 10);
    expect(allText(c.spec)).not.toMatch(/"title":"levers\./);
  });
  it('one parameter: a single row of panels', () => {
    const c = sweepSmallMultiples(grid1)!;
    const facet = c.spec['facet'] as Record<string, unknown>;
    expect(Object.keys(facet)).toEqual(['column']);
  });
  it('an LHS design: wrapped panels, capped', () => {
    const c = sweepSmallMultiples(lhs)!;
    expect(c.spec['columns']).toBeGreaterThan(1);
    const values = (c.spec['data'] as { values: Array<{ point: string }> }).values;
    expect(new Set(values.map((v) => v.point)).size).toBe(MAX_SMALL_MULTIPLES);
    expect((c.spec['title'] as { subtitle: string[] }).subtitle.join(' ')).toMatch(new RegExp(`first ${MAX_SMALL_MULTIPLES} of 20`));
  });
});

describe('sweep charts are readable', () => {
  const charts = [sweepHeatmap(grid2)!, sweepSmallMultiples(grid2)!, sweepSmallMultiples(grid1)!, sweepSmallMultiples(lhs)!];
  it('no text below 12 px', () => {
    for (const c of charts) {
      const config = c.spec['config'] as Record<string, Record<string, unknown>>;
      for (const part of ['axis', 'legend', 'header']) {
        for (const [k, v] of Object.entries(config[part]!)) if (/FontSize$/.test(k)) expect(v, `${c.name} ${part}.${k}`).toBeGreaterThanOrEqual(12);
      }
      expect(config['title']!['subtitleFontSize']).toBeGreaterThanOrEqual(12);
      walk(c.spec, (obj, key) => {
        if (/^(fontSize|\w+FontSize)$/.test(key)) expect(obj[key] as number, `${c.name} ${key}`).toBeGreaterThanOrEqual(12);
      });
    }
  });
  it('fit a 1,024 px page (rendered width at most 960 px)', async () => {
    for (const c of charts) {
      const { svg, warnings } = await renderSvg(c.spec);
      expect(warnings, c.name).toEqual([]);
      const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
      expect(width, `${c.name} ${String(JSON.stringify(c.spec["facet"])).slice(0, 80)}`).toBeLessThanOrEqual(960);
    }
  }, 60_000);
});

describe('sweep headline table', () => {
  const t = sweepHeadline(grid2)!;
  it('one row per design point, labelled by the parameter values, with mean and interval of each headline metric', () => {
    expect(t.year).toBe(2013);
    expect(t.replicates).toBe(3);
    expect(t.parameters.map((p) => p.label)).toEqual(['Technology synergy', 'Fund synergy']);
    expect(t.metrics.map((m) => m.metric)).toEqual(['headcount_ratio', 'registered_poor']);
    expect(t.rows.length).toBe(9);
    for (const r of t.rows) {
      const [tech, fund] = r.values.map(Number) as [number, number];
      const want = analytic(fund, tech, 2013, 0);
      const m = /^([\d.]+)% \[([\d.]+)%, ([\d.]+)%\]$/.exec(r.cells[0]!)!;
      expect(m, r.cells[0]).not.toBeNull();
      expect(Number(m[1])).toBeCloseTo(want.headcount_ratio * 100, 1);
      expect(Number(m[2])).toBeLessThan(Number(m[1]));
      expect(Number(m[3])).toBeGreaterThan(Number(m[1]));
      const n = /^([\d,.]+) \[/.exec(r.cells[1]!)!;
      expect(Number(n[1]!.replace(/,/g, ''))).toBeCloseTo(want.registered_poor, 0);
    }
  });
  it('renders as HTML with the labels, units and paths', () => {
    const html = sweepHeadlineHtml(t);
    expect(html).toContain('<h2>Headline results</h2>');
    expect(html).toContain('Fund synergy');
    expect(html).toContain('<code>levers.fund</code>');
    expect(html).toContain('Poverty incidence (people)');
    expect((html.match(/<tr>/g) ?? []).length).toBe(1 + 9);
  });
});
