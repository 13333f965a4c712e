// The calibration report page (calibrate --report): the weighted histogram
// behind each posterior chart, the headline tables and flags in words, the
// chart specs (one per parameter and per target column, no text under 12 px),
// and a page that loads nothing (strict CSP, no script). A hand-made
// calibration: the page is pure, so no model runs are needed.
import { describe, expect, it } from 'vitest';
import {
  calibrationCharts, flagWords, MARGINAL_BINS, renderCalibrationHtml, short, weightedHistogram, type CalibrationReportInput,
} from '../../src/report/calibration-html.ts';
import { renderSvg } from '../../src/report/render.ts';

function input(): CalibrationReportInput {
  const posterior = Array.from({ length: 40 }, (_, i) => ({ values: [0.3 + 0.002 * i, 0.001 * (i % 4)], weight: (i + 1) / 820 }));
  return {
    scenario: 'tiny', method: 'smc', stopped: 'stopped with every target within its tolerance: final tolerance 0.8', seed: 7, replicates: 2, budget: 200, runsUsed: 180,
    generations: 5, particles: 40, ess: 30, estimate: 'mean',
    parameters: [
      { path: 'population.skill_mean', prior_from: 0.2, prior_to: 0.6, mean: 0.3533, median: 0.354, sd: 0.02, q025: 0.302, q975: 0.3761, width_ratio: 0.2, sd_ratio: 0.17, not_identified: false, at_bound: null, estimate: 0.3533 },
      { path: 'aspiration.success_gain', prior_from: 0, prior_to: 0.1, mean: 0.0016, median: 0.0015, sd: 0.001, q025: 0, q975: 0.003, width_ratio: 0.03, sd_ratio: 0.6, not_identified: true, at_bound: 'lower', estimate: 0.0016 },
    ],
    targets: [
      { target: 'poverty', column: 'headcount_ratio', years: [2012], stat: 'value', observed: 0.1, tolerance: 0.01, mean: 0.11, q025: 0.09, q975: 0.13, inside: true },
      { target: 'poverty', column: 'headcount_ratio', years: [2014], stat: 'value', observed: 0.05, tolerance: 0.01, mean: 0.08, q025: 0.07, q975: 0.09, inside: false },
      { target: 'income', column: 'income_mean', years: [2012, 2013], stat: 'mean', observed: 5000, tolerance: 500, mean: 5200.123, q025: 4800, q975: 5600, inside: true },
    ],
    posterior,
    band: [2011, 2012, 2013, 2014].flatMap((year, k) => [
      { column: 'headcount_ratio', year, mean: 0.14 - 0.02 * k, q025: 0.12 - 0.02 * k, q975: 0.16 - 0.02 * k },
      { column: 'income_mean', year, mean: 4800 + 200 * k, q025: 4500 + 200 * k, q975: 5100 + 200 * k },
    ]),
    command: "sim calibrate tiny.yaml --params spec.yaml --report <&'>",
  };
}

/** The cells of the table rows carrying `attr`, as text. */
function rows(html: string, attr: string): string[][] {
  return [...html.matchAll(new RegExp(`<tr ${attr}="[^"]*"[^>]*>(.*?)</tr>`, 'g'))].map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));
}

/** Every font size in a spec (config included). */
function fontSizes(x: unknown, out: number[] = []): number[] {
  if (Array.isArray(x)) x.forEach((v) => fontSizes(v, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) (/fontsize$/i.test(k) && typeof v === 'number' ? out.push(v) : fontSizes(v, out));
  return out;
}

describe('weightedHistogram', () => {
  it('puts each weight in its bin, the upper bound in the top bin, and sums to 1', () => {
    expect(weightedHistogram([0, 0.24, 0.26, 1], [1, 1, 2, 4], 0, 1, 4)).toEqual([2 / 8, 2 / 8, 0, 4 / 8]);
    // Zero weights and non-finite values count for nothing; no weight at all gives zeros.
    expect(weightedHistogram([0.1, 0.9, Number.NaN], [1, 0, 5], 0, 1, 2)).toEqual([1, 0]);
    expect(weightedHistogram([0.5], [0], 0, 1, 2)).toEqual([0, 0]);
    const xs = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    const h = weightedHistogram(xs, xs.map(() => 1), 0, 1, 20);
    expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const s of h) expect(s).toBeCloseTo(1 / 20, 12); // a uniform sample matches the prior line
  });
});

describe('the calibration report page', () => {
  it('says per target whether the observation is inside, and per parameter its posterior and flags', () => {
    const p = input();
    const html = renderCalibrationHtml(p, [], {});
    const fit = rows(html, 'data-target');
    expect(fit).toHaveLength(3);
    p.targets.forEach((t, i) => {
      expect(fit[i]![0]).toBe(t.target);
      expect(fit[i]!.slice(2)).toEqual([short(t.observed), short(t.mean), `${short(t.q025)} to ${short(t.q975)}`, t.inside ? 'inside' : 'OUTSIDE']);
    });
    expect(fit[2]![1]).toBe('income_mean mean 2012-2013');
    const params = rows(html, 'data-parameter');
    expect(params.map((r) => r[0])).toEqual(['population.skill_mean', 'aspiration.success_gain']);
    expect(params[0]!.slice(1)).toEqual(['0.2 to 0.6', '0.3533', '0.354', '0.302 to 0.3761', '17%', '0.3533', 'none']);
    expect(params[1]![7]).toBe('not identified, at lower bound');
    expect(html).toMatch(/2 of 3 observations lie inside the posterior-predictive 95% interval; outside: headcount_ratio 2014/);
    expect(html).toContain('Not identified (the targets did not narrow the prior to half its range): <code>aspiration.success_gain</code>');
    expect(html).toContain('&lt;&amp;&#39;&gt;'); // the command is escaped
    expect(html).not.toContain('effective particle(s)');
    expect(renderCalibrationHtml({ ...p, ess: 3 }, [], {})).toContain('The posterior rests on 3 effective particle(s) of 40');
  });

  it('flags in words; short numbers as in the command summary', () => {
    expect(flagWords({ not_identified: false, at_bound: null })).toBe('');
    expect(flagWords({ not_identified: true, at_bound: 'upper' })).toBe('not identified, at upper bound');
    expect(short(0.123456)).toBe('0.1235');
    expect(short(89620000)).toBe('89620000');
    expect(short(Number.NaN)).toBe('n/a');
  });

  it('draws a posterior chart per parameter and a fit chart per target column, with no text under 12 px', async () => {
    const p = input();
    const charts = calibrationCharts(p);
    expect(charts.map((c) => c.name)).toEqual(['posterior-population.skill_mean', 'posterior-aspiration.success_gain', 'fit-headcount_ratio', 'fit-income_mean']);
    for (const c of charts) for (const size of fontSizes(c.spec)) expect(size, c.name).toBeGreaterThanOrEqual(12);
    // The histogram holds the posterior's weights against the prior's even share per bin.
    const layers = charts[0]!.spec['layer'] as { data?: { values: Record<string, number>[] }; encoding: Record<string, { datum?: number }> }[];
    const bars = layers[1]!.data!.values;
    expect(bars).toHaveLength(MARGINAL_BINS);
    expect(bars.reduce((s, b) => s + b['share']!, 0)).toBeCloseTo(1, 6);
    expect(bars[0]!['from']).toBe(0.2);
    expect(bars[MARGINAL_BINS - 1]!['to']).toBe(0.6);
    expect(layers[2]!.encoding['y']!.datum).toBe(1 / MARGINAL_BINS);
    expect(layers[3]!.encoding['x']!.datum).toBe(0.3533);
    // The fit chart: the band of its column, the yearly observations as points, a figure over years as a segment.
    const fit = charts[2]!.spec['layer'] as { data: { values: Record<string, unknown>[] } }[];
    expect(fit[0]!.data.values).toHaveLength(4);
    expect(fit[2]!.data.values.map((v) => v['year'])).toEqual([2012, 2014]);
    const income = charts[3]!.spec['layer'] as { data: { values: Record<string, unknown>[] } }[];
    expect(income).toHaveLength(3);
    expect(income[2]!.data.values).toEqual([{ from: 2012, to: 2013, observed: 5000, target: 'income', inside: 'inside' }]);

    const svgs: Record<string, string> = {};
    for (const c of charts) {
      const r = await renderSvg(c.spec);
      expect(r.warnings, c.name).toEqual([]);
      for (const m of r.svg.matchAll(/font-size="([\d.]+)px"/g)) expect(Number(m[1]), c.name).toBeGreaterThanOrEqual(12);
      svgs[c.name] = r.svg;
    }
    const html = renderCalibrationHtml(p, charts, svgs);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html.match(/<figure /g)).toHaveLength(4);
    expect(html.indexOf('id="fit"')).toBeLessThan(html.indexOf('<figure'));
    // Pure: the same calibration gives the same bytes.
    expect(renderCalibrationHtml(input(), calibrationCharts(input()), svgs)).toBe(html);
  }, 30_000);
});
