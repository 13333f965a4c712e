/**
 * report.html of an analysis (`sensitivity --report`): one self-contained
 * page, plain SVG, read back from the files the analysis wrote (indices.csv,
 * convergence.csv, sensitivity.json). Per metric: the mu*-sigma plot
 * (Morris) or bars of S1 and ST with their bootstrap intervals (Sobol), and
 * the convergence of mu* or ST over N/4, N/2, N.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../io/csv.ts';
import { writeFilesAtomically } from '../../io/write.ts';
import { escapeHtml as esc } from '../../report/escape-html.ts';
import { CONVERGENCE_FILE, INDICES_FILE, SUMMARY_FILE } from './run-sensitivity.ts';

export const REPORT_FILE = 'report.html';

type Row = Record<string, string>;

function readCsv(path: string): Row[] {
  return parseCsv(readFileSync(path, 'utf8'), path).rows;
}

const num = (s: string | undefined) => (s === undefined || s === '' ? Number.NaN : Number(s));
const short = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : 'n/a');
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Horizontal bars (value, interval) per parameter, for one or two series. */
function bars(title: string, params: string[], series: { name: string; color: string; value: number[]; lo: number[]; hi: number[] }[]): string {
  const rowH = 12 * series.length + 10;
  const left = 220;
  const width = 420;
  const height = 40 + params.length * rowH;
  const all = series.flatMap((s) => [...s.value, ...s.hi, ...s.lo]).filter(Number.isFinite);
  const max = Math.max(1e-12, ...all);
  const min = Math.min(0, ...all);
  const x = (v: number) => left + ((v - min) / (max - min)) * width;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 80}" height="${height}" font-family="sans-serif" font-size="11">`;
  svg += `<text x="4" y="14" font-weight="bold">${esc(title)}</text>`;
  series.forEach((s, k) => (svg += `<rect x="${left + k * 90}" y="22" width="10" height="8" fill="${s.color}"/><text x="${left + 14 + k * 90}" y="30">${esc(s.name)}</text>`));
  svg += `<line x1="${x(0)}" y1="36" x2="${x(0)}" y2="${height}" stroke="#999"/>`;
  params.forEach((p, i) => {
    const y0 = 40 + i * rowH;
    svg += `<text x="${left - 6}" y="${y0 + rowH / 2 + 3}" text-anchor="end">${esc(p)}</text>`;
    series.forEach((s, k) => {
      const v = s.value[i]!;
      if (!Number.isFinite(v)) return;
      const y = y0 + 4 + k * 12;
      svg += `<rect x="${Math.min(x(0), x(v))}" y="${y}" width="${Math.abs(x(v) - x(0))}" height="9" fill="${s.color}" opacity="0.75"><title>${esc(`${p} ${s.name} ${short(v)} [${short(s.lo[i]!)}, ${short(s.hi[i]!)}]`)}</title></rect>`;
      if (Number.isFinite(s.lo[i]!) && Number.isFinite(s.hi[i]!)) svg += `<line x1="${x(s.lo[i]!)}" x2="${x(s.hi[i]!)}" y1="${y + 4.5}" y2="${y + 4.5}" stroke="#000"/>`;
      svg += `<text x="${x(Math.max(v, s.hi[i]! || v)) + 4}" y="${y + 8}">${short(v)}</text>`;
    });
  });
  return svg + '</svg>';
}

/** Scatter of mu* (x) against sigma (y), one labelled point per parameter. */
function scatter(title: string, params: string[], xs: number[], ys: number[]): string {
  const w = 680;
  const h = 360;
  const m = { l: 60, r: 180, t: 30, b: 40 };
  const maxX = 1.05 * Math.max(1e-12, ...xs.filter(Number.isFinite));
  const maxY = 1.05 * Math.max(1e-12, ...ys.filter(Number.isFinite));
  const px = (v: number) => m.l + (v / maxX) * (w - m.l - m.r);
  const py = (v: number) => h - m.b - (v / maxY) * (h - m.t - m.b);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">`;
  svg += `<text x="4" y="14" font-weight="bold">${esc(title)}</text>`;
  svg += `<line x1="${m.l}" y1="${h - m.b}" x2="${w - m.r}" y2="${h - m.b}" stroke="#333"/><line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${h - m.b}" stroke="#333"/>`;
  svg += `<text x="${(w + m.l) / 2}" y="${h - 8}" text-anchor="middle">mu* (${short(maxX)} at the end of the axis)</text>`;
  svg += `<text x="14" y="${(h - m.b + m.t) / 2}" transform="rotate(-90 14 ${(h - m.b + m.t) / 2})" text-anchor="middle">sigma (${short(maxY)} at the top of the axis)</text>`;
  const d = Math.min(maxX, maxY);
  svg += `<line x1="${px(0)}" y1="${py(0)}" x2="${px(d)}" y2="${py(d)}" stroke="#bbb" stroke-dasharray="4 3"><title>sigma = mu*</title></line>`;
  params.forEach((p, i) => {
    if (!Number.isFinite(xs[i]!) || !Number.isFinite(ys[i]!)) return;
    svg += `<circle cx="${px(xs[i]!)}" cy="${py(ys[i]!)}" r="4" fill="${COLORS[i % COLORS.length]}"><title>${esc(`${p}: mu* ${short(xs[i]!)}, sigma ${short(ys[i]!)}`)}</title></circle>`;
    svg += `<text x="${px(xs[i]!) + 6}" y="${py(ys[i]!) - 4}">${esc(p)}</text>`;
  });
  return svg + '</svg>';
}

/** Lines of an index over the number of units, one per parameter. */
function convergence(title: string, params: string[], ns: number[], values: (p: string, n: number) => number): string {
  const w = 520;
  const h = 260;
  const m = { l: 60, r: 200, t: 30, b: 36 };
  const all = params.flatMap((p) => ns.map((n) => values(p, n))).filter(Number.isFinite);
  const lo = Math.min(0, ...all);
  const hi = Math.max(1e-12, ...all);
  const px = (k: number) => m.l + (ns.length === 1 ? 0 : (k / (ns.length - 1)) * (w - m.l - m.r));
  const py = (v: number) => h - m.b - ((v - lo) / (hi - lo)) * (h - m.t - m.b);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">`;
  svg += `<text x="4" y="14" font-weight="bold">${esc(title)}</text>`;
  svg += `<line x1="${m.l}" y1="${h - m.b}" x2="${w - m.r}" y2="${h - m.b}" stroke="#333"/><line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${h - m.b}" stroke="#333"/>`;
  svg += `<text x="${m.l - 4}" y="${py(hi) + 4}" text-anchor="end">${short(hi)}</text><text x="${m.l - 4}" y="${py(lo) + 4}" text-anchor="end">${short(lo)}</text>`;
  ns.forEach((n, k) => (svg += `<text x="${px(k)}" y="${h - m.b + 14}" text-anchor="middle">${n}</text>`));
  params.forEach((p, i) => {
    const c = COLORS[i % COLORS.length];
    const pts = ns.map((n, k) => [px(k), py(values(p, n))] as const).filter(([, y]) => Number.isFinite(y));
    svg += `<polyline fill="none" stroke="${c}" stroke-width="1.5" points="${pts.map(([a, b]) => `${a},${b}`).join(' ')}"/>`;
    svg += `<text x="${w - m.r + 8}" y="${m.t + 12 * i + 8}" fill="${c}">${esc(p)}</text>`;
  });
  return svg + '</svg>';
}

/** Write report.html into `dir` (an analysis output folder); returns its path. */
export function writeSensitivityReport(dir: string): string {
  const indices = readCsv(join(dir, INDICES_FILE));
  const conv = readCsv(join(dir, CONVERGENCE_FILE));
  const summary = JSON.parse(readFileSync(join(dir, SUMMARY_FILE), 'utf8')) as {
    name: string; description: string; method: { kind: 'morris' | 'sobol' }; replicates: number; runs: number; metrics: { name: string }[]; parameters: { path: string }[];
  };
  const params = summary.parameters.map((p) => p.path);
  const morris = summary.method.kind === 'morris';
  const parts: string[] = [];
  for (const { name: metric } of summary.metrics) {
    const at = (index: string, field: 'value' | 'lo' | 'hi') => params.map((p) => num(indices.find((r) => r.metric === metric && r.parameter === p && r.index === index)?.[field]));
    parts.push(`<h2>${esc(metric)}</h2>`);
    const seed = indices.find((r) => r.metric === metric && r.index === 'seed_share_mean');
    if (seed) parts.push(`<p>Share of the variance of the replicate means from the seed: <b>${short(num(seed.value))}</b>${num(seed.value) > 0.2 ? ' (large: more replicates would sharpen the indices)' : ''}.</p>`);
    if (morris) {
      parts.push(scatter(`${metric}: mu* and sigma (Morris)`, params, at('mu_star', 'value'), at('sigma', 'value')));
      parts.push(bars(`${metric}: mu* with bootstrap 95% intervals`, params, [{ name: 'mu*', color: COLORS[0]!, value: at('mu_star', 'value'), lo: at('mu_star', 'lo'), hi: at('mu_star', 'hi') }]));
    } else {
      parts.push(bars(`${metric}: Sobol indices with bootstrap 95% intervals`, params, [
        { name: 'S1', color: COLORS[0]!, value: at('S1', 'value'), lo: at('S1', 'lo'), hi: at('S1', 'hi') },
        { name: 'ST', color: COLORS[1]!, value: at('ST', 'value'), lo: at('ST', 'lo'), hi: at('ST', 'hi') },
      ]));
    }
    const key = morris ? 'mu_star' : 'ST';
    const rows = conv.filter((r) => r.metric === metric && r.index === key);
    const ns = [...new Set(rows.map((r) => Number(r.n)))].sort((a, b) => a - b);
    parts.push(convergence(`${metric}: ${morris ? 'mu*' : 'ST'} at ${morris ? 'r/4, r/2, r trajectories' : 'N/4, N/2, N base samples'}`, params, ns, (p, n) => num(rows.find((r) => r.parameter === p && Number(r.n) === n)?.value)));
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(summary.name)}: sensitivity</title>
<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em}svg{display:block;margin:1em 0}</style></head>
<body><h1>${esc(summary.name)}</h1><p>${esc(summary.description)}</p>
<p>${morris ? 'Morris screening' : 'Sobol indices'}; ${summary.runs} runs (${summary.replicates} replicate(s) per design point). Numbers: indices.csv, convergence.csv; SALib export: salib/.</p>
${parts.join('\n')}
</body></html>
`;
  writeFilesAtomically(dir, { [REPORT_FILE]: html });
  return join(dir, REPORT_FILE);
}
