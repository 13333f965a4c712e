/**
 * The waterfall chart of a decomposition (decompose --report): for one year
 * and metric, each channel's Shapley contribution to b − a as a bar from the
 * running sum before it to the running sum after it, with its 95% interval
 * across replicates as a rule at the bar's end, then the total from 0.
 * Pure: a Vega-Lite spec with the data inlined, in the look of charts.ts.
 */
import type { Row } from '../experiments/run.ts';
import { CHART_CONFIG, metricInfo, VEGA_LITE_SCHEMA, type Chart } from './charts.ts';

const round = (x: number) => Number(x.toPrecision(10));

export function waterfallChart(rows: readonly Row[], opts: { year: number; metric: string; labels: [string, string]; total: string }): Chart {
  const mine = rows.filter((r) => r['year'] === opts.year && r['metric'] === opts.metric);
  const info = metricInfo(opts.metric);
  const scale = info.kind === 'share' ? 100 : info.kind === 'million_yuan' ? 1e-6 : 1;
  const unit = info.kind === 'share' ? 'percentage points' : info.kind === 'million_yuan' ? 'million yuan' : info.axis;
  let sum = 0;
  const values = mine.map((r, k) => {
    const c = (r['contribution'] as number) * scale;
    const isTotal = r['channel'] === opts.total;
    const start = isTotal ? 0 : sum;
    const end = isTotal ? c : sum + c;
    if (!isTotal) sum = end;
    const lo = (r['lo'] as number) * scale - c;
    const hi = (r['hi'] as number) * scale - c;
    return {
      order: k,
      channel: isTotal ? `total (${opts.labels[1]} − ${opts.labels[0]})` : String(r['channel']),
      start: round(start),
      end: round(end),
      contribution: round(c),
      lo: round(end + lo),
      hi: round(end + hi),
      sign: isTotal ? 'total' : c >= 0 ? 'raises' : 'lowers',
    };
  });
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: { text: `Which channels carry the difference: ${info.label}, ${opts.year}`, subtitle: `${opts.labels[1]} − ${opts.labels[0]}; bars add up to the total (Shapley); whiskers: 95% interval across replicates` },
    width: 520,
    height: { step: 26 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'channel', type: 'nominal', sort: { field: 'order' }, title: null },
          x: { field: 'start', type: 'quantitative', title: `Contribution (${unit})` },
          x2: { field: 'end' },
          color: { field: 'sign', type: 'nominal', title: 'Channel', scale: { domain: ['raises', 'lowers', 'total'], range: ['#d95f02', '#1b9e77', '#666666'] } },
        },
      },
      {
        mark: { type: 'rule' },
        encoding: { y: { field: 'channel', type: 'nominal', sort: { field: 'order' } }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
      },
    ],
  };
  return {
    name: `waterfall-${opts.metric}`,
    title: `Decomposition of ${info.label}, ${opts.year}`,
    caption: `Each bar is one channel's average marginal effect on ${info.label} over orders of switching the channels on; the bars run from ${opts.labels[0]} to ${opts.labels[1]} and the last bar is the total difference.`,
    spec,
  };
}
