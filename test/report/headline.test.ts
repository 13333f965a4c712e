// The report's numbers: a headline table on every run and compare page, a
// money chart whose bars add up to the funds issued, honest subtitles and the
// replicates actually used.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';
import { buildCharts } from '../../src/report/charts.ts';
import { buildReport } from '../../src/report/report.ts';
import { readResults, type RunResults } from '../../src/report/results.ts';
import { formatInterval } from '../../src/report/headline.ts';
import { makeResults, type ResultFolders } from './fixtures.ts';

let f: ResultFolders;
beforeAll(async () => {
  f = await makeResults(['run', 'compare']);
}, 120_000);
afterAll(() => rmSync(f.root, { recursive: true, force: true }));

const html = async (dir: string) => (await buildReport(dir)).files['report.html'] as string;

describe('headline table', () => {
  it('run: final-year means with intervals, first thing after the contents', async () => {
    const page = await html(f.run);
    const at = page.indexOf('<section id="section-headline">');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(page.indexOf('class="chart-section"'));
    expect(page).toContain('Final year 2016, 3 replicates');
    expect(page).toMatch(/Poverty incidence \(people\)<br>.*<td class="num">\d+\.?\d*% \[\d/);
  });
  it('compare: each scenario and the paired difference with its interval and p-value', async () => {
    const page = await html(f.compare);
    expect(page).toContain('multi-centre − single-centre: paired difference [95% interval]; p');
    expect(page).toMatch(/<td class="num">-?\d[\d.,]* pp \[[^\]]+\]\*?; (p [=<] [\d.]+|no p-value \(no variation\))<\/td>/);
  });
  it('formats intervals with the digits they support and marks a cut one', () => {
    expect(formatInterval({ mean: 12199978.64, lo: 12199978.64, hi: 12199978.64, sd: 0, n: 3 })).toBe('12,199,979 [12,199,979, 12,199,979]');
    expect(formatInterval({ mean: 3.5, lo: 0, hi: 35.3, sd: 1, n: 2, clipped: true }, '%')).toBe('4% [0%, 35%]*') // two significant digits of the half-width;
  });
});

describe('where the money went', () => {
  type Bar = { scenario: string; year: number; component: string; value: number };
  type Tick = { scenario: string; year: number; total: number };
  function reconcile(bars: Bar[], ticks: Tick[]): number {
    let worst = 0;
    for (const t of ticks) {
      const sum = bars.filter((b) => b.scenario === t.scenario && b.year === t.year).reduce((a, b) => a + b.value, 0);
      worst = Math.max(worst, Math.abs(sum - t.total) / Math.max(1, t.total));
    }
    return worst;
  }
  it('run (ledger): the bars of every year add up to the public funds issued, unspent balances included', () => {
    const r = readResults(f.run) as RunResults;
    const chart = buildCharts(r).find((c) => c.name === 'funds-destination')!;
    const layer = chart.spec['layer'] as Array<{ data: { values: unknown[] } }>;
    const bars = layer[0]!.data.values as Bar[];
    const ticks = layer[1]!.data.values as Tick[];
    expect(reconcile(bars, ticks)).toBeLessThan(1e-6);
    expect(bars.some((b) => b.component.startsWith('Added to unspent balances'))).toBe(true);
    // the ticks are funds_public of trajectory.csv (mean across replicates, million yuan)
    const y = 2016;
    const pub = r.trajectory.rows.filter((x) => x['year'] === y).map((x) => x['funds_public'] as number);
    expect(ticks.find((t) => t.year === y)!.total).toBeCloseTo(pub.reduce((a, b) => a + b, 0) / pub.length / 1e6, 4);
  });
  it('compare (trajectory): the same identity holds per scenario', () => {
    const chart = buildCharts(readResults(f.compare)).find((c) => c.name === 'funds-destination')!;
    const values = (chart.spec['data'] as { values: Array<Bar & Tick> }).values;
    expect(reconcile(values.filter((v) => v.component !== undefined), values.filter((v) => v.total !== undefined))).toBeLessThan(1e-6);
  });
});

describe('honest labels', () => {
  it("the trust subtitle does not call firms' and donors' trust household-weighted", () => {
    const chart = buildCharts(readResults(f.run)).find((c) => c.name === 'trust')!;
    const sub = JSON.stringify((chart.spec['title'] as { subtitle: string[] }).subtitle);
    expect(sub).not.toMatch(/\), weighted by households/);
    expect(sub).toContain('averaged over counties by their weight');
  });
  it('the parameter table shows the replicates used, not the scenario default', async () => {
    const io: Io = { stdout: { write: () => true }, stderr: { write: () => true }, stderrIsTTY: false, cwd: f.root, env: {} } as unknown as Io;
    writeFileSync(join(f.root, 'five.yaml'), 'name: five\npopulation: {households: 300, villages_per_county: 3}\ntime: {start_year: 2014, end_year: 2014}\nreplicates: 5\n');
    expect(await main(['run', 'five.yaml', '--replicates', '2', '--out', 'five'], io)).toBe(0);
    const page = await html(join(f.root, 'five'));
    expect(page).toContain('<th scope="row">replicates</th><td class="value">2 (used; the scenario file says 5)</td>');
  }, 60_000);
});
