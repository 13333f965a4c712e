// writeReport: reads a results folder, writes every chart as .vl.json, .svg
// and .png plus report.html, atomically and with the same bytes for the same
// input; report.html references nothing outside itself.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimError } from '../../src/core/errors.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { writeReport, type WrittenReport } from '../../src/report/report.ts';
import { detectKind, readResults } from '../../src/report/results.ts';
import { makeResults, type ResultFolders } from './fixtures.ts';

let folders: ResultFolders;
const written: Partial<Record<'run' | 'compare' | 'sweep', WrittenReport & { dir: string }>> = {};

beforeAll(async () => {
  folders = await makeResults();
  for (const kind of ['run', 'compare', 'sweep'] as const) {
    const dir = join(folders.root, `report-${kind}`);
    written[kind] = { ...(await writeReport(folders[kind], dir)), dir };
  }
});
afterAll(() => rmSync(folders.root, { recursive: true, force: true }));

/** Attribute values and CSS that would make a browser fetch something. */
function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|action|formaction|poster|data|srcset|background)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]*)/gi)) found.push(m[0]);
  for (const m of html.matchAll(/url\(\s*["']?\s*((?:https?:)?\/\/[^)"']*)/gi)) found.push(m[0]);
  for (const m of html.matchAll(/@import\s+["']?(?:https?:)?\/\//gi)) found.push(m[0]);
  return found;
}

describe('writeReport', () => {
  it('detects what wrote each folder', () => {
    expect(detectKind(folders.run)).toBe('run');
    expect(detectKind(folders.compare)).toBe('compare');
    expect(detectKind(folders.sweep)).toBe('sweep');
    const sweep = readResults(folders.sweep);
    expect(sweep.kind === 'sweep' && sweep.parameters).toEqual(['levers.fund', 'levers.technology']);
  });

  for (const kind of ['run', 'compare', 'sweep'] as const) {
    it(`${kind}: writes .vl.json, .svg and .png for every chart, then report.html, and nothing else`, () => {
      const w = written[kind]!;
      expect(w.kind).toBe(kind);
      expect(w.warnings).toEqual([]);
      expect(w.files[w.files.length - 1]).toBe('report.html');
      const charts = w.files.filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length));
      expect(charts.length).toBeGreaterThan(0);
      expect([...w.files].sort()).toEqual([...charts.flatMap((c) => [`${c}.vl.json`, `${c}.svg`, `${c}.png`]), 'report.html'].sort());
      expect(readdirSync(w.dir).sort()).toEqual([...w.files].sort()); // no temporary files left
      for (const c of charts) {
        expect(readFileSync(join(w.dir, `${c}.svg`), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
        expect(readFileSync(join(w.dir, `${c}.png`)).subarray(1, 4).toString()).toBe('PNG');
        expect(readFileSync(join(w.dir, `${c}.png`)).byteLength).toBeGreaterThan(10_000);
        expect(JSON.parse(readFileSync(join(w.dir, `${c}.vl.json`), 'utf8')).$schema).toMatch(/vega-lite\/v6\.json$/);
      }
    });
  }

  it('the same results give the same bytes in every file', async () => {
    for (const kind of ['run', 'compare'] as const) {
      const again = join(folders.root, `again-${kind}`);
      const w = await writeReport(folders[kind], again);
      for (const f of w.files) {
        expect(readFileSync(join(again, f)).equals(readFileSync(join(written[kind]!.dir, f))), `${kind}/${f}`).toBe(true);
      }
    }
  });

  it('can write into the results folder itself, leaving the results untouched', async () => {
    const dir = join(folders.root, 'in-place');
    mkdirSync(dir);
    for (const f of readdirSync(folders.run)) writeFileSync(join(dir, f), readFileSync(join(folders.run, f)));
    const before = readFileSync(join(dir, 'trajectory.csv'));
    const w = await writeReport(dir, dir);
    expect(readFileSync(join(dir, 'trajectory.csv')).equals(before)).toBe(true);
    for (const f of w.files) expect(existsSync(join(dir, f))).toBe(true);
    expect(detectKind(dir)).toBe('run');
  });

  it('report.html is self-contained: no external reference, scripts inlined, a no-network policy', () => {
    for (const kind of ['run', 'compare', 'sweep'] as const) {
      const html = readFileSync(join(written[kind]!.dir, 'report.html'), 'utf8');
      // Anywhere in the file, inlined code included: no src=/href=/url() pointing to http(s) or //host.
      expect(externalReferences(html), kind).toEqual([]);
      // The page's own markup (script bodies left out) loads nothing: no script src, link, img, iframe.
      const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
      expect(markup.length).toBeLessThan(html.length / 5);
      expect(/<script[^>]*\bsrc\s*=/i.test(markup), `${kind}: script src`).toBe(false);
      expect(/<(?:link|img|iframe|object|embed|base)\b/i.test(markup), `${kind}: loading element`).toBe(false);
      expect(/https?:\/\//i.test(markup), `${kind}: URL in the markup`).toBe(false);
      expect(markup).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
      // The three libraries and the specs are in the page.
      expect(html.includes('vegaEmbed'), 'vega-embed inlined').toBe(true);
      expect(html.includes('<script type="application/json" id="report-specs">'), 'specs inlined').toBe(true);
      const specs = JSON.parse(html.match(/<script type="application\/json" id="report-specs">([\s\S]*?)<\/script>/)![1]!) as Record<string, unknown>;
      expect(Object.keys(specs).sort()).toEqual(written[kind]!.files.filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -8)).sort());
      expect(html.match(/<\/script>/g)!.length).toBe(5); // vega, vega-lite, vega-embed, specs, boot
    }
  });

  it('the page names the seed, replicates, program version and scenario hashes, and lists the parameters', () => {
    const html = readFileSync(join(written.run!.dir, 'report.html'), 'utf8');
    const manifest = JSON.parse(readFileSync(join(folders.run, 'manifest.json'), 'utf8'));
    const has = (page: string, s: string | RegExp) => (typeof s === 'string' ? page.includes(s) : s.test(page));
    for (const s of [manifest.scenario_hash, `>${manifest.version}<`, 'npx tsx src/cli.ts run multi.yaml --seed 42 --replicates 3', '>levers.technology<', '>population.households<']) {
      expect(has(html, s), s).toBe(true);
    }

    const cmp = readFileSync(join(written.compare!.dir, 'report.html'), 'utf8');
    const cm = JSON.parse(readFileSync(join(folders.compare, 'manifest.json'), 'utf8'));
    for (const s of cm.scenarios) expect(has(cmp, s.scenario_hash), s.label).toBe(true);
    expect(has(cmp, /<tr class="differs"><th scope="row">governance\.arrangement<\/th><td class="value">multi<\/td><td class="value">single<\/td>/)).toBe(true);
    expect(has(cmp, '<h1>Comparison report: multi-centre vs single-centre</h1>')).toBe(true);

    const sw = readFileSync(join(written.sweep!.dir, 'report.html'), 'utf8');
    expect(has(sw, '<h1>Sweep report: small-sweep</h1>')).toBe(true);
    expect(has(sw, JSON.parse(readFileSync(join(folders.sweep, 'manifest.json'), 'utf8')).sweep_hash)).toBe(true);
  });

  it('bad input: a missing or unrecognised folder or a malformed file is an input error and writes nothing', async () => {
    const out = join(folders.root, 'never');
    const expectInputError = async (dir: string, pattern: RegExp) => {
      const e = await writeReport(dir, out).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(SimError);
      expect((e as SimError).exitCode).toBe(2);
      expect((e as SimError).message).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    };
    await expectInputError(join(folders.root, 'nope'), /no such results folder/);
    const empty = join(folders.root, 'empty');
    mkdirSync(empty);
    await expectInputError(empty, /not a results folder/);
    const broken = join(folders.root, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'trajectory.csv'), 'scenario,replicate,year\nbase,0\n');
    await expectInputError(broken, /trajectory\.csv:2: 2 fields where the header has 3/);
    writeFileSync(join(broken, 'trajectory.csv'), 'scenario,replicate\nbase,0\n');
    await expectInputError(broken, /missing column\(s\) year/);
  });
});

describe('parseCsv', () => {
  it('reads what toCsv writes, including quotes, commas and line breaks in fields', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n1,,3\n"",2,\n';
    expect(parseCsv(text)).toEqual({
      columns: ['a', 'b', 'c'],
      rows: [
        { a: 'x, y', b: 'say "hi"', c: 'two\nlines' },
        { a: '1', b: '', c: '3' },
        { a: '', b: '2', c: '' },
      ],
    });
    expect(parseCsv('\ufeffa,b\n1,2')).toEqual({ columns: ['a', 'b'], rows: [{ a: '1', b: '2' }] });
    expect(parseCsv('a\n')).toEqual({ columns: ['a'], rows: [] });
  });

  it('names the file and line of malformed input', () => {
    expect(() => parseCsv('a,b\n1,"2\n', 'f.csv')).toThrow(/f\.csv:2: a quoted field is not closed/);
    expect(() => parseCsv('a,b\n1,2"x"\n', 'f.csv')).toThrow(/f\.csv:2: a quote inside an unquoted field/);
    expect(() => parseCsv('a,b\n"1"x,2\n', 'f.csv')).toThrow(/f\.csv:2: unexpected text after a closing quote/);
    expect(() => parseCsv('a,b\n1,2\n3\n', 'f.csv')).toThrow(/f\.csv:3: 1 fields where the header has 2/);
    expect(() => parseCsv('', 'f.csv')).toThrow(/f\.csv: empty CSV file/);
  });
});
