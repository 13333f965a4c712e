/**
 * How the page shows a metric: shares in %, money in million yuan, the rest
 * as stored (as the report's headline table does), and the plain-words
 * sentence of a headline cell.
 */
import { metricEntry } from '../../metrics/catalogue.ts';
import type { Interval } from '../../metrics/intervals.ts';

export function display(metric: string): { factor: number; unit: string; diffUnit: string } {
  const e = metricEntry(metric);
  if (!e) return { factor: 1, unit: '', diffUnit: '' };
  if (e.kind === 'share') return { factor: 100, unit: '%', diffUnit: 'points' };
  if (e.kind === 'yuan') return { factor: 1e-6, unit: 'million yuan', diffUnit: 'million yuan' };
  if (e.kind === 'trust' || e.kind === 'index') return { factor: 1, unit: '(0–1)', diffUnit: '' };
  return { factor: 1, unit: e.unit, diffUnit: e.unit };
}

/** Enough digits to tell the interval's ends apart, at most 4 significant. */
export function decimals(iv: Interval, factor: number): number {
  const width = Math.abs(iv.hi - iv.lo) * factor;
  const size = Math.max(Math.abs(iv.mean * factor), 1e-12);
  const step = width > 0 ? width / 4 : size / 1000;
  return Math.max(0, Math.min(6, Math.ceil(-Math.log10(step))));
}

export function num(x: number, d: number): string {
  const s = x.toFixed(d);
  const [int, frac] = (/^-0(\.0*)?$/.test(s) ? s.slice(1) : s).split('.');
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
}
