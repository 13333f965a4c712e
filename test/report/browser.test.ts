// report.html in a real headless Chromium (Debian's chromium package driven
// by playwright-core; no browser is downloaded): it opens from file:// with
// no network request at all, no console error, and every chart drawn with
// marks. A full-page screenshot is written next to each report.html.
//
// Skipped, with a message saying so, only when /usr/bin/chromium is absent;
// .ci/run installs it (apt-get install chromium). To keep the pages and
// screenshots for a look: REPORT_TEST_KEEP=1 npx vitest run test/report/browser.test.ts
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/report.ts';
import { makeResults, type ResultFolders } from './fixtures.ts';

/** The little of the DOM the page checks use (the project's tsconfig has no DOM library). */
interface DomElement {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getBBox(): { width: number; height: number };
  textContent: string | null;
}
interface Dom {
  document: DomElement & { documentElement: DomElement };
}

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const keep = Boolean(process.env['REPORT_TEST_KEEP']);
if (!available) {
  console.warn(`SKIPPED report.html browser test: ${CHROMIUM} is not installed (Debian: apt-get install chromium; .ci/run installs it).`);
}

let folders: ResultFolders;
let profile: string;
let context: BrowserContext;

describe.skipIf(!available)(`report.html in headless Chromium (${available ? CHROMIUM : `SKIPPED: ${CHROMIUM} not installed`})`, () => {
  beforeAll(async () => {
    folders = await makeResults();
    profile = mkdtempSync(join(tmpdir(), 'report-chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (!folders) return;
    if (keep) console.log(`report pages and screenshots kept in ${folders.root}/report-*`);
    else rmSync(folders.root, { recursive: true, force: true });
  });

  for (const kind of ['run', 'compare', 'sweep'] as const) {
    it(`${kind}: fits a 1,024 px window (no horizontal scroll)`, async () => {
      const out = join(folders.root, `report-fit-${kind}`);
      await writeReport(folders[kind], out);
      const page = await context.newPage();
      await page.setViewportSize({ width: 1024, height: 800 });
      await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
      await page.waitForFunction(() => (globalThis as unknown as Dom).document.documentElement.hasAttribute('data-charts'), null, { timeout: 60_000 });
      const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      await page.close();
      expect(width).toBeLessThanOrEqual(1024);
    });
  }

  for (const kind of ['run', 'compare', 'sweep'] as const) {
    it(`${kind}: opens offline with no request, no console error, and every chart drawn`, async () => {
      const out = join(folders.root, `report-${kind}`);
      const written = await writeReport(folders[kind], out);
      const charts = written.files.filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length));
      const page = await context.newPage();
      const problems: string[] = [];
      const requested: string[] = [];
      // Every request of the page and its workers goes through here: only the page itself may load.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        requested.push(url);
        if (url.startsWith('file://') || url.startsWith('data:')) return route.continue();
        problems.push(`request to ${url}`);
        return route.abort();
      });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`failed request ${r.url()}: ${r.failure()?.errorText}`));

      const url = pathToFileURL(join(out, 'report.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => (globalThis as unknown as Dom).document.documentElement.hasAttribute('data-charts'), null, { timeout: 60_000 });
      expect(await page.evaluate(() => (globalThis as unknown as Dom).document.documentElement.getAttribute('data-charts'))).toBe('ready');

      const drawn = await page.evaluate(() =>
        [...(globalThis as unknown as Dom).document.querySelectorAll('.chart')].map((el) => {
          const svg = el.querySelector('svg');
          const marks = svg ? [...svg.querySelectorAll('g.role-mark path')] : [];
          const visible = marks.filter((p) => (p.getAttribute('d') ?? '').length > 4 && p.getBBox().width + p.getBBox().height > 0);
          return {
            name: el.getAttribute('data-chart'),
            svg: svg !== null,
            marks: visible.length,
            title: svg?.querySelector('.role-title-text text')?.textContent ?? '',
            axisTitles: svg ? svg.querySelectorAll('.role-axis-title text').length : 0,
            legends: svg ? svg.querySelectorAll('.role-legend').length : 0,
          };
        }),
      );
      expect(drawn.map((d) => d.name)).toEqual(charts);
      for (const d of drawn) {
        expect(d.svg, `${d.name}: svg`).toBe(true);
        expect(d.marks, `${d.name}: drawn marks`).toBeGreaterThan(0);
        expect(d.title.length, `${d.name}: title`).toBeGreaterThan(0);
        expect(d.axisTitles, `${d.name}: axis titles`).toBeGreaterThanOrEqual(2);
        expect(d.legends, `${d.name}: legend`).toBeGreaterThan(0);
      }

      const screenshot = join(out, 'report-screenshot.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(50_000);
      await page.close();
      await context.unroute('**/*');

      expect(problems).toEqual([]);
      expect(requested).toEqual([url]);
    });
  }
});
