/**
 * The report's charts as Vega-Lite specifications, built from the parsed
 * result tables (src/report/results.ts). Pure: no I/O, no rendering; the
 * same results give the same specs (key order, number rounding).
 *
 * Every chart has a title, axis titles with units and a legend. Trajectories
 * across replicates are drawn as a line (mean) over a shaded band (95%
 * Student-t interval, the same interval as summary.json and
 * differences.csv; computed here, not by Vega-Lite, whose "ci" extent is a
 * bootstrap). Data are inlined (`data.values`), so a spec loads nothing.
 *
 * Charts, when their data are present:
 *   run / compare   incidence, differences (compare only), poverty-gap,
 *                   exits-relapses, registration-errors, funds-programme
 *                   (run only: ledger.csv), funds-destination, trust,
 *                   income-source
 *   sweep           sweep-heatmap (two-parameter grid), sweep-small-multiples,
 *                   sweep-final-<metric>
 */
import { HEADLINE, INCOME_COLUMNS, TRUST_COLUMNS, metricEntry } from '../metrics/catalogue.ts';
import { parameterLabels, type ParameterLabel } from './parameter-labels.ts';
import { PROGRAMMES } from '../core/domain.ts';
import { meanInterval } from '../metrics/intervals.ts';
import type { CompareResults, DataRow, Results, RunResults, SweepResults } from './results.ts';
import { basename } from 'node:path';
import { inputError } from '../core/errors.ts';

/** A Vega-Lite specification as plain JSON. */
export type VlSpec = Record<string, unknown>;

export interface Chart {
  /** File-name stem: `<name>.vl.json`, `<name>.svg`, `<name>.png`. */
  name: string;
  /** The chart's title (also the report's section heading). */
  title: string;
  /** One sentence on what the chart shows and how to read it. */
  caption: string;
  spec: VlSpec;
}

/** The font family every chart asks for; the PNG renderer has exactly this font (assets/fonts). */
export const FONT_FAMILY = 'DejaVu Sans';
/** Fallbacks for browsers without DejaVu Sans (report.html). */
const FONT_STACK = `${FONT_FAMILY}, Verdana, Arial, sans-serif`;

/** Vega-Lite major version the specs are written for (the project pins vega-lite ~6.4). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Shared look: the shipped font, regular weight only (no synthetic bold), white background, labels never cut. */
export const CHART_CONFIG = {
  font: FONT_STACK,
  background: 'white',
  padding: 10,
  title: { fontSize: 15, fontWeight: 'normal', anchor: 'start', subtitleFontSize: 12, subtitleColor: '#444', subtitlePadding: 4, offset: 12 },
  axis: { titleFontSize: 12, titleFontWeight: 'normal', labelFontSize: 12, labelLimit: 400, titleLimit: 1000, gridColor: '#e6e6e6' },
  legend: { titleFontSize: 12, titleFontWeight: 'normal', labelFontSize: 12, labelLimit: 600, titleLimit: 1000 },
  header: { titleFontSize: 12, titleFontWeight: 'normal', labelFontSize: 12, labelFontWeight: 'normal', labelLimit: 1000 },
  concat: { spacing: 28 },
  view: { stroke: '#cccccc' },
  line: { strokeWidth: 2 },
} as const;

// ---------------------------------------------------------------------------
// What the metrics are and their units

type Kind = 'share' | 'index' | 'households' | 'people' | 'yuan_person' | 'million_yuan' | 'trust' | 'count';

interface MetricInfo {
  /** Short name (panel title, legend label). */
  label: string;
  kind: Kind;
  /** Axis title with the unit. */
  axis: string;
}

/** Axis titles that say more than the catalogue's unit: what the share or index measures. */
const AXIS_TITLES: Record<string, string> = {
  headcount_ratio: 'People below the poverty line (% of population)',
  headcount_ratio_households: 'Households below the line (% of households)',
  poverty_gap: 'Mean shortfall (share of the line, 0–1)',
  squared_gap: 'Squared poverty gap index (0–1)',
  gini: 'Gini of income per person (0–1)',
  registered_poor: 'Registered households',
};

/** What we know of a metric: label and unit from the metric catalogue; unknown metrics get their column name and no unit. */
export function metricInfo(metric: string): MetricInfo {
  const e = metricEntry(metric);
  if (!e) return { label: metric.replace(/_/g, ' '), kind: 'count', axis: metric.replace(/_/g, ' ') };
  const kind: Kind = e.kind === 'yuan' ? 'million_yuan' : e.kind === 'key' ? 'count' : e.kind;
  return { label: e.label, kind, axis: AXIS_TITLES[metric] ?? axisTitle(e.unit, kind) };
}

/** Axis title from the stored unit, in plot units: shares as %, money in million yuan. */
function axisTitle(unit: string, kind: Kind): string {
  const shareOf = /^share of (.*) \(0–1\)$/.exec(unit);
  if (kind === 'share' && shareOf) return `% of ${shareOf[1]}`;
  if (kind === 'million_yuan') return `Million ${unit}`;
  return unit.charAt(0).toUpperCase() + unit.slice(1);
}

/** Values are plotted as stored, except money in million yuan. */
function plotScale(kind: Kind): number {
  return kind === 'million_yuan' ? 1e-6 : 1;
}

/** Axis number format for a kind of metric (d3-format). */
function axisFormat(kind: Kind): string | undefined {
  if (kind === 'share') return '%';
  if (kind === 'households' || kind === 'people' || kind === 'yuan_person') return ',f';
  return undefined;
}

/** Tooltip number format. */
function tipFormat(kind: Kind): string {
  if (kind === 'share') return '.2%';
  if (kind === 'households' || kind === 'people' || kind === 'yuan_person') return ',.0f';
  if (kind === 'million_yuan') return ',.2f';
  return '.4f';
}

/** A difference `pair` (e.g. "multi − single"): shares in percentage points, money in million yuan. */
function differenceScale(kind: Kind, pair = 'a − b'): { factor: number; axis: string; format: string } {
  switch (kind) {
    case 'share':
      return { factor: 100, axis: `${pair} (percentage points)`, format: '.2f' };
    case 'index':
    case 'trust':
      return { factor: 1, axis: `${pair} (index points, 0–1 scale)`, format: '.4f' };
    case 'households':
      return { factor: 1, axis: `${pair} (households)`, format: ',.0f' };
    case 'people':
      return { factor: 1, axis: `${pair} (people)`, format: ',.0f' };
    case 'yuan_person':
      return { factor: 1, axis: `${pair} (yuan per person per year)`, format: ',.0f' };
    case 'million_yuan':
      return { factor: 1e-6, axis: `${pair} (million yuan per year)`, format: ',.2f' };
    case 'count':
      return { factor: 1, axis: pair, format: ',.4~f' };
  }
}

// ---------------------------------------------------------------------------
// Data preparation (pure)

/** 8 significant digits: plenty for a chart, and keeps the specs compact and stable. */
function round(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(8));
}

function num(v: string | number | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Distinct values of `column` in first-seen order. */
function distinct(rows: readonly DataRow[], column: string): string[] {
  const seen = new Set<string>();
  for (const r of rows) seen.add(String(r[column]));
  return [...seen];
}

interface BandPoint {
  series: string;
  year: number;
  mean: number;
  lo: number;
  hi: number;
  n: number;
  [k: string]: string | number;
}

/**
 * Mean and 95% interval across replicates of each metric (in plot units), per
 * group (value of `groupBy`, also the default series name) and year: metrics
 * in the order given, groups in first-seen order, years ascending. With
 * `clip`, the interval is cut to the values the metric can take (a share
 * stays in 0–1, a count at or above 0) and `clip.clipped` tells whether that
 * changed anything; the mean is never changed.
 */
function bands(
  rows: readonly DataRow[],
  groupBy: string,
  metrics: readonly string[],
  clip?: { clipped: boolean },
): Array<BandPoint & { metric: string; group: string }> {
  const groups = distinct(rows, groupBy);
  const byKey = new Map<string, DataRow[]>();
  const years = new Set<number>();
  for (const r of rows) {
    const y = num(r['year']);
    if (y === undefined) continue;
    years.add(y);
    const k = `${String(r[groupBy])}\u0000${y}`;
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(r);
  }
  const sortedYears = [...years].sort((a, b) => a - b);
  const out: Array<BandPoint & { metric: string; group: string }> = [];
  for (const metric of metrics) {
    const kind = metricInfo(metric).kind;
    const scale = plotScale(kind);
    const [min, max] = clip ? possibleRange(kind) : [-Infinity, Infinity];
    for (const g of groups) {
      for (const year of sortedYears) {
        const list = byKey.get(`${g}\u0000${year}`);
        if (!list) continue;
        const xs = list.map((r) => num(r[metric])).filter((x): x is number => x !== undefined);
        if (xs.length === 0) continue;
        const iv = meanInterval(xs);
        const lo = Math.max(min, iv.lo * scale);
        const hi = Math.min(max, iv.hi * scale);
        if (clip && (lo !== iv.lo * scale || hi !== iv.hi * scale)) clip.clipped = true;
        out.push({ series: g, group: g, metric, year, mean: round(iv.mean * scale), lo: round(lo), hi: round(hi), n: iv.n });
      }
    }
  }
  return out;
}

/** Replicates behind each scenario (the smallest count, for the subtitle). */
function replicateCount(rows: readonly DataRow[]): number {
  const per = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = String(r['scenario']);
    let set = per.get(s);
    if (!set) per.set(s, (set = new Set()));
    set.add(String(r['replicate']));
  }
  return per.size === 0 ? 0 : Math.min(...[...per.values()].map((s) => s.size));
}

function present(columns: readonly string[], wanted: readonly string[]): string[] {
  return wanted.filter((c) => columns.includes(c));
}

/** Values a metric can take (in plot units): bands are drawn within them. */
function possibleRange(kind: Kind): [number, number] {
  if (kind === 'share' || kind === 'index' || kind === 'trust') return [0, 1];
  if (kind === 'count') return [-Infinity, Infinity];
  return [0, Infinity];
}

function bandNote(n: number, clipped = false): string {
  return n > 1
    ? `Line: mean of ${n} replicates; shaded band: 95% interval across replicates (Student t)${clipped ? ', cut at the possible range' : ''}.`
    : 'One replicate: the line is that replicate (no interval without replicates).';
}

// ---------------------------------------------------------------------------
// Building blocks

const X_YEAR = {
  field: 'year',
  type: 'quantitative',
  title: 'Year',
  scale: { zero: false, nice: false },
  axis: { format: 'd', tickMinStep: 1, labelOverlap: true },
} as const;

function top(title: string, subtitle: string[], body: VlSpec, description: string): VlSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    description,
    title: { text: title, subtitle },
    config: CHART_CONFIG,
    ...body,
  };
}

interface ColorSpec {
  field: string;
  title: string;
  domain: string[];
}

/**
 * The colour channel of both band layers. They carry the same legend, which
 * Vega-Lite merges into one (a legend disabled on one layer would disable the
 * merged legend): a solid stroke per series, whatever the band's opacity.
 */
function colorEncoding(c: ColorSpec): VlSpec {
  return {
    field: c.field,
    type: 'nominal',
    title: c.title,
    scale: { domain: c.domain, scheme: c.domain.length > 10 ? 'category20' : 'tableau10' },
    sort: c.domain,
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  };
}

/**
 * The band layers: a translucent area from `lo` to `hi` (the 95% interval)
 * under a line with points at the mean. `kind` sets the axis format.
 */
function bandLayers(opts: { color: ColorSpec; yTitle: string; kind: Kind; zeroRule?: boolean; yDomain?: [number, number]; yRoom?: number }): VlSpec[] {
  const fmt = axisFormat(opts.kind);
  const yScale: VlSpec = opts.yDomain ? { domain: opts.yDomain } : { zero: opts.kind !== 'trust' };
  const y = (field: string): VlSpec => ({
    field,
    type: 'quantitative',
    title: wrapTitle(opts.yTitle, opts.yRoom ?? SINGLE.height),
    scale: yScale,
    ...(fmt ? { axis: { format: fmt } } : {}),
  });
  const tip = tipFormat(opts.kind);
  const layers: VlSpec[] = [];
  if (opts.zeroRule) {
    layers.push({ mark: { type: 'rule', color: '#555555', strokeDash: [4, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } });
  }
  layers.push(
    {
      mark: { type: 'area', opacity: 0.22, interpolate: 'linear' },
      encoding: { x: X_YEAR, y: y('lo'), y2: { field: 'hi' }, color: colorEncoding(opts.color) },
    },
    {
      mark: { type: 'line', point: { filled: true, size: 30 } },
      encoding: {
        x: X_YEAR,
        y: y('mean'),
        color: colorEncoding(opts.color),
        tooltip: [
          { field: opts.color.field, type: 'nominal', title: opts.color.title },
          { field: 'year', type: 'quantitative', title: 'Year', format: 'd' },
          { field: 'mean', type: 'quantitative', title: 'Mean', format: tip },
          { field: 'lo', type: 'quantitative', title: '95% interval, low', format: tip },
          { field: 'hi', type: 'quantitative', title: '95% interval, high', format: tip },
        ],
      },
    },
  );
  return layers;
}

const SINGLE = { width: 560, height: 300 };
const PANEL = { width: 300, height: 190 };

/**
 * An axis title that fits `room` pixels: a long one is split into two lines
 * before its parenthesised unit (Vega-Lite takes an array as lines).
 * Estimated at 7 px a character (12 px DejaVu Sans averages about 6.8).
 */
function wrapTitle(text: string, room: number): string | string[] {
  if (text.length * 7 <= room) return text;
  const at = text.lastIndexOf(' (');
  return at > 0 ? [text.slice(0, at), text.slice(at + 1)] : text;
}

/** One panel per metric (concat, shared colour legend), or one panel with the metrics as series when `asSeries`. */
function bandChart(opts: {
  name: string;
  title: string;
  subtitle: string;
  caption: string;
  rows: readonly DataRow[];
  metrics: string[];
  /** One series per metric in one panel (single scenario, same unit); else one panel per metric, series = scenarios. */
  asSeries: boolean;
  yTitle?: string;
  yDomain?: [number, number];
  columns?: number;
  /** Legend title when the series are metrics. */
  seriesTitle?: string;
}): Chart {
  const n = replicateCount(opts.rows);
  const clip = { clipped: false };
  const scenarios = distinct(opts.rows, 'scenario');
  const info = opts.metrics.map(metricInfo);
  let body: VlSpec;
  if (opts.asSeries || opts.metrics.length === 1) {
    const data = bands(opts.rows, 'scenario', opts.metrics, clip).map((p) =>
      opts.asSeries && opts.metrics.length > 1 ? { ...p, series: metricInfo(p.metric).label } : p,
    );
    const domain = opts.asSeries && opts.metrics.length > 1 ? info.map((i) => i.label) : scenarios;
    const color: ColorSpec = { field: 'series', title: opts.asSeries && opts.metrics.length > 1 ? (opts.seriesTitle ?? 'Series') : 'Scenario', domain };
    body = {
      data: { values: data },
      ...SINGLE,
      layer: bandLayers({ color, yTitle: opts.yTitle ?? info[0]!.axis, kind: info[0]!.kind, ...(opts.yDomain ? { yDomain: opts.yDomain } : {}) }),
    };
  } else {
    const color: ColorSpec = { field: 'series', title: 'Scenario', domain: scenarios };
    body = {
      columns: opts.columns ?? Math.min(opts.metrics.length, 3),
      concat: opts.metrics.map((metric, k) => ({
        title: { text: info[k]!.label, fontSize: 13 },
        data: { values: bands(opts.rows, 'scenario', [metric], clip) },
        ...PANEL,
        layer: bandLayers({ color, yTitle: info[k]!.axis, kind: info[k]!.kind, yRoom: PANEL.height, ...(opts.yDomain ? { yDomain: opts.yDomain } : {}) }),
      })),
    };
  }
  const subtitle = [opts.subtitle, bandNote(n, clip.clipped)];
  return { name: opts.name, title: opts.title, caption: opts.caption, spec: top(opts.title, subtitle, body, opts.caption) };
}

/** Stacked bars of the mean across replicates, by year and component; one column per scenario when several. */
function stackedChart(opts: {
  name: string;
  title: string;
  subtitle: string;
  caption: string;
  values: Array<{ scenario: string; year: number; component: string; value: number }>;
  components: string[];
  componentTitle: string;
  yTitle: string;
  kind: Kind;
  scenarios: string[];
  n: number;
  mark?: 'bar' | 'area';
  /** The sum of the components with its 95% interval across replicates, drawn as a band at the top of the stack. */
  total?: { values: Array<{ scenario: string; year: number; mean: number; lo: number; hi: number }>; title: string };
}): Chart {
  const tip = tipFormat(opts.kind);
  const fmt = axisFormat(opts.kind);
  const many = opts.scenarios.length > 1;
  const mark = opts.mark ?? 'bar';
  const x =
    mark === 'bar'
      ? { field: 'year', type: 'ordinal', title: 'Year', axis: { labelAngle: many ? -45 : 0 } }
      : X_YEAR;
  const inner: VlSpec = {
    mark: mark === 'bar' ? { type: 'bar' } : { type: 'area', line: { strokeWidth: 1 }, opacity: 0.85 },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative', aggregate: 'sum', title: opts.yTitle, stack: 'zero', ...(fmt ? { axis: { format: fmt } } : {}) },
      color: {
        field: 'component',
        type: 'nominal',
        title: opts.componentTitle,
        scale: { domain: opts.components, scheme: opts.components.length > 10 ? 'category20' : 'tableau10' },
        sort: opts.components,
      },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        ...(many ? [{ field: 'scenario', type: 'nominal', title: 'Scenario' }] : []),
        { field: 'year', type: 'ordinal', title: 'Year' },
        { field: 'component', type: 'nominal', title: opts.componentTitle },
        { field: 'value', type: 'quantitative', aggregate: 'sum', title: 'Mean', format: tip },
      ],
    },
  };
  const order = new Map(opts.components.map((c, i) => [c, i]));
  const values: VlSpec[] = opts.values.map((v) => ({ ...v, value: round(v.value), order: order.get(v.component) ?? 0 }));
  const total = opts.total && opts.n > 1 ? opts.total : undefined;
  const note = opts.n > 1 ? `Mean of ${opts.n} replicates${total ? `; grey band: 95% interval of the ${total.title.toLowerCase()} across replicates (Student t)` : ''}.` : 'One replicate.';
  let view: VlSpec = inner;
  if (total) {
    const band: VlSpec = {
      mark: { type: 'area', color: '#000000', opacity: 0.3 },
      encoding: {
        x,
        y: { field: 'lo', type: 'quantitative', title: opts.yTitle },
        y2: { field: 'hi' },
        tooltip: [
          ...(many ? [{ field: 'scenario', type: 'nominal', title: 'Scenario' }] : []),
          { field: 'year', type: 'ordinal', title: 'Year' },
          { field: 'mean', type: 'quantitative', title: total.title, format: tip },
          { field: 'lo', type: 'quantitative', title: '95% interval, low', format: tip },
          { field: 'hi', type: 'quantitative', title: '95% interval, high', format: tip },
        ],
      },
    };
    // One data set for both layers (a facet needs it): each layer keeps its own rows.
    view = { layer: [{ ...inner, transform: [{ filter: 'isValid(datum.component)' }] }, { ...band, transform: [{ filter: 'isValid(datum.hi)' }] }] };
    values.push(...total.values.map((t) => ({ scenario: t.scenario, year: t.year, mean: round(t.mean), lo: round(t.lo), hi: round(t.hi) })));
  }
  const body: VlSpec = many
    ? {
        data: { values },
        facet: { column: { field: 'scenario', type: 'nominal', title: 'Scenario', sort: opts.scenarios } },
        spec: { ...PANEL, width: 280, ...view },
      }
    : { data: { values }, ...SINGLE, ...view };
  return { name: opts.name, title: opts.title, caption: opts.caption, spec: top(opts.title, [opts.subtitle, note], body, opts.caption) };
}

/** The sum of the income sources of each replicate, as a mean with its 95% interval per scenario and year. */
function incomeTotals(rows: readonly DataRow[], income: readonly string[]) {
  const TOTAL = 'income_sources_total';
  const summed = rows.map((r): DataRow => {
    const xs = income.map((c) => num(r[c]));
    return xs.every((x) => x !== undefined) ? { ...r, [TOTAL]: xs.reduce((a, b) => a + b, 0) } : r;
  });
  return bands(summed, 'scenario', [TOTAL]).map((p) => ({ scenario: p.group, year: p.year, mean: p.mean, lo: p.lo, hi: p.hi }));
}

/** Mean across replicates per scenario, year and column (scaled to plot units). */
function meansByYear(rows: readonly DataRow[], columns: readonly string[], labelOf: (c: string) => string) {
  const out: Array<{ scenario: string; year: number; component: string; value: number }> = [];
  for (const p of bands(rows, 'scenario', columns)) out.push({ scenario: p.group, year: p.year, component: labelOf(p.metric), value: p.mean });
  return out;
}

// ---------------------------------------------------------------------------
// The charts of a run or a comparison (same trajectory columns)

const TRUST: readonly string[] = TRUST_COLUMNS;
const INCOME: readonly string[] = INCOME_COLUMNS;
/** Order of the difference panels; other metrics of differences.csv follow in file order. */
const DIFFERENCE_ORDER = [
  'headcount_ratio',
  'headcount_ratio_households',
  'poverty_gap',
  'squared_gap',
  'exclusion_error_at_registration',
  'inclusion_error_at_registration',
  'exits',
  'relapses',
  'registered_poor',
  'income_mean',
  'gini',
  'funds_leaked',
  'funds_captured',
];

function trajectoryCharts(rows: readonly DataRow[], columns: readonly string[], ledger: readonly DataRow[] | undefined): Chart[] {
  const charts: Chart[] = [];
  const scenarios = distinct(rows, 'scenario');
  const single = scenarios.length <= 1;
  const n = replicateCount(rows);

  if (columns.includes('headcount_ratio')) {
    charts.push(
      bandChart({
        name: 'incidence',
        title: 'Poverty incidence by year',
        subtitle: 'Share of people living below the poverty line (headcount ratio, FGT0)' + (single ? '' : ', by scenario'),
        caption: 'Poverty incidence: share of people below the poverty line each year; line = mean across replicates, band = 95% interval.',
        rows,
        metrics: ['headcount_ratio'],
        asSeries: false,
      }),
    );
  }
  const gap = present(columns, ['poverty_gap', 'squared_gap']);
  if (gap.length > 0) {
    charts.push(
      bandChart({
        name: 'poverty-gap',
        title: 'Poverty gap and severity',
        subtitle: 'Poverty gap (FGT1): mean shortfall below the line as a share of the line; severity (FGT2): mean squared shortfall',
        caption: 'Depth (poverty gap, FGT1) and severity (squared gap, FGT2) of poverty by year.',
        rows,
        metrics: gap,
        asSeries: false,
        columns: 2,
      }),
    );
  }
  const flows = present(columns, ['exits', 'relapses', 'false_exits']);
  if (flows.length > 0) {
    charts.push(
      bandChart({
        name: 'exits-relapses',
        title: 'Exits, relapses and false exits',
        subtitle: 'Registered households declared out of poverty (exits), of whom still poor (false exits), and exited households poor again (relapses); weighted counts',
        caption: 'Exits from the poverty register, false exits and relapses per year (households).',
        rows,
        metrics: flows,
        asSeries: single,
        yTitle: 'Households per year',
        seriesTitle: 'Flow',
      }),
    );
  }
  const errors = present(columns, ['inclusion_error_at_registration', 'exclusion_error_at_registration']);
  if (errors.length > 0) {
    charts.push(
      bandChart({
        name: 'registration-errors',
        title: 'Registration errors',
        subtitle: 'When the registry decides (January): inclusion error, registered households not poor by the income observed; exclusion error, poor households left off',
        caption: 'Targeting errors of the poverty register when it decides: inclusion error (% of registered households not poor by last year\'s income) and exclusion error (% of poor households not registered).',
        rows,
        metrics: errors,
        asSeries: single,
        yTitle: single ? 'Error rate (% of registered or of poor households)' : undefined,
        columns: 2,
        seriesTitle: 'Error',
      }),
    );
  }
  if (ledger && ledger.length > 0) {
    const c = fundsByProgramme(ledger);
    if (c) charts.push(c);
  }
  const money = moneyChart(rows, columns, ledger);
  if (money) charts.push(money);
  const trust = present(columns, TRUST);
  if (trust.length > 0) {
    charts.push(
      bandChart({
        name: 'trust',
        title: 'Trust between actors',
        subtitle: "Mean trust of the first actor in the second (0 = none, 1 = full): households' trust averaged over households (weighted); enterprises' and donors' trust averaged over counties by their weight",
        caption: 'Mean trust by actor pair over time (0–1).',
        rows,
        metrics: trust,
        asSeries: single,
        yTitle: 'Mean trust (0–1)',
        yDomain: [0, 1],
        seriesTitle: 'Actor pair (who → whom)',
      }),
    );
  }
  const income = present(columns, INCOME);
  if (income.length > 0) {
    charts.push(
      stackedChart({
        name: 'income-source',
        title: 'Income by source',
        subtitle: 'Mean income per person by source, nominal yuan of each year (not deflated; all households, weighted by people)',
        caption: 'Mean income per person by source: farming, wages, transfers, property and dividends (yuan per person per year).',
        values: meansByYear(rows, income, (m) => metricInfo(m).label),
        components: income.map((m) => metricInfo(m).label),
        componentTitle: 'Source',
        yTitle: 'Yuan per person per year',
        kind: 'yuan_person',
        scenarios,
        n,
        mark: 'area',
        total: { values: incomeTotals(rows, income), title: 'Income from all sources' },
      }),
    );
  }
  return charts;
}

// ---------------------------------------------------------------------------
// Where the money went: every yuan of the public funds, each year

/** The accounts of public poverty funds (levels of government); flows among them are internal. */
const PUBLIC_ACCOUNTS = new Set(['central', 'provincial', 'county']);

/** Where money leaving the public accounts went (ledger payee → component). */
const MONEY_DESTINATION: Record<string, string> = {
  household: 'Delivered to households, services, firms, lender',
  services: 'Delivered to households, services, firms, lender',
  enterprise: 'Delivered to households, services, firms, lender',
  lender: 'Delivered to households, services, firms, lender',
  infrastructure: 'Village public works',
  leakage: 'Leaked',
  fragmentation: 'Fragmented (idle)',
  elite_capture: 'Captured by elites',
  coordination: 'Lost to coordination',
  mismatch: 'Mismatched',
  recovered: 'Idle funds returned',
};
const BALANCE = 'Added to unspent balances (below 0: drawn down)';
/** One colour per destination, the same in the run and the compare report (Tableau 10). */
const MONEY_COLOURS: Record<string, string> = {
  'Delivered to households, services, firms, lender': '#4c78a8',
  'Village public works': '#f58518',
  Leaked: '#e45756',
  'Fragmented (idle)': '#72b7b2',
  'Captured by elites': '#54a24b',
  'Lost to coordination': '#eeca3b',
  Mismatched: '#b279a2',
  'Idle funds returned': '#9d755d',
  'Other public spending (public works, capture, coordination)': '#bab0ac',
  'Added to unspent balances (below 0: drawn down)': '#ff9da6',
};
function moneyColour(component: string): string {
  return MONEY_COLOURS[component] ?? '#79706e';
}
const OTHER_PUBLIC = 'Other public spending (public works, capture, coordination)';

/**
 * Sources and destinations of the public poverty funds each year, mean
 * across replicates: the bars of a year add up to the funds issued (the
 * black tick), as sources = destinations + change in unspent balances.
 * From ledger.csv when present (run); else from trajectory.csv (compare),
 * where public works, capture and coordination of public money are the
 * remainder and the balance is the change of funds_held_county.
 */
function moneyChart(rows: readonly DataRow[], columns: readonly string[], ledger: readonly DataRow[] | undefined): Chart | undefined {
  const acc = new Map<string, Map<string, number>>(); // scenario\0year -> component -> sum over replicates
  const reps = new Map<string, Set<string>>();
  const add = (scenario: string, year: number, component: string, v: number) => {
    const k = `${scenario}\u0000${year}`;
    let m = acc.get(k);
    if (!m) acc.set(k, (m = new Map()));
    m.set(component, (m.get(component) ?? 0) + v);
  };
  const seen = (scenario: string, replicate: string) => {
    let set = reps.get(scenario);
    if (!set) reps.set(scenario, (set = new Set()));
    set.add(replicate);
  };
  let source = '';
  if (ledger && ledger.length > 0) {
    source = 'ledger.csv';
    for (const r of ledger) {
      const year = num(r['year']);
      const amount = num(r['amount_yuan']);
      if (year === undefined || amount === undefined) continue;
      const s = String(r['scenario']);
      seen(s, String(r['replicate']));
      const from = PUBLIC_ACCOUNTS.has(String(r['payer']));
      const to = PUBLIC_ACCOUNTS.has(String(r['payee']));
      if (!from && to) {
        add(s, year, 'sources', amount);
        add(s, year, BALANCE, amount);
      } else if (from && !to) {
        const payee = String(r['payee']);
        add(s, year, MONEY_DESTINATION[payee] ?? `Other (${payee})`, amount);
        add(s, year, BALANCE, -amount);
      }
    }
  } else {
    const need = ['funds_public', 'funds_held_county', 'funds_delivered', 'funds_leaked', 'funds_fragmented', 'funds_mismatched'];
    if (!need.every((c) => columns.includes(c))) return undefined;
    source = 'trajectory.csv';
    const byRep = new Map<string, DataRow[]>();
    for (const r of rows) {
      const k = `${String(r['scenario'])}\u0000${String(r['replicate'])}`;
      let list = byRep.get(k);
      if (!list) byRep.set(k, (list = []));
      list.push(r);
    }
    for (const list of byRep.values()) {
      list.sort((a, b) => (num(a['year']) ?? 0) - (num(b['year']) ?? 0));
      let opening = 0; // the books start empty: the first simulated year opens with no balance
      for (const r of list) {
        const s = String(r['scenario']);
        const year = num(r['year']);
        if (year === undefined) continue;
        seen(s, String(r['replicate']));
        const v = (c: string) => num(r[c]) ?? 0;
        const change = v('funds_held_county') - opening;
        opening = v('funds_held_county');
        const listed = v('funds_delivered') + v('funds_leaked') + v('funds_fragmented') + v('funds_mismatched');
        add(s, year, 'sources', v('funds_public'));
        add(s, year, MONEY_DESTINATION['household']!, v('funds_delivered'));
        add(s, year, 'Leaked', v('funds_leaked'));
        add(s, year, 'Fragmented (idle)', v('funds_fragmented'));
        add(s, year, 'Mismatched', v('funds_mismatched'));
        add(s, year, OTHER_PUBLIC, v('funds_public') - listed - change);
        add(s, year, BALANCE, change);
      }
    }
  }
  if (acc.size === 0) return undefined;
  const order = [...new Set([MONEY_DESTINATION['household']!, ...Object.values(MONEY_DESTINATION), OTHER_PUBLIC])];
  const used = new Set<string>();
  for (const m of acc.values()) for (const [c, v] of m) if (c !== 'sources' && Math.abs(v) > 0) used.add(c);
  const components = [...order.filter((c) => used.has(c)), ...[...used].filter((c) => !order.includes(c) && c !== BALANCE).sort(), ...(used.has(BALANCE) ? [BALANCE] : [])];
  const scenarios = [...reps.keys()];
  const values: VlSpec[] = [];
  const totals: VlSpec[] = [];
  let lastYear = -Infinity;
  for (const [k, m] of acc) {
    const [scenario, y] = k.split('\u0000') as [string, string];
    const year = Number(y);
    lastYear = Math.max(lastYear, year);
    const n = reps.get(scenario)!.size;
    components.forEach((c, i) => values.push({ scenario, year, component: c, value: round(((m.get(c) ?? 0) / n) * 1e-6), order: i }));
    totals.push({ scenario, year, total: round(((m.get('sources') ?? 0) / n) * 1e-6) });
  }
  const held = rows.filter((r) => num(r['year']) === lastYear).map((r) => num(r['funds_held_county'])).filter((x): x is number => x !== undefined);
  const heldNote = held.length > 0 ? ` At the end of ${lastYear} the counties held ${(held.reduce((a, b) => a + b, 0) / held.length / 1e6).toFixed(1)} million yuan unspent (funds_held_county, mean${scenarios.length > 1 ? ' over scenarios' : ''}).` : '';
  const many = scenarios.length > 1;
  const x = { field: 'year', type: 'ordinal', title: 'Year', axis: { labelAngle: many ? -45 : 0 } };
  const layer: VlSpec[] = [
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', aggregate: 'sum', title: 'Million yuan per year (nominal)', stack: 'zero' },
        color: { field: 'component', type: 'nominal', title: 'Destination', scale: { domain: components, range: components.map(moneyColour) }, sort: components, legend: { orient: 'bottom', columns: 2 } },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          ...(many ? [{ field: 'scenario', type: 'nominal', title: 'Scenario' }] : []),
          { field: 'year', type: 'ordinal', title: 'Year' },
          { field: 'component', type: 'nominal', title: 'Destination' },
          { field: 'value', type: 'quantitative', aggregate: 'sum', title: 'Mean (million yuan)', format: ',.2f' },
        ],
      },
    },
    {
      data: { values: totals },
      mark: { type: 'tick', color: '#111111', thickness: 2 },
      encoding: {
        x,
        y: { field: 'total', type: 'quantitative', title: 'Million yuan per year (nominal)' },
        tooltip: [
          ...(many ? [{ field: 'scenario', type: 'nominal', title: 'Scenario' }] : []),
          { field: 'year', type: 'ordinal', title: 'Year' },
          { field: 'total', type: 'quantitative', title: 'Public funds issued (million yuan)', format: ',.2f' },
        ],
      },
    },
  ];
  const title = 'Where the money went';
  const subtitle = [
    'Every yuan of public poverty funds each year: the funds issued (black tick) = what left the public accounts + what was added to (or drawn from) unspent balances',
    `From ${source}; mean of ${Math.min(...[...reps.values()].map((r) => r.size))} replicate(s); nominal yuan.${heldNote}`,
  ];
  const caption =
    'Public poverty funds by destination (million yuan per year): delivered, public works, leaked, fragmented, captured, lost to coordination, mismatched, returned, and the change in unspent balances; bars add up to the funds issued that year. "Funds by programme" is the programme part of the delivered, captured and mismatched money.';
  const body: VlSpec = many
    ? { facet: { column: { field: 'scenario', type: 'nominal', title: 'Scenario', sort: scenarios } }, spec: { ...PANEL, width: 280, layer }, data: { values: [...values, ...totals] } }
    : { ...SINGLE, layer };
  if (many) {
    // Faceted layers share the facet's data: each layer keeps its own rows.
    (layer[0] as VlSpec)['transform'] = [{ filter: 'isValid(datum.component)' }];
    (layer[1] as VlSpec)['transform'] = [{ filter: 'isValid(datum.total)' }];
    delete (layer[0] as VlSpec)['data'];
    delete (layer[1] as VlSpec)['data'];
  }
  return { name: 'funds-destination', title, caption, spec: top(title, subtitle, body, caption) };
}

/** Purposes paid by the county that belong to a programme; the credit programme pays interest subsidies and risk compensation. */
const PROGRAMME_OF: Record<string, string> = {
  ...Object.fromEntries(PROGRAMMES.map((p) => [p, p])),
  interest_subsidy: 'credit',
  risk_compensation: 'credit',
};

const PROGRAMME_LABEL: Record<string, string> = {
  industry: 'Industry',
  employment: 'Employment',
  training: 'Training',
  credit: 'Credit',
  relocation: 'Relocation',
  health: 'Health',
  social_security: 'Social security (dibao)',
  education: 'Education',
  ecological: 'Ecological',
};

/** ledger.csv: public money the county spent through each programme (whoever received it), mean across replicates. */
function fundsByProgramme(ledger: readonly DataRow[]): Chart | undefined {
  const replicates = new Map<string, Set<string>>();
  const totals = new Map<string, number>(); // scenario \0 year \0 programme
  const years = new Set<number>();
  const used = new Set<string>();
  for (const r of ledger) {
    const s = String(r['scenario']);
    let set = replicates.get(s);
    if (!set) replicates.set(s, (set = new Set()));
    set.add(String(r['replicate']));
    if (r['payer'] !== 'county') continue;
    const programme = PROGRAMME_OF[String(r['purpose'])];
    const year = num(r['year']);
    const amount = num(r['amount_yuan']);
    if (programme === undefined || year === undefined || amount === undefined) continue;
    years.add(year);
    used.add(programme);
    const k = `${s}\u0000${year}\u0000${programme}`;
    totals.set(k, (totals.get(k) ?? 0) + amount);
  }
  if (used.size === 0) return undefined;
  const scenarios = [...replicates.keys()];
  const programmes = PROGRAMMES.filter((p) => used.has(p));
  const values: Array<{ scenario: string; year: number; component: string; value: number }> = [];
  for (const s of scenarios) {
    const nRep = replicates.get(s)!.size;
    for (const year of [...years].sort((a, b) => a - b)) {
      for (const p of programmes) {
        values.push({ scenario: s, year, component: PROGRAMME_LABEL[p] ?? p, value: ((totals.get(`${s}\u0000${year}\u0000${p}`) ?? 0) / nRep) * 1e-6 });
      }
    }
  }
  const n = Math.min(...[...replicates.values()].map((x) => x.size));
  return stackedChart({
    name: 'funds-programme',
    title: 'Funds by programme',
    subtitle: "Public money the counties spent through each programme, including what was captured or mismatched (ledger.csv): part of \"Where the money went\", which also counts losses on the way down, public works and unspent balances",
    caption: 'Public funds spent through each poverty programme (million yuan per year).',
    values,
    components: programmes.map((p) => PROGRAMME_LABEL[p] ?? p),
    componentTitle: 'Programme',
    yTitle: 'Million yuan per year',
    kind: 'million_yuan',
    scenarios,
    n,
  });
}

/**
 * What a difference axis is titled with: the scenarios' names ("multi −
 * single"); with several pairs against one scenario, "scenario − single";
 * else "a − b" (the legend names the pairs).
 */
function differencePairTitle(rows: readonly DataRow[]): string {
  const as = distinct(rows, 'scenario_a');
  const bs = distinct(rows, 'scenario_b');
  if (bs.length !== 1) return 'a − b';
  return `${as.length === 1 ? as[0]! : 'scenario'} − ${bs[0]!}`;
}

/** differences.csv: the paired difference a − b with its 95% interval, by year, one panel per metric. */
function differencesChart(c: CompareResults): Chart | undefined {
  const rows = c.differences.rows;
  if (rows.length === 0) return undefined;
  const inFile = distinct(rows, 'metric');
  const metrics = [...DIFFERENCE_ORDER.filter((m) => inFile.includes(m)), ...inFile.filter((m) => !DIFFERENCE_ORDER.includes(m))];
  const pairs = distinct(
    rows.map((r) => ({ ...r, pair: `${String(r['scenario_a'])} − ${String(r['scenario_b'])}` })),
    'pair',
  );
  const n = Math.min(...rows.map((r) => num(r['replicates']) ?? Infinity));
  const color: ColorSpec = { field: 'series', title: 'Pair (a − b)', domain: pairs };
  const pairAxis = differencePairTitle(rows);
  const panels = metrics.map((metric) => {
    const info = metricInfo(metric);
    const d = differenceScale(info.kind, pairAxis);
    const values = rows
      .filter((r) => r['metric'] === metric)
      .map((r) => ({
        series: `${String(r['scenario_a'])} − ${String(r['scenario_b'])}`,
        year: num(r['year']) ?? 0,
        mean: round((num(r['difference']) ?? 0) * d.factor),
        lo: round((num(r['diff_lo']) ?? 0) * d.factor),
        hi: round((num(r['diff_hi']) ?? 0) * d.factor),
        // Empty where there is no test (the difference is the same in every replicate).
        p: r['p_value'] === '' || r['p_value'] === undefined ? null : round(Number(r['p_value'])),
      }))
      .sort((a, b) => pairs.indexOf(a.series) - pairs.indexOf(b.series) || a.year - b.year);
    const layers = bandLayers({ color, yTitle: d.axis, kind: 'count', zeroRule: true, yRoom: PANEL.height });
    // Difference-specific tooltip format and the p-value.
    const line = layers[layers.length - 1]!;
    (line['encoding'] as VlSpec)['tooltip'] = [
      { field: 'series', type: 'nominal', title: 'Pair (a − b)' },
      { field: 'year', type: 'quantitative', title: 'Year', format: 'd' },
      { field: 'mean', type: 'quantitative', title: 'Mean difference', format: d.format },
      { field: 'lo', type: 'quantitative', title: '95% interval, low', format: d.format },
      { field: 'hi', type: 'quantitative', title: '95% interval, high', format: d.format },
      { field: 'p', type: 'quantitative', title: 'p (paired t-test)', format: '.3g' },
    ];
    return { title: { text: info.label, fontSize: 13 }, data: { values }, ...PANEL, layer: layers };
  });
  const title = 'Paired differences between scenarios';
  const subtitle = [
    'Difference a − b, replicate by replicate (same households and shocks in both: common random numbers); dashed line: no difference',
    n > 1 && Number.isFinite(n)
      ? `Line: mean of the ${n} paired differences; shaded band: 95% interval (Student t). Shares in percentage points, money in million yuan.`
      : 'One replicate: no interval. Shares in percentage points, money in million yuan.',
  ];
  const caption = 'Paired differences between scenarios (a − b) for each headline metric by year, with 95% intervals; where a band excludes the dashed zero line the difference is significant at 5%.';
  return {
    name: 'differences',
    title,
    caption,
    // Two columns and the legend below: fits a 1,024 px page without scaling the text down much.
    spec: top(title, subtitle, { columns: 2, concat: panels, config: { ...CHART_CONFIG, legend: { ...CHART_CONFIG.legend, orient: 'bottom' } } }, caption),
  };
}

// ---------------------------------------------------------------------------
// Sweeps

function formatValue(v: string | number | undefined): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v ?? '');
}

const EACH_RUN = 'Each run';
const MEAN_CI = 'Mean with 95% interval';
const SHOWN_BAND = 'Line: mean across replicates; band: 95% interval';

/** The sweep charts' look: every text at least 12 px. */
const SWEEP_CONFIG = {
  ...CHART_CONFIG,
  title: { ...CHART_CONFIG.title, subtitleFontSize: 12 },
  axis: { ...CHART_CONFIG.axis, labelFontSize: 12 },
  legend: { ...CHART_CONFIG.legend, labelFontSize: 12 },
};

/** Most panels of small multiples when the design is not a grid of one or two parameters (LHS, three or more). */
export const MAX_SMALL_MULTIPLES = 12;

/** The design of a sweep as the report sees it: points in order, each parameter's levels, and whether they form a full grid. */
export interface SweepDesign {
  /** Design points in numeric order. */
  points: string[];
  /** Each point's parameter values (first row of the point). */
  valuesOf: Map<string, DataRow>;
  /** "Fund synergy = 0.5, Technology synergy = 1" (or "point 3" without parameters). */
  labelOf: Map<string, string>;
  labels: ParameterLabel[];
  /** Distinct values of each parameter, ascending when numeric. */
  levels: Array<Array<string | number>>;
  /** One or two parameters and every combination of their levels exactly once: a factorial grid. */
  grid: boolean;
}

export function sweepDesign(s: SweepResults): SweepDesign {
  const labels = parameterLabels(s.parameters);
  const valuesOf = new Map<string, DataRow>();
  for (const r of s.runs.rows) if (!valuesOf.has(String(r['point']))) valuesOf.set(String(r['point']), r);
  const points = [...valuesOf.keys()].sort((a, b) => Number(a) - Number(b));
  const labelOf = new Map(
    points.map((p) => [p, s.parameters.length === 0 ? `point ${p}` : s.parameters.map((q, i) => `${labels[i]!.label} = ${formatValue(valuesOf.get(p)![q])}`).join(', ')]),
  );
  const levels = s.parameters.map((q) => {
    const vs = [...new Set(points.map((p) => valuesOf.get(p)![q]!))];
    return vs.every((v) => typeof v === 'number') ? (vs as number[]).sort((a, b) => a - b) : vs;
  });
  const combos = new Set(points.map((p) => s.parameters.map((q) => String(valuesOf.get(p)![q])).join('\u0000')));
  const cells = levels.reduce((n, l) => n * l.length, 1);
  const grid = (s.parameters.length === 1 || s.parameters.length === 2) && combos.size === points.length && points.length === cells;
  return { points, valuesOf, labelOf, labels, levels, grid };
}

/** The metrics a sweep's overview shows: its headline metrics, else every kept metric. */
function sweepHeadlineMetrics(s: SweepResults): string[] {
  const h = HEADLINE.filter((m) => s.metrics.includes(m));
  return h.length > 0 ? h : s.metrics;
}

/** The unit part of an axis title ("% of population" of "People below the poverty line (% of population)"), for small panels. */
function shortAxis(axis: string): string {
  const m = /\(([^()]+)\)$/.exec(axis);
  return m ? m[1]! : axis;
}

/** d3 format of a heatmap cell's label: short, in plot units. */
function cellFormat(kind: Kind): string {
  if (kind === 'share') return '.1%';
  if (kind === 'households' || kind === 'people' || kind === 'yuan_person') return ',.0f';
  if (kind === 'million_yuan') return ',.1f';
  return '.3~r'; // three significant digits: an index of 0.0049 is not shown as 0.005
}

/** Final-year mean (and interval) across replicates of `metric` at each design point, in plot units. */
function finalMeans(s: SweepResults, d: SweepDesign, metric: string): Array<{ point: string; mean: number; lo: number; hi: number; n: number }> {
  const rows = s.runs.rows;
  const finalYear = Math.max(...rows.map((r) => num(r['year']) ?? -Infinity));
  const scale = plotScale(metricInfo(metric).kind);
  const out: Array<{ point: string; mean: number; lo: number; hi: number; n: number }> = [];
  for (const p of d.points) {
    const xs = rows.filter((r) => String(r['point']) === p && num(r['year']) === finalYear).map((r) => num(r[metric])).filter((x): x is number => x !== undefined);
    if (xs.length === 0) continue;
    const iv = meanInterval(xs);
    out.push({ point: p, mean: round(iv.mean * scale), lo: round(iv.lo * scale), hi: round(iv.hi * scale), n: iv.n });
  }
  return out;
}

/**
 * Heatmaps of the headline metrics' final-year means over a two-parameter
 * grid: one panel per metric, each cell labelled with its value (so no
 * colour legend is needed), first parameter across, second up.
 */
export function sweepHeatmap(s: SweepResults, d: SweepDesign = sweepDesign(s)): Chart | undefined {
  if (!d.grid || s.parameters.length !== 2) return undefined;
  const [px, py] = s.parameters as [string, string];
  const [lx, ly] = d.labels as [ParameterLabel, ParameterLabel];
  const finalYear = Math.max(...s.runs.rows.map((r) => num(r['year']) ?? -Infinity));
  const cell = 64;
  const panels: VlSpec[] = [];
  for (const metric of sweepHeadlineMetrics(s)) {
    const info = metricInfo(metric);
    const means = finalMeans(s, d, metric);
    if (means.length === 0) continue;
    const lo = Math.min(...means.map((m) => m.mean));
    const hi = Math.max(...means.map((m) => m.mean));
    const mid = (lo + hi) / 2;
    const values = means.map((m) => {
      const v = d.valuesOf.get(m.point)!;
      return { x: v[px]!, y: v[py]!, point: d.labelOf.get(m.point)!, mean: m.mean, lo: m.lo, hi: m.hi, n: m.n, dark: hi > lo && m.mean > mid ? 1 : 0 };
    });
    const tip = tipFormat(info.kind);
    const x = { field: 'x', type: 'ordinal', title: wrapTitle(lx.title, d.levels[0]!.length * cell), sort: d.levels[0], axis: { labelAngle: 0 } };
    const y = { field: 'y', type: 'ordinal', title: wrapTitle(ly.title, d.levels[1]!.length * cell * 0.6), sort: [...d.levels[1]!].reverse() };
    panels.push({
      title: { text: info.label, fontSize: 13, subtitle: info.axis, subtitleFontSize: 12 },
      data: { values },
      width: d.levels[0]!.length * cell,
      height: d.levels[1]!.length * cell * 0.6,
      encoding: { x, y },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: {
            color: {
              field: 'mean',
              type: 'quantitative',
              title: wrapTitle(shortAxis(info.axis), 90),
              scale: { scheme: 'blues' },
              legend: { gradientLength: d.levels[1]!.length * cell * 0.6, ...(axisFormat(info.kind) ? { format: axisFormat(info.kind) } : {}) },
            },
            tooltip: [
              { field: 'point', type: 'nominal', title: 'Design point' },
              { field: 'x', title: `${lx.label} (${px})` },
              { field: 'y', title: `${ly.label} (${py})` },
              { field: 'mean', type: 'quantitative', title: `Mean in ${finalYear}`, format: tip },
              { field: 'lo', type: 'quantitative', title: '95% interval, low', format: tip },
              { field: 'hi', type: 'quantitative', title: '95% interval, high', format: tip },
              { field: 'n', type: 'quantitative', title: 'Replicates' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 12 },
          encoding: {
            text: { field: 'mean', type: 'quantitative', format: cellFormat(info.kind) },
            color: { condition: { test: 'datum.dark === 1', value: 'white' }, value: '#111111' },
          },
        },
      ],
    });
  }
  if (panels.length === 0) return undefined;
  const title = `Final-year means over the design grid (${finalYear})`;
  const caption = `Final-year (${finalYear}) mean across replicates of each headline metric at every combination of ${lx.label} and ${ly.label}; darker cells are higher values of that metric.`;
  const subtitle = [
    `Across: ${lx.title} (${px}); up: ${ly.title} (${py}).`,
    'Each cell: the mean across replicates (its tooltip gives the 95% interval).',
    'Each panel has its own colour scale: compare colours within a panel, numbers across panels.',
  ];
  return {
    name: 'sweep-heatmap',
    title,
    caption,
    spec: top(title, subtitle, { columns: 2, concat: panels, resolve: { scale: { color: 'independent' } }, config: { ...SWEEP_CONFIG, concat: { spacing: 24 } } }, caption),
  };
}

/**
 * The main metric's trajectory at each design point in its own small panel
 * (shared y scale), instead of overlapping bands: a grid of the two
 * parameters' levels, one row for one parameter, else a wrapped list of at
 * most MAX_SMALL_MULTIPLES points.
 */
export function sweepSmallMultiples(s: SweepResults, d: SweepDesign = sweepDesign(s)): Chart | undefined {
  const metric = s.metrics.includes('headcount_ratio') ? 'headcount_ratio' : s.metrics[0];
  if (metric === undefined || d.points.length === 0) return undefined;
  const info = metricInfo(metric);
  const shown = d.grid ? d.points : d.points.slice(0, MAX_SMALL_MULTIPLES);
  const keep = new Set(shown);
  const rows = s.runs.rows.filter((r) => keep.has(String(r['point'])));
  const labelled: DataRow[] = shown.flatMap((p) => rows.filter((r) => String(r['point']) === p).map((r) => ({ ...r, scenario: p })));
  const clip = { clipped: false };
  const values = bands(labelled, 'scenario', [metric], clip).map((b) => {
    const v = d.valuesOf.get(b.group)!;
    const extra: Record<string, string | number> = { point: d.labelOf.get(b.group)! };
    s.parameters.forEach((q, i) => (extra[`p${i}`] = v[q]!));
    return { ...b, ...extra } as BandPoint & Record<string, string | number>;
  });
  const n = Math.min(...shown.map((p) => new Set(rows.filter((r) => String(r['point']) === p).map((r) => String(r['replicate']))).size));
  const fmt = axisFormat(info.kind);
  const tip = tipFormat(info.kind);
  const panelWidth = 190;
  const panelHeight = 110;
  // The full vertical-axis title is in the subtitle: beside a 110 px panel only the unit fits.
  const y = (field: string): VlSpec => ({ field, type: 'quantitative', title: wrapTitle(shortAxis(info.axis), panelHeight), scale: { zero: info.kind !== 'trust' }, ...(fmt ? { axis: { format: fmt } } : {}) });
  const xYear = { ...X_YEAR, axis: { ...X_YEAR.axis, tickCount: 4 } };
  // One series a panel; the legend says what line and band are.
  const shownColor = { field: 'shown', type: 'nominal', title: 'Shown', scale: { domain: [SHOWN_BAND], range: ['#1f5f9e'] }, legend: { orient: 'bottom', symbolType: 'stroke', symbolStrokeWidth: 3 } };
  for (const v of values) v['shown'] = SHOWN_BAND;
  const inner: VlSpec = {
    width: panelWidth,
    height: panelHeight,
    layer: [
      { mark: { type: 'area', opacity: 0.25 }, encoding: { x: xYear, y: y('lo'), y2: { field: 'hi' }, color: shownColor } },
      {
        mark: { type: 'line', point: { filled: true, size: 20 } },
        encoding: {
          x: xYear,
          y: y('mean'),
          color: shownColor,
          tooltip: [
            { field: 'point', type: 'nominal', title: 'Design point' },
            { field: 'year', type: 'quantitative', title: 'Year', format: 'd' },
            { field: 'mean', type: 'quantitative', title: 'Mean', format: tip },
            { field: 'lo', type: 'quantitative', title: '95% interval, low', format: tip },
            { field: 'hi', type: 'quantitative', title: '95% interval, high', format: tip },
          ],
        },
      },
    ],
  };
  const header = (i: number): VlSpec => ({ field: `p${i}`, type: 'ordinal', title: d.labels[i]!.title, sort: d.levels[i], header: { labelFontSize: 12, titleFontSize: 12 } });
  let facet: VlSpec;
  let how: string;
  if (d.grid && s.parameters.length === 2) {
    facet = { facet: { column: header(0), row: { ...header(1), sort: [...d.levels[1]!].reverse() } } };
    how = `Columns: ${d.labels[0]!.title} (${s.parameters[0]}); rows: ${d.labels[1]!.title} (${s.parameters[1]}).`;
  } else if (d.grid) {
    facet = { facet: { column: header(0) } };
    how = `Columns: ${d.labels[0]!.title} (${s.parameters[0]}).`;
  } else {
    // Panel heads must stay narrower than a panel (Vega sizes the columns by them): the values only, in parameter order.
    const few = s.parameters.length > 0 && s.parameters.length <= 3;
    const head = (p: string) => (few ? s.parameters.map((q) => String(Number(Number(d.valuesOf.get(p)![q]).toPrecision(2)))).join(' · ') : `point ${p}`);
    for (const v of values) v['panel'] = head(String(v.group));
    facet = { facet: { field: 'panel', type: 'nominal', title: null, sort: shown.map(head), header: { labelFontSize: 12, labelLimit: panelWidth } }, columns: 4 };
    const order = few ? `Panel heads: ${d.labels.map((l) => l.label).join(' · ')} (${s.parameters.join(', ')}).\n` : '';
    how = order + (shown.length < d.points.length ? `The first ${shown.length} of ${d.points.length} design points; the final-year charts below show them all.` : 'One panel per design point.');
  }
  const title = `${metric === 'headcount_ratio' ? 'Poverty incidence' : info.label} by year at each design point`;
  const caption = `${info.label} by year, one panel per design point (same vertical scale in every panel); line = mean across replicates, band = 95% interval.`;
  const spec = top(title, [`Vertical axis: ${info.axis}.`, ...how.split('\n'), bandNote(n, clip.clipped)], { data: { values }, ...facet, spec: inner, resolve: { scale: { y: 'shared' } }, config: SWEEP_CONFIG }, caption);
  return { name: 'sweep-small-multiples', title, caption, spec };
}

function sweepCharts(s: SweepResults): Chart[] {
  const rows = s.runs.rows;
  if (rows.length === 0) return [];
  const d = sweepDesign(s);
  const pointLabel = d.labelOf;
  const charts: Chart[] = [];
  const heat = sweepHeatmap(s, d);
  if (heat) charts.push(heat);
  const multiples = sweepSmallMultiples(s, d);
  if (multiples) charts.push(multiples);
  if (s.parameters.length === 0) return charts;

  // Final year: each run's value against each varied parameter, with the mean over the runs that share a value.
  const finalYear = Math.max(...rows.map((r) => num(r['year']) ?? -Infinity));
  const last = rows.filter((r) => num(r['year']) === finalYear);
  for (const m of s.metrics) {
    const info = metricInfo(m);
    const scale = plotScale(info.kind);
    const fmt = axisFormat(info.kind);
    const tip = tipFormat(info.kind);
    const panels = s.parameters.map((param, pi) => {
      const pl = d.labels[pi]!;
      const numeric = last.every((r) => typeof r[param] === 'number');
      const runs = last
        .filter((r) => num(r[m]) !== undefined)
        .map((r) => ({
          value: numeric ? (r[param] as number) : String(r[param]),
          y: round(num(r[m])! * scale),
          point: pointLabel.get(String(r['point']))!,
          replicate: r['replicate']!,
          shown: EACH_RUN,
        }));
      const groups = new Map<string, number[]>();
      const keyOf = new Map<string, string | number>();
      for (const r of runs) {
        const k = String(r.value);
        keyOf.set(k, r.value);
        let list = groups.get(k);
        if (!list) groups.set(k, (list = []));
        list.push(r.y);
      }
      const repeated = [...groups.values()].some((g) => g.length > 1);
      const means = [...groups.entries()].map(([k, ys]) => {
        const iv = meanInterval(ys);
        return { value: keyOf.get(k)!, mean: round(iv.mean), lo: round(iv.lo), hi: round(iv.hi), n: iv.n, shown: MEAN_CI };
      });
      if (numeric) means.sort((a, b) => (a.value as number) - (b.value as number));
      // Few distinct values (a factorial design): a tick at each, and nowhere else.
      const ticks = numeric && means.length <= 8 ? { axis: { values: means.map((v) => v.value) } } : {};
      const x = { field: 'value', type: numeric ? 'quantitative' : 'nominal', title: wrapTitle(pl.title, 260), ...(numeric ? { scale: { zero: false, nice: false, padding: 16 } } : {}), ...ticks };
      const y = (field: string) => ({ field, type: 'quantitative', title: wrapTitle(info.axis, PANEL.height), ...(fmt ? { axis: { format: fmt } } : {}) });
      const shownColor = {
        field: 'shown',
        type: 'nominal',
        title: 'Shown',
        scale: repeated ? { domain: [EACH_RUN, MEAN_CI], range: ['#9aa5b1', '#1f5f9e'] } : { domain: [EACH_RUN], range: ['#1f5f9e'] },
      };
      const layers: VlSpec[] = [
        {
          data: { values: runs },
          mark: { type: 'point', filled: true, opacity: 0.45, size: 28 },
          encoding: {
            x,
            y: y('y'),
            color: shownColor,
            tooltip: [
              { field: 'point', type: 'nominal', title: 'Design point' },
              { field: 'replicate', type: 'nominal', title: 'Replicate' },
              { field: 'y', type: 'quantitative', title: info.label, format: tip },
            ],
          },
        },
      ];
      if (repeated) {
        layers.push(
          {
            data: { values: means },
            mark: { type: 'errorbar', ticks: true, thickness: 2 },
            encoding: { x, y: y('lo'), y2: { field: 'hi' }, color: shownColor },
          },
          {
            data: { values: means },
            mark: { type: 'line', point: { filled: true, size: 50 } },
            encoding: {
              x,
              y: y('mean'),
              color: shownColor,
              tooltip: [
                { field: 'value', title: `${pl.label} (${param})` },
                { field: 'mean', type: 'quantitative', title: 'Mean', format: tip },
                { field: 'lo', type: 'quantitative', title: '95% interval, low', format: tip },
                { field: 'hi', type: 'quantitative', title: '95% interval, high', format: tip },
                { field: 'n', type: 'quantitative', title: 'Runs' },
              ],
            },
          },
        );
      }
      return { title: { text: `Against ${pl.label}`, subtitle: param, subtitleFontSize: 12, fontSize: 13 }, ...PANEL, width: 260, layer: layers };
    });
    const title = `${info.label} in ${finalYear} against each parameter`;
    const caption = `${info.label} in the final year (${finalYear}) of every run against each varied parameter, with the mean over runs that share the value.`;
    charts.push({
      name: `sweep-final-${m.replace(/[^A-Za-z0-9_-]+/g, '_')}`,
      title,
      caption,
      spec: top(
        title,
        [
          `Dots: each run (design point × replicate) in ${finalYear}` + (s.parameters.length > 1 ? '; the other parameters vary too' : ''),
          'Line and bars: mean over the runs with that value and its 95% interval (Student t).',
        ],
        { columns: Math.min(s.parameters.length, 3), concat: panels, config: SWEEP_CONFIG },
        caption,
      ),
    });
  }
  return charts;
}

// ---------------------------------------------------------------------------

/** Observed values of one trajectory metric (e.g. a calibration target), in the metric's units. */
export interface Observed {
  file: string;
  column: string;
  metric: string;
  observed: ReadonlyArray<{ year: number; value: number }>;
}

/** Every chart the results support, in report order; with `target`, a fit chart first. */
export function buildCharts(results: Results, target?: Observed): Chart[] {
  const charts = chartsOf(results);
  if (target) {
    if (results.kind === 'sweep') throw inputError(`--target overlays observed values on a run or compare output, not on a sweep`);
    const t = results.kind === 'run' ? results.trajectory : results.comparison;
    if (!t.columns.includes(target.metric)) throw inputError(`--target: the results have no column "${target.metric}" to compare ${target.file} with`);
    charts.unshift(fitChart(t.rows, target));
  }
  return charts.map((c) => ({ ...c, spec: labelFinalYear(c.spec) }));
}

/** Most year labels on a time axis (fewer where the axis asks for fewer ticks). */
const MAX_YEAR_LABELS = 7;

/**
 * Every time axis (x: year) labels the final year: the labelled years are
 * set explicitly, stepping back from the last year in the chart's data, so
 * that neither Vega's round ticks (2011-2020 ticked 2012, ..., 2020; 2010-2019
 * ending at 2018) nor its removal of overlapping labels can drop it.
 */
export function labelFinalYear(spec: VlSpec): VlSpec {
  const years = new Set<number>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const values = ((node as VlSpec)['data'] as { values?: unknown } | undefined)?.values;
      if (Array.isArray(values)) for (const v of values) if (v && typeof v === 'object' && Number.isInteger((v as VlSpec)['year'])) years.add((v as VlSpec)['year'] as number);
      Object.values(node).forEach(collect);
    }
  };
  collect(spec);
  if (years.size === 0) return spec;
  const sorted = [...years].sort((a, b) => a - b);
  const relabel = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => relabel(n, key));
    if (!node || typeof node !== 'object' || key === 'data') return node;
    const o = node as VlSpec;
    // A time axis: x is the year (or, in a layer drawing spans of years, titled Year).
    if (key === 'x' && (o['field'] === 'year' || o['title'] === 'Year') && (o['type'] === 'quantitative' || o['type'] === 'ordinal')) {
      const axis = (o['axis'] ?? {}) as VlSpec;
      const most = Math.min(MAX_YEAR_LABELS, typeof axis['tickCount'] === 'number' ? axis['tickCount'] : Infinity);
      return { ...o, axis: { ...axis, values: yearLabels(sorted, most), labelOverlap: false } };
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, relabel(v, k)]));
  };
  return relabel(spec, '') as VlSpec;
}

/** At most `most` of the (ascending) years, evenly spaced and ending at the last. */
export function yearLabels(years: readonly number[], most: number): number[] {
  const step = years.length <= most ? 1 : Math.ceil((years.length - 1) / Math.max(1, most - 1));
  const out: number[] = [];
  for (let i = years.length - 1; i >= 0; i -= step) out.unshift(years[i]!);
  return out;
}

function chartsOf(results: Results): Chart[] {
  switch (results.kind) {
    case 'run':
      return runCharts(results);
    case 'compare': {
      const charts = trajectoryCharts(results.comparison.rows, results.comparison.columns, undefined);
      const diff = differencesChart(results);
      if (diff) charts.splice(charts[0]?.name === 'incidence' ? 1 : 0, 0, diff);
      return charts;
    }
    case 'sweep':
      return sweepCharts(results);
  }
}

/** The model's metric (mean and 95% band across replicates) with the observed values as black diamonds. */
function fitChart(rows: readonly DataRow[], target: Observed): Chart {
  const info = metricInfo(target.metric);
  const scale = plotScale(info.kind);
  const years = new Set(rows.map((r) => num(r['year'])));
  const points = target.observed.filter((o) => years.has(o.year)).map((o) => ({ year: o.year, value: round(o.value * scale), source: 'observed' }));
  const clip = { clipped: false };
  const data = bands(rows, 'scenario', [target.metric], clip);
  const color: ColorSpec = { field: 'series', title: 'Scenario', domain: distinct(rows, 'scenario') };
  const observedLayer: VlSpec = {
    data: { values: points },
    mark: { type: 'point', shape: 'diamond', filled: true, size: 110, color: '#000000' },
    encoding: {
      x: X_YEAR,
      y: { field: 'value', type: 'quantitative' },
      tooltip: [
        { field: 'year', type: 'quantitative', title: 'Year', format: 'd' },
        { field: 'value', type: 'quantitative', title: `Observed (${target.column})`, format: tipFormat(info.kind) },
      ],
    },
  };
  const body: VlSpec = { data: { values: data }, ...SINGLE, layer: [...bandLayers({ color, yTitle: info.axis, kind: info.kind }), observedLayer] };
  const title = `${info.label}: model and observed`;
  const caption = `${info.label}: the model (line = mean across replicates, band = 95% interval) and the observed values (black diamonds, ${target.file}, column ${target.column}).`;
  const subtitle = [`Black diamonds: observed, ${basename(target.file)} (${target.column})`, bandNote(replicateCount(rows), clip.clipped)];
  return { name: 'fit', title, caption, spec: top(title, subtitle, body, caption) };
}

function runCharts(r: RunResults): Chart[] {
  return trajectoryCharts(r.trajectory.rows, r.trajectory.columns, r.ledger?.rows);
}
