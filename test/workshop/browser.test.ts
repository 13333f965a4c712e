/// <reference lib="dom" />
// workshop.html in a real headless Chromium (Debian's chromium package driven
// by playwright-core, as the report test): the page makes no request but
// itself and logs no console error; the downloaded trajectory is `run`'s
// trajectory.csv byte for byte for the same scenario, seed and size; a
// slider moved reruns with a paired difference against a pinned baseline;
// the downloaded scenario passes `validate` and `run --seed N` reproduces the
// page's numbers; a bad file dropped gets the CLI's messages. Screenshots in
// both languages are written next to the page; the in-browser time of the
// workshop-size run goes to workshop-timing.json there (npm run bench reads it).
//
// Skipped, with a message saying so, only when /usr/bin/chromium is absent.
// To keep the page and screenshots: WORKSHOP_TEST_KEEP=1 npx vitest run test/workshop/browser.test.ts
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { TIMING_FILE, type BrowserTiming } from '../../src/workshop/timing.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const keep = Boolean(process.env['WORKSHOP_TEST_KEEP']);
if (!available) console.warn(`SKIPPED workshop.html browser test: ${CHROMIUM} is not installed (Debian: apt-get install chromium).`);

const BASELINE = resolve('scenarios/baseline.yaml');
/** The page's default what-if: the baseline at workshop size (workshopDefaults). */
const SEED = 42;
const REPLICATES = 3;
const SIZE = 3000;

let dir: string;
let pageUrl: string;
let profile: string;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const requested: string[] = [];

async function sim(args: string[], cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, stderrIsTTY: false });
  return { code, stdout, stderr };
}

const state = () => page.evaluate(() => document.body.getAttribute('data-state'));
const settled = () => page.waitForFunction(() => ['done', 'error'].includes(document.body.getAttribute('data-state') ?? ''), null, { timeout: 90_000 });

/**
 * Same CSV, byte for byte. The engines' own Math.exp/log/pow differ in the
 * last bit (Node 20's V8 uses fdlibm, newer Chromium LLVM's libc), which is
 * why the model computes them with core/libm.ts; the probe below records
 * whether this Chromium differs, so a pass shows the page does not depend on it.
 */
const LIBM_PROBE = `(() => { const out = []; for (let i = 1; i < 400; i++) { const x = i / 37; out.push(Math.exp(x - 5), Math.log(x), Math.pow(1.0 + x / 100, x * 3)); } return out; })()`;
let libmAgrees = true;

function expectSameTrajectory(page: string, cli: string): void {
  expect(page).toBe(cli);
}

async function downloadText(button: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

describe.skipIf(!available)(`workshop.html in headless Chromium (${available ? CHROMIUM : 'SKIPPED'})`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'workshop-test-'));
    const made = await sim(['workshop', '--out', 'page']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^workshop: page\/workshop\.html/);
    pageUrl = pathToFileURL(join(dir, 'page', 'workshop.html')).href;
    profile = mkdtempSync(join(tmpdir(), 'workshop-chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
      offline: true,
      acceptDownloads: true,
    });
    // Every request of the page and its worker goes through here: only the page itself may load.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith('file://') || url.startsWith('blob:')) return route.continue();
      problems.push(`request to ${url}`);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed request ${r.url()}: ${r.failure()?.errorText}`));
    await page.goto('about:blank');
    libmAgrees = JSON.stringify(await page.evaluate(LIBM_PROBE)) === JSON.stringify((0, eval)(LIBM_PROBE));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (!dir) return;
    if (keep) console.log(`workshop page and screenshots kept in ${dir}/page`);
    else rmSync(dir, { recursive: true, force: true });
  });

  it('opens offline, runs the default what-if, and its trajectory is run\'s trajectory.csv byte for byte', async () => {
    const t0 = Date.now();
    await page.goto(pageUrl, { waitUntil: 'load' });
    await settled();
    const wall = Date.now() - t0;
    expect(await state()).toBe('done');

    // Every chart drawn with marks; every headline cell marked with its metric and year.
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('.chart')].map((el) => ({ name: el.getAttribute('data-chart'), marks: el.querySelectorAll('svg g.role-mark path').length })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const c of charts) expect(c.marks, `${c.name}: drawn marks`).toBeGreaterThan(0);
    const cells = await page.evaluate(() => [...document.querySelectorAll('table.headline td')].map((td) => [td.getAttribute('data-metric'), td.getAttribute('data-year')]));
    expect(cells.length).toBeGreaterThan(0);
    for (const [metric, year] of cells) {
      expect(metric).toMatch(/^[a-z_]+$/);
      expect(year).toBe('2020');
    }

    const csv = await downloadText('#download-results');
    const cli = await sim(['run', BASELINE, '--seed', String(SEED), '--replicates', String(REPLICATES), '--set', `population.households=${SIZE}`, '--out', 'cli-run']);
    expect(cli.code, cli.stderr).toBe(0);
    expectSameTrajectory(csv, readFileSync(join(dir, 'cli-run', 'trajectory.csv'), 'utf8'));

    // The in-browser time of this workshop-size run, for npm run bench.
    const modelMs = Number(await page.evaluate(() => document.body.getAttribute('data-model-ms')));
    expect(modelMs).toBeGreaterThan(0);
    const timing: BrowserTiming = { browser: `Chromium ${context.browser()?.version() ?? ''}`.trim(), seed: SEED, replicates: REPLICATES, households: SIZE, model_ms: modelMs, page_ms: wall, math_same_as_node: libmAgrees };
    writeFileSync(join(dir, 'page', 'workshop-timing.json'), JSON.stringify(timing, null, 2) + '\n');
    mkdirSync(dirname(TIMING_FILE), { recursive: true });
    writeFileSync(TIMING_FILE, JSON.stringify(timing, null, 2) + '\n');
    const shot = join(dir, 'page', 'workshop-en.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  });

  it('pin a baseline, move a slider: the rerun completes with paired differences, and the state is in the URL', async () => {
    await page.click('#pin');
    expect(await page.evaluate(() => (document.getElementById('run-seed') as HTMLInputElement).disabled)).toBe(true);
    await page.evaluate(() => {
      const slider = document.getElementById('c-levers-fund') as HTMLInputElement;
      slider.value = '0.9';
      slider.dispatchEvent(new Event('input'));
      slider.dispatchEvent(new Event('change'));
    });
    expect(await state()).toBe('running');
    await settled();
    expect(await state()).toBe('done');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('set=levers.fund=0.9');
    const diffs = await page.evaluate(() =>
      [...document.querySelectorAll('table.headline td.difference')].map((td) => ({ metric: td.getAttribute('data-metric'), mean: td.getAttribute('data-mean'), lo: td.getAttribute('data-lo'), hi: td.getAttribute('data-hi') })),
    );
    expect(diffs.length).toBeGreaterThan(5);
    for (const d of diffs) {
      const [mean, lo, hi] = [Number(d.mean), Number(d.lo), Number(d.hi)];
      expect(Number.isFinite(mean), `${d.metric}`).toBe(true);
      expect(lo).toBeLessThanOrEqual(mean);
      expect(hi).toBeGreaterThanOrEqual(mean);
    }
    const words = await page.evaluate(() => document.querySelector('table.headline td.words')?.textContent ?? '');
    expect(words).toMatch(/baseline/);
  });

  it('the downloaded scenario passes validate, and run --seed N on it gives the page\'s trajectory', async () => {
    const yaml = await downloadText('#download-scenario');
    const csv = await downloadText('#download-results');
    writeFileSync(join(dir, 'what-if.yaml'), yaml);
    const valid = await sim(['validate', 'what-if.yaml']);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toBe('ok\n');
    const run = await sim(['run', 'what-if.yaml', '--seed', String(SEED), '--out', 'what-if-run']);
    expect(run.code, run.stderr).toBe(0);
    expectSameTrajectory(csv, readFileSync(join(dir, 'what-if-run', 'trajectory.csv'), 'utf8'));
  });

  it('a link reopens the same what-if; the Chinese page is drawn too', async () => {
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link.replace('lang=en', 'lang=zh'), { waitUntil: 'load' });
    await settled();
    expect(await state()).toBe('done');
    expect(await page.evaluate(() => (document.getElementById('c-levers-fund') as HTMLInputElement).value)).toBe('0.9');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
    const shot = join(dir, 'page', 'workshop-zh.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  });

  it('a bad scenario file opened on the page gets the messages of validate, with line and column', async () => {
    const bad = 'name: bad\nlevers:\n  fund: 1.5\npopulation:\n  housholds: 10\n';
    writeFileSync(join(dir, 'bad.yaml'), bad);
    await page.setInputFiles('#open-file', { name: 'bad.yaml', mimeType: 'application/yaml', buffer: Buffer.from(bad) });
    await page.waitForFunction(() => document.body.getAttribute('data-state') === 'error', null, { timeout: 30_000 });
    const shown = await page.evaluate(() => document.getElementById('errors')?.textContent ?? '');
    // The CLI names the file as it reaches it (relative to the test's directory); the page by its name.
    const cli = await sim(['validate', join(dir, 'bad.yaml')]);
    expect(cli.code).toBe(2);
    expect(shown + '\n').toBe(cli.stderr.split(`${dir}/`).join(''));
    expect(shown).toMatch(/bad\.yaml:3:9: levers\.fund:/);
  });

  it('made no request but the page and logged no console error', () => {
    expect(problems).toEqual([]);
    expect(requested.filter((u) => !u.startsWith('blob:')).every((u) => u.startsWith(pageUrl))).toBe(true);
  });
});
