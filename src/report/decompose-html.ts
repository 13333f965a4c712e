/**
 * The decompose report page (`report.html` with `decompose --report`): the
 * final year's contributions of each channel with their 95% intervals, as a
 * table per metric, and the waterfall charts as inline SVG (already drawn, so
 * the page needs no script and works offline). Pure: rows and SVG in, HTML out.
 */
import type { Row } from '../experiments/run.ts';
import { metricEntry } from '../metrics/catalogue.ts';
import { decimalsFor, fixed } from './compare-table.ts';
import { escapeHtml as esc } from './escape-html.ts';
import { staticPage } from './static-page.ts';

export interface DecomposePageInput {
  rows: readonly Row[];
  year: number;
  labels: [string, string];
  seed: number;
  replicates: number;
  ordersNote: string;
  /** Waterfall SVG per metric. */
  charts: Record<string, string>;
  /** The command line that reproduces the run. */
  command: string;
}

const STYLE = 'tr.total td{font-weight:bold;border-top:2px solid #888}';

export function renderDecomposeHtml(p: DecomposePageInput): string {
  const at = p.rows.filter((r) => r['year'] === p.year);
  const metrics = [...new Set(at.map((r) => r['metric'] as string))];
  const title = `Which channels carry ${p.labels[1]} − ${p.labels[0]}`;
  const sections = metrics.map((metric) => {
    const mine = at.filter((r) => r['metric'] === metric);
    const ivs = mine.map((r) => ({ mean: r['contribution'] as number, lo: r['lo'] as number, hi: r['hi'] as number, sd: 0, n: 0 }));
    const d = Math.max(...ivs.map(decimalsFor));
    const label = metricEntry(metric)?.label ?? metric;
    const body = mine
      .map((r, k) => {
        const iv = ivs[k]!;
        const total = r['channel'] === 'total';
        const zero = iv.lo <= 0 && iv.hi >= 0;
        return `<tr${total ? ' class="total"' : ''} data-metric="${esc(metric)}" data-channel="${esc(String(r['channel']))}"><td>${esc(String(r['channel']))}</td><td class="num">${fixed(iv.mean, d)}</td><td class="num">[${fixed(iv.lo, d)}, ${fixed(iv.hi, d)}]</td><td>${total ? '' : zero ? 'not distinguishable from 0' : iv.mean < 0 ? `lowers it` : `raises it`}</td></tr>`;
      })
      .join('\n');
    const chart = p.charts[metric] ? `<figure>${p.charts[metric]}<figcaption>Waterfall of ${esc(label)}, ${p.year}: each bar is a channel's contribution; the last is the total difference.</figcaption></figure>` : '';
    return `<section id="metric-${esc(metric)}"><h2>${esc(label)} (<code>${esc(metric)}</code>), ${p.year}</h2>
<table><thead><tr><th>channel</th><th>contribution</th><th>95% interval</th><th>reading</th></tr></thead><tbody>
${body}
</tbody></table>
${chart}</section>`;
  });
  return staticPage(title, STYLE, `<p>Shapley decomposition of the difference ${esc(p.labels[1])} − ${esc(p.labels[0])} in ${p.year} (seed ${p.seed}, ${p.replicates} replicates, ${esc(p.ordersNote)}). Each channel's contribution is its marginal effect averaged over the orders in which the channels are switched from the first scenario's setting to the second's, every run paired on the same households and shocks; the contributions add up to the total difference. Intervals are 95% across replicates (Student t). The numbers are in <code>contributions.csv</code>; the charts are also in this folder as SVG and Vega-Lite specifications.</p>
${sections.join('\n')}
<h2>Reproducing these results</h2>
<pre><code>${esc(p.command)}</code></pre>`);
}
