/**
 * Time series read from a column of a CSV file, so that public figures (the
 * poverty line, central funds, the guarantee's standard, ...) are inputs
 * taken from their data file rather than retyped:
 *
 *   poverty_line: {csv: ../../shared/data/policy-inputs.csv, column: poverty_line_yuan}
 *   budget.central: {csv: ..., column: central_special_funds_billion, scale: 1e9}
 *
 *   economy.income_index: {csv: ..., column: rural_income_per_capita_yuan, splice: 2013}
 *
 * `splice: Y` joins two series with a definitional break at Y (NBS rural net
 * income to 2012, disposable income from 2013): the values before Y are
 * rescaled so that the growth into Y is the mean of the growth just before
 * the break (Y-2 to Y-1) and just after it (Y to Y+1), whichever are
 * observed; values from Y on are kept. So growth is only ever measured
 * within one series. The path is relative to the scenario file. The loader replaces each such
 * reference by the {year: value} table it reads (empty cells are years not
 * observed: the table interpolates linearly between observed years and holds
 * the end values outside them), before validation. So validation, the run and
 * the manifest (whose hash then covers the data) see plain values, and a
 * resolved scenario reproduces without the CSV file.
 */
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { parseCsv, type ParsedCsv } from '../io/csv.ts';
import { suggest } from './fields.ts';
import { visitSeries, YEAR_KEY } from './expressions.ts';

type Path = (string | number)[];

/** The fields a CSV series reference may have. */
const REF_KEYS = ['csv', 'column', 'scale', 'year_column', 'splice'] as const;

export interface CsvSeriesIssue {
  path: Path;
  message: string;
}

/** A reference is a mapping with a `csv` key (a {year: value} table never has one). */
function isRef(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, 'csv');
}

/**
 * Replace, in place, every CSV series reference at a time-series field of
 * `input` (raw, unvalidated) by its table. `scenarioFile` anchors relative
 * paths; `read` returns a file's text or throws an Error whose message says
 * why it cannot. Returns the problems found, each at the reference's path.
 */
export function resolveCsvSeries(
  schema: z.ZodType,
  input: unknown,
  scenarioFile: string,
  read: (absolutePath: string) => string,
): CsvSeriesIssue[] {
  const issues: CsvSeriesIssue[] = [];
  const parsed = new Map<string, ParsedCsv | string>(); // a file read once per scenario; string = why not
  visitSeries(schema, input, (path, spec) => {
    if (!isRef(spec)) return;
    const r = tableOf(spec, scenarioFile, read, parsed);
    if (typeof r === 'string') issues.push({ path, message: r });
    else setAt(input, path, r);
  });
  return issues;
}

function tableOf(
  ref: Record<string, unknown>,
  scenarioFile: string,
  read: (absolutePath: string) => string,
  parsed: Map<string, ParsedCsv | string>,
): Record<string, number> | string {
  const unknown = Object.keys(ref).filter((k) => !(REF_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) return `unknown field "${unknown[0]}" in a CSV series; known fields: ${REF_KEYS.join(', ')}`;
  const { csv, column, scale = 1, year_column: yearColumn = 'year', splice } = ref;
  if (typeof csv !== 'string' || csv === '') return 'a CSV series needs "csv": the path of a CSV file, relative to the scenario file';
  if (typeof column !== 'string' || column === '') return `a CSV series needs "column": the name of a column of ${csv}`;
  if (typeof yearColumn !== 'string' || yearColumn === '') return '"year_column" must be the name of a column';
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale === 0) return `"scale" must be a finite number other than 0, got ${String(scale)}`;
  if (splice !== undefined && !(typeof splice === 'number' && Number.isInteger(splice))) return `"splice" must be a year (the first year of the new series), got ${String(splice)}`;
  const base = scenarioFile.startsWith('<') || scenarioFile === '--set' ? process.cwd() : dirname(resolve(scenarioFile));
  const abs = resolve(base, csv);
  let table = parsed.get(abs);
  if (table === undefined) {
    try {
      table = parseCsv(read(abs), csv);
    } catch (e) {
      table = `cannot read the CSV series file ${csv} (${abs}): ${(e as Error).message}`;
    }
    parsed.set(abs, table);
  }
  if (typeof table === 'string') return table;
  for (const c of [yearColumn, column]) {
    if (!table.columns.includes(c)) {
      const s = suggest(c, table.columns);
      return `${csv} has no column "${c}"${s ? `; did you mean "${s}"?` : ''} (columns: ${table.columns.join(', ')})`;
    }
  }
  const out: Record<string, number> = {};
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    const line = i + 2;
    const y = (row[yearColumn] ?? '').trim();
    const cell = (row[column] ?? '').trim();
    if (!YEAR_KEY.test(y)) return `${csv}, line ${line}: "${yearColumn}" must be a year, got "${y}"`;
    if (cell === '') continue; // not observed that year
    const x = Number(cell);
    if (!Number.isFinite(x)) return `${csv}, line ${line}: "${column}" must be a number, got "${cell}"`;
    if (Object.hasOwn(out, y)) return `${csv}, line ${line}: year ${y} appears twice`;
    out[y] = x * scale;
  }
  if (Object.keys(out).length === 0) return `${csv}: column "${column}" has no values`;
  if (splice !== undefined) {
    const why = spliceSeries(out, splice);
    if (why !== undefined) return `${csv}, column "${column}": ${why}`;
  }
  return out;
}

/**
 * Rescale, in place, the values of `table` before `year` so that the growth
 * into `year` is the mean of the growth factors from year-2 to year-1 and
 * from year to year+1 (those observed). Returns why it cannot, or undefined.
 */
export function spliceSeries(table: Record<string, number>, year: number): string | undefined {
  const at = (y: number) => (Object.hasOwn(table, String(y)) ? table[String(y)]! : undefined);
  const before = at(year - 1);
  const from = at(year);
  if (before === undefined || from === undefined) return `splice ${year} needs values in ${year - 1} and ${year}`;
  const growth: number[] = [];
  const older = at(year - 2);
  const after = at(year + 1);
  if (older !== undefined && older !== 0) growth.push(before / older);
  if (after !== undefined && from !== 0) growth.push(after / from);
  if (growth.length === 0) return `splice ${year} needs a value in ${year - 2} or ${year + 1} to measure growth on either side of the break`;
  const g = growth.reduce((a, b) => a + b, 0) / growth.length;
  if (before === 0 || !(g > 0)) return `splice ${year}: cannot rescale (a value is 0 or growth is not positive)`;
  const factor = from / (g * before);
  for (const k of Object.keys(table)) if (Number(k) < year) table[k] = table[k]! * factor;
  return undefined;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let obj = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) obj = obj[path[i]!] as Record<string | number, unknown>;
  obj[path[path.length - 1]!] = value;
}
