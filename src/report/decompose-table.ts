/**
 * The table `decompose` prints on stdout: for one year (the final one), per
 * metric, each channel's Shapley contribution to b − a with its 95% interval
 * across replicates, then the total b − a. Plain text, aligned columns;
 * numbers as in the compare table (decimalsFor: enough to show the narrowest
 * interval of the metric).
 */
import type { Row } from '../experiments/run.ts';
import { decimalsFor, fixed } from './compare-table.ts';

export interface DecomposeTableOptions {
  year: number;
  labels: [string, string];
  seed: number;
  replicates: number;
  /** How the orders were chosen, e.g. "exact over all 24 orders". */
  ordersNote: string;
}

export function renderDecomposeTable(rows: readonly Row[], opts: DecomposeTableOptions): string {
  const at = rows.filter((r) => r['year'] === opts.year);
  const metrics = [...new Set(at.map((r) => r['metric'] as string))];
  const channelWidth = Math.max(8, ...at.map((r) => String(r['channel']).length));
  const lines = [
    `Shapley decomposition of ${opts.labels[1]} - ${opts.labels[0]}, ${opts.year} (seed ${opts.seed}, ${opts.replicates} replicates, ${opts.ordersNote}; contribution [95% interval across replicates])`,
  ];
  for (const metric of metrics) {
    const mine = at.filter((r) => r['metric'] === metric);
    const intervals = mine.map((r) => ({ mean: r['contribution'] as number, lo: r['lo'] as number, hi: r['hi'] as number, sd: 0, n: 0 }));
    const d = Math.max(...intervals.map(decimalsFor));
    lines.push('', metric);
    mine.forEach((r, k) => {
      const iv = intervals[k]!;
      lines.push(`  ${String(r['channel']).padEnd(channelWidth)}  ${fixed(iv.mean, d).padStart(d + 6)}  [${fixed(iv.lo, d)}, ${fixed(iv.hi, d)}]`);
    });
  }
  return lines.join('\n') + '\n';
}
