/**
 * The plain-language table at the top of a report: the final year's
 * headline metrics as mean and 95% interval across replicates (run), and,
 * for a comparison, each scenario's and each pair's paired difference with
 * its interval and p-value (from differences.csv); for a sweep, one row per
 * design point. Intervals are those of
 * summary.json and differences.csv: Student t, cut at the values a metric
 * can take and marked '*' where cut (ODD §4.12). Shares are shown in %,
 * money in million yuan, with the digits the interval supports.
 *
 * Pure: rows in, HTML out.
 */
import { HEADLINE, metricEntry } from '../metrics/catalogue.ts';
import { meanInterval, type Interval } from '../metrics/intervals.ts';
import { rangeOf } from '../metrics/summary.ts';
import { decimalsFor, fixed } from './compare-table.ts';
import { escapeHtml as esc } from './escape-html.ts';
import type { CompareResults, DataRow, RunResults, SweepResults } from './results.ts';
import { parameterLabels, type ParameterLabel } from './parameter-labels.ts';

export interface HeadlineRow {
  metric: string;
  label: string;
  unit: string;
  /** One cell per scenario (run: one) and per pair (compare), formatted. */
  cells: string[];
}

export interface HeadlineTable {
  year: number;
  replicates: number;
  /** Column heads after the metric. */
  heads: string[];
  rows: HeadlineRow[];
}

/** How a metric is shown: shares in %, money in million yuan, the rest as stored. */
function display(metric: string): { factor: number; unit: string; suffix: string } {
  const e = metricEntry(metric);
  if (!e) return { factor: 1, unit: '', suffix: '' };
  if (e.kind === 'share') return { factor: 100, unit: e.unit.replace(/\s*\(0–1\)$/, '').replace(/^share/, '%'), suffix: '%' };
  if (e.kind === 'yuan') return { factor: 1e-6, unit: `million ${e.unit} (nominal)`, suffix: '' };
  if (e.kind === 'yuan_person') return { factor: 1, unit: `${e.unit} (nominal)`, suffix: '' };
  return { factor: 1, unit: e.unit, suffix: '' };
}

function scaled(iv: Interval, f: number): Interval {
  return { ...iv, mean: iv.mean * f, lo: iv.lo * f, hi: iv.hi * f };
}

/** `mean [lo, hi]` with the digits the interval supports; '*' when the interval was cut. */
export function formatInterval(iv: Interval, suffix = '', decimals = decimalsFor(iv)): string {
  const n = (x: number) => `${group(fixed(x, decimals))}${suffix}`;
  if (iv.n < 2) return `${n(iv.mean)} (one replicate)`;
  return `${n(iv.mean)} [${n(iv.lo)}, ${n(iv.hi)}]${iv.clipped ? '*' : ''}`;
}

/** Thousands separators for readability (1234567.8 → 1,234,567.8). */
function group(s: string): string {
  const [int, frac] = s.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
}

function finalYear(rows: readonly DataRow[]): number {
  let y = -Infinity;
  for (const r of rows) if (typeof r['year'] === 'number' && r['year'] > y) y = r['year'];
  return y;
}

function valuesOf(rows: readonly DataRow[], scenario: string | undefined, year: number, metric: string): number[] {
  return rows
    .filter((r) => r['year'] === year && (scenario === undefined || String(r['scenario']) === scenario))
    .map((r) => r[metric])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** The headline metrics present in `columns`, in catalogue order. */
function headlineIn(columns: readonly string[]): string[] {
  return HEADLINE.filter((m) => columns.includes(m));
}

export function runHeadline(r: RunResults): HeadlineTable | undefined {
  const rows = r.trajectory.rows;
  const year = finalYear(rows);
  if (!Number.isFinite(year)) return undefined;
  const out: HeadlineRow[] = [];
  let replicates = 0;
  for (const metric of headlineIn(r.trajectory.columns)) {
    const xs = valuesOf(rows, undefined, year, metric);
    if (xs.length === 0) continue;
    const d = display(metric);
    const iv = scaled(meanInterval(xs, rangeOf(metric)), d.factor);
    replicates = Math.max(replicates, iv.n);
    out.push({ metric, label: metricEntry(metric)?.label ?? metric, unit: d.unit, cells: [formatInterval(iv, d.suffix)] });
  }
  return out.length === 0 ? undefined : { year, replicates, heads: ['Mean [95% interval]'], rows: out };
}

export function compareHeadline(r: CompareResults, labels: readonly string[]): HeadlineTable | undefined {
  const rows = r.comparison.rows;
  const year = finalYear(rows);
  if (!Number.isFinite(year)) return undefined;
  const diffs = r.differences.rows.filter((x) => x['year'] === year);
  const pairs: Array<[string, string]> = [];
  for (const x of diffs) {
    const p: [string, string] = [String(x['scenario_a']), String(x['scenario_b'])];
    if (!pairs.some((q) => q[0] === p[0] && q[1] === p[1])) pairs.push(p);
  }
  const out: HeadlineRow[] = [];
  let replicates = 0;
  for (const metric of headlineIn(r.comparison.columns)) {
    const d = display(metric);
    const arms = labels.map((l) => {
      const xs = valuesOf(rows, l, year, metric);
      return xs.length === 0 ? undefined : scaled(meanInterval(xs, rangeOf(metric)), d.factor);
    });
    const diffCells = pairs.map(([a, b]) => {
      const x = diffs.find((y) => y['metric'] === metric && String(y['scenario_a']) === a && String(y['scenario_b']) === b);
      if (!x) return undefined;
      const n = typeof x['replicates'] === 'number' ? x['replicates'] : Number(x['replicates']);
      const iv: Interval = { mean: Number(x['difference']) * d.factor, lo: Number(x['diff_lo']) * d.factor, hi: Number(x['diff_hi']) * d.factor, sd: 0, n, clipped: String(x['diff_clipped']) === 'true' };
      const p = x['p_value'] === '' || x['p_value'] === undefined ? undefined : Number(x['p_value']);
      return { iv, p };
    });
    const all = [...arms, ...diffCells.map((c) => c?.iv)].filter((x): x is Interval => x !== undefined);
    if (all.length === 0) continue;
    for (const a of arms) if (a) replicates = Math.max(replicates, a.n);
    const decimals = Math.max(0, ...all.map(decimalsFor));
    const suffix = d.suffix === '%' ? '%' : '';
    const cells = [
      ...arms.map((a) => (a ? formatInterval(a, suffix, decimals) : '—')),
      ...diffCells.map((c) => {
        if (!c) return '—';
        const pText = c.p === undefined ? 'no p-value (no variation)' : c.p < 0.001 ? 'p < 0.001' : `p = ${Number(c.p.toPrecision(2))}`;
        return `${formatInterval(c.iv, d.suffix === '%' ? ' pp' : '', decimals)}; ${pText}`;
      }),
    ];
    out.push({ metric, label: metricEntry(metric)?.label ?? metric, unit: d.unit, cells });
  }
  const heads = [...labels.map((l) => `${l}: mean [95% interval]`), ...pairs.map(([a, b]) => `${a} − ${b}: paired difference [95% interval]; p`)];
  return out.length === 0 ? undefined : { year, replicates, heads, rows: out };
}

/** The table as HTML, with a sentence saying how to read it. */
export function headlineHtml(t: HeadlineTable, kind: 'run' | 'compare'): string {
  const reps = `${t.replicates} replicate${t.replicates === 1 ? '' : 's'}`;
  const how =
    kind === 'run'
      ? `Final year ${t.year}, ${reps}: the mean across replicates and its 95% interval (Student t).`
      : `Final year ${t.year}, ${reps} per scenario: each scenario's mean and 95% interval, and the paired difference a − b (replicate by replicate, same households and shocks) with its 95% interval and the p-value of the paired t-test; shares' differences in percentage points (pp). Where the difference is the same in every replicate there is no test and no p-value.`;
  const note = 'Shares are in %, money in million nominal yuan. * the interval was cut at the values the quantity can take (a share within 0–100%, a count at or above 0): with few replicates the t interval is wider than that (ODD §4.12).';
  const head = `<tr><th scope="col">Metric</th>${t.heads.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map((r) => `<tr><th scope="row">${esc(r.label)}<br><span class="unit">${esc(r.unit)} · <code>${esc(r.metric)}</code></span></th>${r.cells.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<section id="section-headline">
<h2>Headline results</h2>
<p class="caption">${esc(how)} ${esc(note)}</p>
<div class="table-wrap"><table class="headline"><thead>${head}</thead><tbody>
${body}
</tbody></table></div>
</section>`;
}

// ---------------------------------------------------------------------------
// Sweeps: one row per design point

export interface SweepHeadlineTable {
  year: number;
  replicates: number;
  /** Varied parameters: column heads of the row labels. */
  parameters: ParameterLabel[];
  metrics: Array<{ metric: string; label: string; unit: string }>;
  /** One row per design point: its parameter values (formatted) and one cell per metric. */
  rows: Array<{ point: string; values: string[]; cells: string[] }>;
}

/**
 * Per design point, the final year's mean and 95% interval of the headline
 * metrics the sweep kept (every kept metric when it kept none of them), with
 * the varied parameters' values as row labels. Each metric's cells use the
 * same number of decimals, so a column reads down.
 */
export function sweepHeadline(s: SweepResults): SweepHeadlineTable | undefined {
  const rows = s.runs.rows;
  const year = finalYear(rows);
  if (!Number.isFinite(year)) return undefined;
  const kept = headlineIn(s.metrics);
  const metrics = kept.length > 0 ? kept : s.metrics;
  const first = new Map<string, DataRow>();
  for (const r of rows) if (!first.has(String(r['point']))) first.set(String(r['point']), r);
  const points = [...first.keys()].sort((a, b) => Number(a) - Number(b));
  const last = rows.filter((r) => r['year'] === year);
  let replicates = Infinity;
  const columns = metrics.map((metric) => {
    const d = display(metric);
    const ivs = points.map((p) => {
      const xs = last.filter((r) => String(r['point']) === p).map((r) => r[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      return xs.length === 0 ? undefined : scaled(meanInterval(xs, rangeOf(metric)), d.factor);
    });
    for (const iv of ivs) if (iv) replicates = Math.min(replicates, iv.n);
    const present = ivs.filter((x): x is Interval => x !== undefined);
    const decimals = Math.max(0, ...present.map(decimalsFor));
    return { metric, d, cells: ivs.map((iv) => (iv ? formatInterval(iv, d.suffix, decimals) : '—')) };
  });
  const used = columns.filter((c) => c.cells.some((x) => x !== '—'));
  if (used.length === 0 || points.length === 0) return undefined;
  return {
    year,
    replicates: Number.isFinite(replicates) ? replicates : 0,
    parameters: parameterLabels(s.parameters),
    metrics: used.map((c) => ({ metric: c.metric, label: metricEntry(c.metric)?.label ?? c.metric, unit: c.d.unit })),
    rows: points.map((p, i) => ({
      point: p,
      values: s.parameters.map((q) => sweepValue(first.get(p)![q])),
      cells: used.map((c) => c.cells[i]!),
    })),
  };
}

function sweepValue(v: string | number | undefined): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v ?? '');
}

/** The sweep table as HTML: parameter values as row heads, the interval on its own line to keep columns narrow. */
export function sweepHeadlineHtml(t: SweepHeadlineTable): string {
  const reps = `${t.replicates} replicate${t.replicates === 1 ? '' : 's'}`;
  const how = `Final year ${t.year}, ${reps} per design point: each point's mean across replicates and, below it, its 95% interval (Student t). Rows are the design points, labelled by the values of the varied parameters.`;
  const note = 'Shares are in %, money in million nominal yuan. * the interval was cut at the values the quantity can take (a share within 0–100%, a count at or above 0) (ODD §4.12).';
  const paramHeads = t.parameters.length > 0
    ? t.parameters.map((p) => `<th scope="col" class="param" title="${esc(p.description)}">${esc(p.label)}${p.unit ? `<br><span class="unit">${esc(p.unit)}</span>` : ''}<br><span class="unit"><code>${esc(p.path)}</code></span></th>`).join('')
    : '<th scope="col">Design point</th>';
  const metricHeads = t.metrics.map((m) => `<th scope="col">${esc(m.label)}<br><span class="unit">${esc(m.unit)} · <code>${esc(m.metric)}</code></span></th>`).join('');
  const cell = (c: string) => {
    const at = c.indexOf(' [');
    return at < 0 ? `<td class="num">${esc(c)}</td>` : `<td class="num">${esc(c.slice(0, at))}<br><span class="interval">${esc(c.slice(at + 1))}</span></td>`;
  };
  const body = t.rows
    .map((r) => {
      const heads = r.values.length > 0 ? r.values.map((v) => `<th scope="row">${esc(v)}</th>`).join('') : `<th scope="row">point ${esc(r.point)}</th>`;
      return `<tr>${heads}${r.cells.map(cell).join('')}</tr>`;
    })
    .join('\n');
  return `<section id="section-headline">
<h2>Headline results</h2>
<p class="caption">${esc(how)} ${esc(note)}</p>
<div class="table-wrap"><table class="headline sweep"><thead><tr>${paramHeads}${metricHeads}</tr></thead><tbody>
${body}
</tbody></table></div>
</section>`;
}
