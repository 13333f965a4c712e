// Headless rendering: SVG from Vega, PNG from resvg with the shipped font.
// Text must be drawn (compared against the same chart without its text),
// and the same spec must give the same bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FONT_FAMILY, type VlSpec } from '../../src/report/charts.ts';
import { FONT_FILE, missingGlyphs, rasterise, readFontMetrics, renderSvg, svgToPng, textWidth } from '../../src/report/render.ts';
import { buildCharts } from '../../src/report/charts.ts';
import { toTable, type RunResults } from '../../src/report/results.ts';

/** A small run's results, built in memory: 3 replicates x 4 years with the incidence columns. */
function tinyRun(): RunResults {
  const rows = [];
  for (let replicate = 0; replicate < 3; replicate++) {
    for (let year = 2014; year <= 2017; year++) {
      rows.push({
        scenario: 'baseline',
        replicate: String(replicate),
        year: String(year),
        headcount_ratio: String(0.2 - 0.03 * (year - 2014) + 0.01 * replicate),
        poverty_gap: String(0.05 - 0.005 * (year - 2014) + 0.002 * replicate),
      });
    }
  }
  return { kind: 'run', dir: '<memory>', trajectory: toTable({ columns: Object.keys(rows[0]!), rows }, 'trajectory.csv') };
}

const incidence = (): VlSpec => buildCharts(tinyRun()).find((c) => c.name === 'incidence')!.spec;

function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // PNG signature
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('font metrics', () => {
  it('reads advance widths from the shipped TTF', () => {
    const m = readFontMetrics(readFileSync(FONT_FILE));
    expect(m.unitsPerEm).toBe(2048);
    for (let c = 0x20; c < 0x7f; c++) expect(m.advance.get(c), String.fromCharCode(c)).toBeGreaterThan(0);
    for (const ch of '−–→×%') expect(m.advance.has(ch.codePointAt(0)!), ch).toBe(true);
    // Proportional: a run of W is wider than a run of i; 12 px text averages 6–8 px a character.
    expect(textWidth(m, 'WWWW', 12)).toBeGreaterThan(2 * textWidth(m, 'iiii', 12));
    const sample = 'People below the poverty line (% of population)';
    const w = textWidth(m, sample, 12) / sample.length;
    expect(w).toBeGreaterThan(5.5);
    expect(w).toBeLessThan(8);
  });

  it('reports characters the font cannot draw', () => {
    expect(missingGlyphs('<svg><text x="0">Poverty → 5%</text></svg>')).toEqual([]);
    expect(missingGlyphs('<svg><text x="0">贫困 &amp; 发生率</text></svg>')).toEqual(['贫', '困', '发', '生', '率']);
  });
});

describe('SVG and PNG', () => {
  it('renders SVG text with the shipped font family, without warnings', async () => {
    const { svg, warnings } = await renderSvg(incidence());
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Poverty incidence by year');
    expect(svg).toContain('Year');
    expect(svg).toContain(`font-family="${FONT_FAMILY}`);
    expect(svg).toMatch(/class="mark-area/);
    expect(svg).toMatch(/class="mark-line/);
  });

  it('PNG files are non-trivial and their text is drawn', async () => {
    const { svg } = await renderSvg(incidence());
    const png = svgToPng(svg);
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThan(1000); // 2x zoom of a ~700 px wide chart
    expect(height).toBeGreaterThan(600);
    expect(png.byteLength).toBeGreaterThan(20_000);

    // The same chart with every text element removed, and the full chart with no font at all.
    const noText = svg.replace(/<text\b[\s\S]*?<\/text>/g, '');
    expect(noText.length).toBeLessThan(svg.length);
    const withText = rasterise(svg);
    const withoutText = rasterise(noText);
    const noFont = rasterise(svg, { fontFiles: [] });
    // Without a font resvg drops text silently: exactly the picture without text. That is why
    // the font is shipped and passed explicitly.
    expect(Buffer.from(noFont.pixels).equals(Buffer.from(withoutText.pixels))).toBe(true);
    // With the font, thousands of pixels differ: titles, axis titles, tick labels and the legend.
    const a = withText.pixels;
    const b = withoutText.pixels;
    expect(a.length).toBe(b.length);
    let differing = 0;
    for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) differing++;
    expect(differing).toBeGreaterThan(10_000);
    expect(png.byteLength).toBeGreaterThan(1.2 * svgToPng(noText).byteLength);
  });

  it('the same spec gives the same SVG and PNG bytes', async () => {
    const first = await renderSvg(incidence());
    await renderSvg(buildCharts(tinyRun())[1]!.spec); // another chart in between
    const second = await renderSvg(incidence());
    expect(second.svg).toBe(first.svg);
    expect(Buffer.from(svgToPng(second.svg)).equals(Buffer.from(svgToPng(first.svg)))).toBe(true);
  });

  it('warns when a label has characters the shipped font lacks', async () => {
    const spec = incidence();
    (spec['title'] as { text: string }).text = '贫困发生率';
    const { warnings } = await renderSvg(spec);
    expect(warnings.join('\n')).toMatch(/not in the shipped font DejaVu Sans.*贫/);
  });
});
