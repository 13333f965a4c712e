/**
 * The calibration report (`report.html` with `calibrate --report`): a
 * headline in plain words (per target observation: observed against the
 * posterior-predictive mean and 95% interval, inside or not; per parameter:
 * prior range, posterior mean, median, 95% interval and the flags), then the
 * charts: each parameter's posterior marginal (weighted histogram of the
 * posterior particles) against its uniform prior, and each target column's
 * posterior-predictive band with the observations. The charts are Vega-Lite
 * specs (built here, pure) rendered to inline SVG by the command
 * (render.ts), so the page needs no script, loads nothing and works offline.
 *
 * Pure: numbers in, specs and HTML out; the same calibration gives the same bytes.
 */
import type { CalibrationResult } from '../experiments/calibrate.ts';
import { escapeHtml as esc } from './escape-html.ts';
import { staticPage } from './static-page.ts';
import type { ParameterSummary, TargetSummary } from '../experiments/abc/posterior.ts';
import { observationLabel } from '../experiments/abc/targets.ts';
import { CHART_CONFIG, labelFinalYear, metricInfo, VEGA_LITE_SCHEMA, type Chart, type VlSpec } from './charts.ts';

export const CALIBRATION_REPORT_FILE = 'report.html';

/** Bins of a parameter's posterior histogram (over its prior range). */
export const MARGINAL_BINS = 20;

export interface CalibrationReportInput {
  scenario: string;
  method: 'smc' | 'rejection';
  /** Why it stopped and the final tolerance, in words (calibrate.ts stopText). */
  stopped: string;
  seed: number;
  replicates: number;
  budget: number;
  runsUsed: number;
  generations: number;
  particles: number;
  /** Effective sample size of the posterior. */
  ess: number;
  estimate: 'mean' | 'median';
  /** The posterior summary (summary.json `parameters`), with the value calibrated.yaml sets. */
  parameters: readonly (ParameterSummary & { estimate: number })[];
  /** The fit (fit.csv, summary.json `fit`). */
  targets: readonly TargetSummary[];
  /** The posterior particles (posterior.csv): values in the order of `parameters`, normalised weights. */
  posterior: readonly { values: readonly number[]; weight: number }[];
  /** The posterior-predictive band (band.csv). */
  band: readonly { column: string; year: number; mean: number; q025: number; q975: number }[];
  /** The command line that reproduces the calibration. */
  command: string;
}

/** The report's input from a calibration result. */
export function calibrationReportInput(r: CalibrationResult, scenario: string, stopped: string, command: string): CalibrationReportInput {
  return {
    scenario, method: r.method, stopped, seed: r.seed, replicates: r.replicates, budget: r.budget, runsUsed: r.runsUsed,
    generations: r.state.generations.length, particles: r.particles, ess: r.summary.ess, estimate: r.estimate,
    parameters: r.summary.parameters.map((p, d) => ({ ...p, estimate: r.estimates[d]! })),
    targets: r.summary.targets, posterior: r.posterior, band: r.summary.band, command,
  };
}

// ---------------------------------------------------------------------------
// Numbers and words

/** 4 significant digits, as in the command's summary table; 'n/a' when not finite. */
export function short(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return String(Number(x.toPrecision(4)));
}

/** A parameter's flags in words ('' when none). */
export function flagWords(p: Pick<ParameterSummary, 'not_identified' | 'at_bound'>): string {
  return [p.not_identified ? 'not identified' : '', p.at_bound ? `at ${p.at_bound} bound` : ''].filter((s) => s !== '').join(', ');
}

const round = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(8)));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------
// Charts

/** The shared look, with no text under 12 px. */
const CONFIG = {
  ...CHART_CONFIG,
  title: { ...CHART_CONFIG.title, subtitleFontSize: 12 },
  axis: { ...CHART_CONFIG.axis, labelFontSize: 12 },
  legend: { ...CHART_CONFIG.legend, labelFontSize: 12, orient: 'bottom', direction: 'vertical' },
};
const SIZE = { width: 520, height: 240 };
/** Legend symbols at full strength, whatever the mark's opacity. */
const LEGEND = { symbolOpacity: 1 };
const POSTERIOR = 'posterior (weighted particles)';
const PRIOR = 'prior (uniform over the bounds)';
const MEAN = 'posterior mean';
const BAND = 'posterior predictive, 95% interval';
const MODEL = 'posterior predictive mean';
const OBSERVED = 'observed';
const FIGURE = 'observed, mean over years';

const chartName = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;

/** Weighted share of the posterior in each of `bins` equal bins over [from, to] (the top bin includes `to`). */
export function weightedHistogram(xs: readonly number[], w: readonly number[], from: number, to: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  let total = 0;
  xs.forEach((x, i) => {
    if (!Number.isFinite(x) || !(w[i]! > 0)) return;
    const k = Math.min(bins - 1, Math.max(0, Math.floor(((x - from) / (to - from)) * bins)));
    out[k]! += w[i]!;
    total += w[i]!;
  });
  return out.map((s) => (total > 0 ? s / total : 0));
}

/** A parameter's posterior (weighted histogram, mean, 95% interval) against its uniform prior. */
export function marginalChart(p: ParameterSummary, xs: readonly number[], w: readonly number[]): Chart {
  const bins = MARGINAL_BINS;
  const share = weightedHistogram(xs, w, p.prior_from, p.prior_to, bins);
  const width = (p.prior_to - p.prior_from) / bins;
  const values = share.map((s, k) => ({ from: round(p.prior_from + k * width), to: round(p.prior_from + (k + 1) * width), share: round(s) }));
  const x = { type: 'quantitative', title: p.path, scale: { domain: [p.prior_from, p.prior_to], nice: false, zero: false } };
  const color = (datum: string) => ({ datum, type: 'nominal', title: null, scale: { domain: [POSTERIOR, PRIOR, MEAN], range: ['#4c78a8', '#555555', '#d62728'] }, legend: LEGEND });
  const flags = flagWords(p);
  const spec: VlSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: CONFIG,
    title: {
      text: `${p.path}: posterior against prior`,
      subtitle: [`mean ${short(p.mean)}, 95% interval ${short(p.q025)} to ${short(p.q975)} (shaded); posterior sd ${Math.round(100 * p.sd_ratio)}% of the prior's${flags ? `; ${flags}` : ''}`],
    },
    ...SIZE,
    layer: [
      { data: { values: [{ lo: round(p.q025), hi: round(p.q975) }] }, mark: { type: 'rect', color: '#4c78a8', opacity: 0.12 }, encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
      {
        data: { values },
        mark: { type: 'rect', opacity: 0.85, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'from', ...x }, x2: { field: 'to' },
          y: { field: 'share', type: 'quantitative', title: 'Posterior weight per bin', axis: { format: '%' } },
          y2: { datum: 0 },
          color: color(POSTERIOR),
          tooltip: [{ field: 'from', type: 'quantitative', title: 'from' }, { field: 'to', type: 'quantitative', title: 'to' }, { field: 'share', type: 'quantitative', title: 'share of the weight', format: '.1%' }],
        },
      },
      // One row each: a layer of datum encodings alone would draw nothing.
      { data: { values: [{}] }, mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { datum: round(1 / bins), type: 'quantitative' }, color: color(PRIOR) } },
      { data: { values: [{}] }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { datum: round(p.mean), type: 'quantitative' }, color: color(MEAN) } },
    ],
  };
  return {
    name: chartName('posterior', p.path),
    title: `${p.path}: posterior against prior`,
    caption: `Bars: the share of the posterior weight in each twentieth of the prior range (${short(p.prior_from)} to ${short(p.prior_to)}); dashed line: the uniform prior (an even 1/${bins} per bin); red line: the posterior mean; shaded: the posterior 95% interval. A posterior as flat as the prior means the targets do not pin the parameter down.`,
    spec,
  };
}

/** Units of a column on the chart: money in million yuan, shares as percentages. */
function columnScale(column: string): { factor: number; format: string | undefined; axis: string; label: string } {
  const info = metricInfo(column);
  const format = info.kind === 'share' ? '%' : info.kind === 'households' || info.kind === 'people' || info.kind === 'yuan_person' ? ',f' : undefined;
  return { factor: info.kind === 'million_yuan' ? 1e-6 : 1, format, axis: info.axis, label: info.label };
}

/** A target column's posterior-predictive band with its observations (points; a mean over years as a segment). */
export function fitChart(column: string, band: CalibrationReportInput['band'], targets: readonly TargetSummary[]): Chart {
  const s = columnScale(column);
  const v = (x: number) => round(x * s.factor);
  const rows = band.filter((b) => b.column === column).map((b) => ({ year: b.year, mean: v(b.mean), lo: v(b.q025), hi: v(b.q975) }));
  const mine = targets.filter((t) => t.column === column);
  const points = mine.filter((t) => t.stat !== 'mean').map((t) => ({ year: t.years[t.years.length - 1]!, observed: v(t.observed), target: t.target, inside: t.inside ? 'inside' : 'OUTSIDE' }));
  const spans = mine.filter((t) => t.stat === 'mean').map((t) => ({ from: t.years[0]!, to: t.years[t.years.length - 1]!, observed: v(t.observed), target: t.target, inside: t.inside ? 'inside' : 'OUTSIDE' }));
  const x = { field: 'year', type: 'quantitative', title: 'Year', scale: { zero: false, nice: false }, axis: { format: 'd', tickMinStep: 1, labelOverlap: true } };
  const y = (field: string) => ({ field, type: 'quantitative', title: s.axis, scale: { zero: false }, ...(s.format ? { axis: { format: s.format } } : {}) });
  const colors: Record<string, string> = { [BAND]: '#9ecae9', [MODEL]: '#1f77b4', [OBSERVED]: '#000000', [FIGURE]: '#e45756' };
  const domain = [BAND, MODEL, ...(points.length > 0 ? [OBSERVED] : []), ...(spans.length > 0 ? [FIGURE] : [])];
  const color = (datum: string) => ({ datum, type: 'nominal', title: null, scale: { domain, range: domain.map((d) => colors[d]!) }, legend: LEGEND });
  const tip = s.format === '%' ? '.2%' : ',.4~f';
  const layers: VlSpec[] = [
    { data: { values: rows }, mark: { type: 'area', opacity: 0.5 }, encoding: { x, y: y('lo'), y2: { field: 'hi' }, color: color(BAND) } },
    {
      data: { values: rows },
      mark: { type: 'line', point: { filled: true, size: 30 } },
      encoding: {
        x, y: y('mean'), color: color(MODEL),
        tooltip: [{ field: 'year', type: 'quantitative', title: 'Year', format: 'd' }, { field: 'mean', type: 'quantitative', title: 'mean', format: tip }, { field: 'lo', type: 'quantitative', title: '2.5%', format: tip }, { field: 'hi', type: 'quantitative', title: '97.5%', format: tip }],
      },
    },
  ];
  if (points.length > 0) {
    layers.push({
      data: { values: points },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 110 },
      encoding: {
        x, y: y('observed'), color: color(OBSERVED),
        tooltip: [{ field: 'target', type: 'nominal', title: 'target' }, { field: 'year', type: 'quantitative', title: 'Year', format: 'd' }, { field: 'observed', type: 'quantitative', title: 'observed', format: tip }, { field: 'inside', type: 'nominal', title: 'in the 95% interval' }],
      },
    });
  }
  if (spans.length > 0) {
    layers.push({
      data: { values: spans },
      mark: { type: 'rule', strokeWidth: 3 },
      encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, y: y('observed'), color: color(FIGURE), tooltip: [{ field: 'target', type: 'nominal', title: 'target' }, { field: 'observed', type: 'quantitative', title: 'observed mean', format: tip }] },
    });
  }
  const title = `${s.label}: posterior predictive and observed`;
  return {
    name: chartName('fit', column),
    title,
    caption: `${s.label} (${column}): the mean and 95% interval over every replicate of every posterior particle, weighted, year by year (band.csv), and the observations of ${mine.map((t) => t.target).filter((t, i, a) => a.indexOf(t) === i).join(', ')} (fit.csv).`,
    spec: { $schema: VEGA_LITE_SCHEMA, config: CONFIG, title: { text: title, subtitle: ['Band: 95% interval over the posterior particles\' replicates, by weight; line: their mean'] }, ...SIZE, layer: layers },
  };
}

/** Every chart of the report, in page order: the parameters' marginals, then the fit of each target column. */
export function calibrationCharts(p: CalibrationReportInput): Chart[] {
  const w = p.posterior.map((q) => q.weight);
  const columns = [...new Set(p.band.map((b) => b.column))];
  return [
    ...p.parameters.map((q, d) => marginalChart(q, p.posterior.map((x) => x.values[d]!), w)),
    ...columns.map((c) => fitChart(c, p.band, p.targets)),
  ].map((c) => ({ ...c, spec: labelFinalYear(c.spec) }));
}

// ---------------------------------------------------------------------------
// The page

const STYLE = `td,th{vertical-align:top}td.num{white-space:nowrap}.bad{color:#b00020;font-weight:bold}
figcaption{font-size:14px;color:#444}.warning{background:#fff4e5;padding:.5rem}`;

function targetTable(targets: readonly TargetSummary[]): string {
  const rows = targets.map((t) => `<tr data-target="${esc(t.target)}" data-column="${esc(t.column)}" data-years="${t.years.join(' ')}"><td>${esc(t.target)}</td><td>${esc(observationLabel({ ...t }))}</td><td class="num">${short(t.observed)}</td><td class="num">${short(t.mean)}</td><td class="num">${short(t.q025)} to ${short(t.q975)}</td><td${t.inside ? '' : ' class="bad"'}>${t.inside ? 'inside' : 'OUTSIDE'}</td></tr>`);
  return `<table id="fit"><thead><tr><th>target</th><th>observation</th><th>observed</th><th>model (posterior-predictive mean)</th><th>95% interval</th><th>observed within it?</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

function parameterTable(parameters: CalibrationReportInput['parameters'], estimate: string): string {
  const rows = parameters.map((p) => {
    const flags = flagWords(p);
    return `<tr data-parameter="${esc(p.path)}"><td><code>${esc(p.path)}</code></td><td class="num">${short(p.prior_from)} to ${short(p.prior_to)}</td><td class="num">${short(p.mean)}</td><td class="num">${short(p.median)}</td><td class="num">${short(p.q025)} to ${short(p.q975)}</td><td class="num">${Math.round(100 * p.sd_ratio)}%</td><td class="num">${short(p.estimate)}</td><td${flags ? ' class="bad"' : ''}>${flags === '' ? 'none' : esc(flags)}</td></tr>`;
  });
  return `<table id="parameters"><thead><tr><th>parameter</th><th>prior range</th><th>posterior mean</th><th>median</th><th>95% interval</th><th>sd / prior sd</th><th>set in calibrated.yaml (${esc(estimate)})</th><th>flags</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** The headline in sentences: how many observations are inside their intervals, which parameters are flagged. */
function verdict(p: CalibrationReportInput): string {
  const inside = p.targets.filter((t) => t.inside).length;
  const outside = p.targets.filter((t) => !t.inside);
  const notIdentified = p.parameters.filter((q) => q.not_identified).map((q) => q.path);
  const atBound = p.parameters.filter((q) => q.at_bound).map((q) => `${q.path} (${q.at_bound})`);
  const parts = [
    `${inside} of ${plural(p.targets.length, 'observation')} ${inside === 1 ? 'lies' : 'lie'} inside the posterior-predictive 95% interval${outside.length > 0 ? `; outside: ${outside.map((t) => esc(observationLabel({ ...t }))).join(', ')}` : ''}.`,
    notIdentified.length > 0 ? `Not identified (the targets did not narrow the prior to half its range): ${notIdentified.map((x) => `<code>${esc(x)}</code>`).join(', ')}.` : 'Every parameter is identified (the targets narrowed each to less than half its prior spread).',
    atBound.length > 0 ? `At a bound (the posterior piles up at the end of the range: the bound, or the model, is wrong there): ${atBound.map((x) => esc(x)).join(', ')}.` : 'No parameter piles up at a bound.',
  ];
  return parts.map((s) => `<p>${s}</p>`).join('\n');
}

/** report.html: the headline tables, then the charts (SVG by chart name; a chart without one is left out). */
export function renderCalibrationHtml(p: CalibrationReportInput, charts: readonly Chart[], svgs: Readonly<Record<string, string>>): string {
  const title = `Calibration of ${p.scenario}`;
  const how = p.method === 'smc'
    ? `sequential Monte Carlo ABC, ${plural(p.generations, 'generation')} of ${plural(p.particles, 'particle')}`
    : `rejection ABC, ${plural(p.generations, 'round')}, ${plural(p.particles, 'accepted point')}`;
  const rough = p.ess < 10 ? `<p class="warning">The posterior rests on ${Math.round(p.ess)} effective particle(s) of ${p.posterior.length}: its intervals and flags are rough; raise --particles and --budget.</p>` : '';
  const figures = (prefix: string) => charts
    .filter((c) => c.name.startsWith(prefix) && svgs[c.name] !== undefined)
    .map((c) => `<figure id="chart-${esc(c.name)}">${svgs[c.name]}<figcaption>${esc(c.caption)}</figcaption></figure>`)
    .join('\n');
  return staticPage(title, STYLE, `<p>${esc(how)} (${p.runsUsed} of ${p.budget} runs, ${plural(p.replicates, 'replicate')} per particle, seed ${p.seed}); ${esc(p.stopped)}. The posterior has ${plural(p.posterior.length, 'particle')} (effective ${Math.round(p.ess)}); calibrated.yaml sets the posterior ${p.estimate}s.</p>
${rough}
<h2>Does the model reproduce the targets?</h2>
${verdict(p)}
${targetTable(p.targets)}
<p>Model: the posterior-predictive mean and 95% interval of each observation, over every replicate of every posterior particle, by weight (the calibration's own runs; fresh draws with <code>run --posterior</code> give a slightly wider spread). The numbers are in <code>fit.csv</code>.</p>
<h2>What the calibration says about the parameters</h2>
${parameterTable(p.parameters, p.estimate)}
<p>Posterior mean, median and 95% interval are weighted over the posterior particles (<code>posterior.csv</code>). <b>Not identified</b>: the posterior sd is more than half the prior's. <b>At bound</b>: the 95% interval reaches the outer 5% of the range at one end and the median lies in the outer quarter there. The numbers are in <code>summary.json</code>.</p>
<h2>Posteriors against priors</h2>
${figures('posterior-')}
<h2>Fit over the years</h2>
${figures('fit-')}
<h2>Reproducing these results</h2>
<pre><code>${esc(p.command)}</code></pre>`);
}
