/**
 * The table `compare` prints on stdout: per headline metric, each scenario's
 * mean with its 95% interval and each pair's paired difference (a − b, same
 * replicate in both) with its 95% interval and p-value, for the final year
 * and optionally for a range of years. Plain text, aligned columns, at most
 * `width` (default 100) characters a line.
 *
 * Numbers: within one metric, every number has the same count of decimals,
 * enough to show the narrowest interval's half-width to two significant
 * digits (four significant digits of the value when an interval has zero
 * width), but never more than six significant digits of the value and
 * between 0 and 8 decimals; negative numbers use '-'. An interval cut at the
 * possible range (a share at 0 or 1, a count at 0) is marked '*'; a
 * difference that is the same in every replicate has no p-value ('p=n/a').
 */
import { inputError } from '../core/errors.ts';
import type { Comparison } from '../experiments/compare.ts';
import type { Interval } from '../metrics/intervals.ts';

export interface CompareTableOptions {
  /** Also show every year from `from` to `to` (inclusive) that the comparison covers. */
  years?: { from: number; to: number };
  /** Metrics to show, in order; default all of the comparison's. */
  metrics?: string[];
  /** Shown in the heading when given. */
  seed?: number;
  /** Maximum line length; default 100. */
  width?: number;
  /** Sections in which the scenarios differ so replicates are not paired (crnDifferences); default none. */
  unpaired?: readonly string[];
}

interface Line {
  year: string;
  label: string;
  /** For a difference: the two labels of `a - b`. */
  pair?: [string, string];
  interval: Interval;
  /** undefined: not a difference; null: a difference without a test. */
  p?: number | null;
}

const INDENT = '  ';
const GAP = '  ';
const MAX_DECIMALS = 8;
/** Most significant digits a value is shown with. */
const SIGNIFICANT_MAX = 6;

export function renderComparisonTable(c: Comparison, opts: CompareTableOptions = {}): string {
  const width = opts.width ?? 100;
  const metrics = opts.metrics ?? c.metrics;
  for (const m of metrics) {
    if (!c.metrics.includes(m)) throw inputError(`compare: unknown metric '${m}'; the comparison has ${c.metrics.join(', ')}`);
  }
  const arm = new Map(c.arms.map((a) => [key(a.scenario, a.year, a.metric), a.interval]));
  const pair = new Map(c.pairs.map((p) => [key(`${p.scenario_a}\u0000${p.scenario_b}`, p.year, p.metric), p.difference]));
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < c.labels.length; i++) for (let j = i + 1; j < c.labels.length; j++) pairs.push([c.labels[i]!, c.labels[j]!]);

  const n = c.replicateIds.length;
  const out: string[] = [];
  const count = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  out.push(
    wrap(
      `Comparison of ${count(c.labels.length, 'scenario')}, ${count(n, 'replicate')} each` +
        (opts.seed !== undefined ? `, seed ${opts.seed}` : '') +
        (opts.unpaired?.length
          ? `: the scenarios differ in ${opts.unpaired.join(', ')}, so replicate r of each does not face the same households and shocks (no common random numbers; the paired intervals may be too narrow).`
          : ': replicate r of every scenario faces the same households and shocks (common random numbers).'),
      width,
    ),
  );
  out.push(
    wrap(
      'Mean [95% interval] across replicates; a - b: mean of the paired differences [95% interval], p of the paired t-test ' +
        '(n/a where the difference is the same in every replicate); * interval cut at the possible values (shares 0-1, counts at least 0).',
      width,
    ),
  );

  const section = (title: string, years: number[]) => {
    out.push('', title);
    const blocks = metrics.map((metric) => {
      const lines: Line[] = [];
      for (const year of years) {
        let first = true;
        const y = () => {
          const s = years.length > 1 && first ? String(year) : '';
          first = false;
          return s;
        };
        for (const label of c.labels) lines.push({ year: y(), label, interval: arm.get(key(label, year, metric))! });
        for (const [a, b] of pairs) {
          const d = pair.get(key(`${a}\u0000${b}`, year, metric))!;
          lines.push({ year: y(), label: pairLabel(a, b), pair: [a, b], interval: d, p: d.p });
        }
      }
      const decimals = Math.max(0, ...lines.map((l) => decimalsFor(l.interval)));
      return { metric, lines, decimals };
    });

    // Column widths shared by every metric of the section.
    const cells = blocks.flatMap((b) =>
      b.lines.map((l) => ({
        mean: fixed(l.interval.mean, b.decimals),
        range: `[${fixed(l.interval.lo, b.decimals)}, ${fixed(l.interval.hi, b.decimals)}]${l.interval.clipped ? '*' : ''}`,
        p: l.p === undefined ? '' : l.p === null ? 'p=n/a' : formatP(l.p),
      })),
    );
    const yearW = years.length > 1 ? 4 + GAP.length : 0;
    const meanW = Math.max(4, ...cells.map((x) => x.mean.length));
    const rangeW = Math.max('[95% interval]'.length, ...cells.map((x) => x.range.length));
    const pW = Math.max(0, ...cells.map((x) => x.p.length));
    const fixedW = INDENT.length + yearW + GAP.length + meanW + GAP.length + rangeW + (pW > 0 ? GAP.length + pW : 0);
    const longest = Math.max('scenario / a - b'.length, ...blocks.flatMap((b) => b.lines.map((l) => l.label.length)));
    const labelW = Math.max(12, Math.min(longest, width - fixedW));

    const header =
      INDENT + (yearW > 0 ? 'year'.padEnd(4) + GAP : '') + fit('scenario / a - b', labelW).padEnd(labelW) + GAP + 'mean'.padStart(meanW) + GAP + '[95% interval]'.padEnd(rangeW);
    let k = 0;
    for (const b of blocks) {
      out.push('', b.metric, header.trimEnd());
      for (const l of b.lines) {
        const x = cells[k++]!;
        const label = l.pair === undefined || l.label.length <= labelW ? fit(l.label, labelW) : fitPair(l.pair[0], l.pair[1], labelW);
        const row =
          INDENT +
          (yearW > 0 ? l.year.padEnd(4) + GAP : '') +
          label.padEnd(labelW) +
          GAP +
          x.mean.padStart(meanW) +
          GAP +
          x.range.padEnd(rangeW) +
          (x.p !== '' ? GAP + x.p : '');
        out.push(row.trimEnd());
      }
    }
  };

  section(`Final year ${c.finalYear}`, [c.finalYear]);
  if (opts.years) {
    const { from, to } = opts.years;
    if (!(from <= to)) throw inputError(`compare: the year range ${from}–${to} is empty; expected from ≤ to`);
    const years = c.years.filter((y) => y >= from && y <= to);
    if (years.length === 0) {
      throw inputError(`compare: no compared year in ${from}–${to}; the comparison covers ${c.years[0]}–${c.finalYear}`);
    }
    section(years.length === 1 ? `Year ${years[0]}` : `Years ${years[0]}–${years[years.length - 1]}`, years);
  }
  return out.join('\n') + '\n';
}

/**
 * Decimals that show the interval's half-width to two significant digits,
 * or the value to four significant digits when the interval has no width;
 * never more than six significant digits of the value (a half-width of
 * 0.0001 on 12 million yuan says nothing).
 */
export function decimalsFor(iv: Interval): number {
  const half = (iv.hi - iv.lo) / 2;
  const m = Math.max(Math.abs(iv.mean), Math.abs(iv.lo), Math.abs(iv.hi));
  const digitsOfValue = (k: number) => (m > 0 && Number.isFinite(m) ? k - 1 - Math.floor(Math.log10(m)) : 0);
  let d: number;
  if (half > 0 && Number.isFinite(half)) d = Math.min(1 - Math.floor(Math.log10(half)), digitsOfValue(SIGNIFICANT_MAX));
  else d = digitsOfValue(4);
  return Math.min(MAX_DECIMALS, Math.max(0, d));
}

/** `x` with `decimals` decimals; never '-0'. */
export function fixed(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** p-value to two significant digits, `p<0.001` below 0.001. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p<0.001';
  return `p=${Number(p.toPrecision(2))}`;
}

function key(scenario: string, year: number, metric: string): string {
  return `${scenario}\u0001${year}\u0001${metric}`;
}

function pairLabel(a: string, b: string): string {
  return `${a} - ${b}`;
}

/** `s` cut to `w` characters, ending in '…' when cut. */
function fit(s: string, w: number): string {
  return s.length <= w ? s : s.slice(0, Math.max(0, w - 1)) + '…';
}

/** The pair label `a - b` cut to `w` characters, shortening the longer side(s) so both names stay recognisable. */
function fitPair(a: string, b: string, w: number): string {
  const room = Math.max(2, w - 3);
  const half = Math.floor(room / 2);
  // Give the shorter name what it needs (up to half), the other the rest.
  const wa = a.length <= b.length ? Math.min(a.length, half) : room - Math.min(b.length, room - half);
  return `${fit(a, wa)} - ${fit(b, room - wa)}`;
}

/** Greedy word wrap to `width`. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}
