/**
 * Rendering the charts without a browser: Vega-Lite → Vega → a headless Vega
 * View → SVG, and SVG → PNG with resvg (a Rust renderer shipped as a
 * prebuilt binary: no native canvas build, no system fonts).
 *
 * Text is never silently dropped and renders the same on every machine:
 * resvg loads only the font in assets/fonts (DejaVu Sans) and falls back to
 * it for any family, and Vega lays text out with that font's advance widths
 * (read from the TTF here) instead of its rough "0.8 em per character"
 * estimate (Node has no canvas to measure text). Layout therefore depends on
 * the font file alone, and the SVG and PNG bytes are the same for the same
 * spec (SVG clip-path ids are reset before each render).
 *
 * Side effect: the first render replaces Vega's text-width function
 * (vega-scenegraph's `textMetrics.width`) for the whole process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { runError } from '../core/errors.ts';
import { FONT_FAMILY, type VlSpec } from './charts.ts';

/** The one font charts are rendered with (Bitstream Vera / DejaVu licence: assets/fonts/DejaVuSans-LICENSE.txt). */
export const FONT_FILE = fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url));

export interface RenderedSvg {
  svg: string;
  /** Warnings from Vega-Lite's compiler and Vega's runtime (e.g. a dropped encoding); none for the report's charts. */
  warnings: string[];
}

/** Compile a Vega-Lite spec and render it to SVG with a headless Vega View. */
export async function renderSvg(spec: VlSpec): Promise<RenderedSvg> {
  useFontMetrics();
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const vg = compile(spec as unknown as TopLevelSpec, { logger }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    const missing = missingGlyphs(svg);
    if (missing.length > 0) {
      warnings.push(`characters not in the shipped font ${FONT_FAMILY} will be missing from the PNG: ${missing.join(' ')}`);
    }
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit; default 2 (sharp on screens and in print). */
  scale?: number;
  /** Font files resvg may use; default the shipped font only. Tests pass [] to render without text. */
  fontFiles?: string[];
}

/** Rasterise an SVG to PNG with resvg, on white, with only the given fonts (no system fonts). */
export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  return new Uint8Array(rasterise(svg, opts).asPng());
}

/** The resvg rendering behind svgToPng (its `pixels` are RGBA, `width` × `height`). */
export function rasterise(svg: string, opts: PngOptions = {}) {
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: opts.fontFiles ?? [FONT_FILE],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    background: 'white',
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  return resvg.render();
}

// ---------------------------------------------------------------------------
// Logging

function collectingLogger(into: string[]): vega.LoggerInterface {
  let level: number = vega.Warn;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      throw runError(`chart rendering failed: ${text(args)}`);
    },
    warn(...args: unknown[]) {
      if (level >= vega.Warn) into.push(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

// ---------------------------------------------------------------------------
// Text widths from the shipped font

interface FontMetrics {
  unitsPerEm: number;
  /** Advance width (font units) of each code point the font maps; others use `fallback` (the missing-glyph box). */
  advance: Map<number, number>;
  fallback: number;
}

let metrics: FontMetrics | undefined;
let installed = false;

function fontMetrics(): FontMetrics {
  return (metrics ??= readFontMetrics(readFileSync(FONT_FILE)));
}

/** Replace Vega's text-width estimate with widths from the shipped font (once per process). */
function useFontMetrics(): void {
  if (installed) return;
  const m = fontMetrics();
  const tm = (vega as unknown as { textMetrics: { width: (item: { fontSize?: number }, text: unknown) => number } }).textMetrics;
  if (!tm) throw runError('vega does not export textMetrics; cannot lay out text with the shipped font');
  tm.width = (item, text) => textWidth(m, text == null ? '' : String(text).trim(), item.fontSize != null ? +item.fontSize || 0 : 11);
  installed = true;
}

/** Characters of the SVG's text elements that the shipped font has no glyph for (resvg would drop them). */
export function missingGlyphs(svg: string): string[] {
  const m = fontMetrics();
  const missing = new Set<string>();
  for (const match of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    const text = match[1]!.replace(/<[^>]*>/g, '').replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e: string) => decodeEntity(e));
    for (const ch of text) if (!/\s/.test(ch) && !m.advance.has(ch.codePointAt(0)!)) missing.add(ch);
  }
  return [...missing];
}

function decodeEntity(e: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  if (e[0] !== '#') return named[e.toLowerCase()] ?? '';
  const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  return Number.isFinite(code) ? String.fromCodePoint(code) : '';
}

/** Width in pixels of `text` at `fontSize` px (advance widths, no kerning). */
export function textWidth(m: FontMetrics, text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += m.advance.get(ch.codePointAt(0)!) ?? m.fallback;
  return (units * fontSize) / m.unitsPerEm;
}

/** Units per em and the advance width of every code point, from a TrueType file's head, hhea, hmtx and cmap tables. */
export function readFontMetrics(buf: Buffer): FontMetrics {
  const u16 = (o: number) => buf.readUInt16BE(o);
  const u32 = (o: number) => buf.readUInt32BE(o);
  const tables = new Map<string, number>();
  const numTables = u16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('latin1', rec, rec + 4), u32(rec + 8));
  }
  const need = (tag: string) => {
    const o = tables.get(tag);
    if (o === undefined) throw runError(`font ${FONT_FILE} has no '${tag}' table`);
    return o;
  };
  const unitsPerEm = u16(need('head') + 18);
  const numberOfHMetrics = u16(need('hhea') + 34);
  const hmtx = need('hmtx');
  const advanceOf = (glyph: number) => u16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const cmap = need('cmap');
  let sub: number | undefined;
  let fallbackSub: number | undefined;
  for (let i = 0; i < u16(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = u16(rec);
    const encoding = u16(rec + 2);
    const at = cmap + u32(rec + 4);
    if (platform === 3 && encoding === 10 && u16(at) === 12) sub = at;
    else if (((platform === 3 && encoding === 1) || platform === 0) && u16(at) === 4) fallbackSub ??= at;
  }
  const advance = new Map<number, number>();
  if (sub !== undefined) {
    const groups = u32(sub + 12);
    for (let g = 0; g < groups; g++) {
      const rec = sub + 16 + 12 * g;
      const start = u32(rec);
      const end = Math.min(u32(rec + 4), 0x2ffff);
      const glyph = u32(rec + 8);
      for (let c = start; c <= end; c++) advance.set(c, advanceOf(glyph + c - start));
    }
  } else if (fallbackSub !== undefined) {
    const t = fallbackSub;
    const segs = u16(t + 6) / 2;
    const ends = t + 14;
    const starts = ends + 2 * segs + 2;
    const deltas = starts + 2 * segs;
    const ranges = deltas + 2 * segs;
    for (let s = 0; s < segs; s++) {
      const start = u16(starts + 2 * s);
      const end = u16(ends + 2 * s);
      const delta = u16(deltas + 2 * s);
      const rangeOffset = u16(ranges + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const g = u16(ranges + 2 * s + rangeOffset + 2 * (c - start));
          glyph = g === 0 ? 0 : (g + delta) & 0xffff;
        }
        if (glyph !== 0) advance.set(c, advanceOf(glyph));
      }
    }
  } else throw runError(`font ${FONT_FILE} has no Unicode cmap`);
  return { unitsPerEm, advance, fallback: advanceOf(0) };
}
