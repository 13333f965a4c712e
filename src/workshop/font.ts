/**
 * A CJK font shipped inside the page, so the Chinese labels render on a
 * laptop without Chinese fonts and with no network: the subsets of Noto Sans
 * SC (SIL Open Font License 1.1, from @fontsource-variable/noto-sans-sc)
 * that hold a character the page writes in Chinese, each cut down to those
 * characters (subset-font, HarfBuzz's subsetter: about 1 MB becomes tens of
 * kB), inlined as data: URLs with their unicode-range, and the licence text
 * beside them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';

export const CJK_FONT_FAMILY = 'Noto Sans SC Variable';

export interface EmbeddedFont {
  /** @font-face rules. */
  css: string;
  licence: string;
  /** How many subsets were inlined, and their bytes. */
  subsets: number;
  bytes: number;
}

/** Code points of a unicode-range list (`U+4e00-4e0f,U+3001`) contain `cp`. */
function inRange(range: string, cp: number): boolean {
  return range.split(',').some((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = parseInt(a!, 16);
    const hi = b === undefined ? lo : parseInt(b, 16);
    return cp >= lo && cp <= hi;
  });
}

export async function embedCjkFont(text: string): Promise<EmbeddedFont> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@fontsource-variable/noto-sans-sc/package.json'));
  const ranges = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const wanted = [...new Set([...text].map((c) => c.codePointAt(0)!).filter((cp) => cp > 0x7f))];
  const rules: string[] = [];
  let bytes = 0;
  for (const [key, range] of Object.entries(ranges)) {
    const here = wanted.filter((cp) => inRange(range, cp));
    if (here.length === 0) continue;
    const file = join(dir, 'files', `noto-sans-sc-${key.replace(/[[\]]/g, '')}-wght-normal.woff2`);
    const data = await subsetFont(readFileSync(file), String.fromCodePoint(...here), { targetFormat: 'woff2' });
    bytes += data.length;
    rules.push(`@font-face { font-family: '${CJK_FONT_FAMILY}'; font-style: normal; font-display: swap; font-weight: 100 900; src: url(data:font/woff2;base64,${data.toString('base64')}) format('woff2'); unicode-range: ${range}; }`);
  }
  return { css: rules.join('\n'), licence: readFileSync(join(dir, 'LICENSE'), 'utf8'), subsets: rules.length, bytes };
}
