/**
 * Time-varying parameters: a constant, an expression of `year`, or a
 * {year: value} table. Expressions use a whitelisted subset of mathjs: we
 * parse, check every AST node, and only then compile, so nothing outside the
 * whitelist (import, evaluate, units, assignment, ...) can ever run.
 */
import { z } from 'zod';
import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs';
import { inputError, type Problem } from '../core/errors.ts';
import * as libm from '../core/libm.ts';
import { assertDefault, defOf, fmt, suggest, unwrap } from './fields.ts';

export type SeriesSpec = number | string | Record<string, number>;

// mathjs' single-file bundle: the same library, but it loads in about 0.1 s
// instead of about 0.9 s for its thousand ES modules (every CLI start and
// every sweep worker pays this). Its default instance is private to this
// module; `predictable` makes sqrt(-1) NaN instead of a complex number.
// Never exported, so import/createUnit/evaluate are unreachable from outside.
const math = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
math.config({ predictable: true });
// The transcendental functions an expression may call (and `^`) are the
// model's own (core/libm.ts), not the engine's Math: a series then has the
// same value in Node and in the workshop page's browser, to the last bit.
math.import(
  {
    exp: (x: number) => libm.exp(x),
    log: (x: number, base?: number) => (base === undefined ? libm.log(x) : logBase(x, base)),
    log10: (x: number) => logBase(x, 10),
    log2: (x: number) => logBase(x, 2),
    pow: (x: number, y: number) => libm.pow(x, y),
  },
  { override: true },
);

/** log(x) / log(base), exact where x is an integer power of the base (log10(1000) is 3, not 2.9999999999999996). */
function logBase(x: number, base: number): number {
  const r = libm.log(x) / libm.log(base);
  const n = Math.round(r);
  return libm.pow(base, n) === x ? n : r;
}

const VARIABLES = ['year'] as const;
const CONSTANTS = ['pi', 'e'];
/** name → [min args, max args] */
const FUNCTIONS: Record<string, [number, number]> = {
  abs: [1, 1], sign: [1, 1], exp: [1, 1], log: [1, 2], log10: [1, 1], log2: [1, 1], sqrt: [1, 1],
  pow: [2, 2], floor: [1, 2], ceil: [1, 2], round: [1, 2], min: [1, Infinity], max: [1, Infinity],
};
const ARITHMETIC = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
const COMPARISON = new Set(['smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal']);
const LOGIC = new Set(['and', 'or', 'not']);
const OPERATOR_LIST = '+ - * / ^ < <= > >= == != and or not';
const MAX_LENGTH = 2000;

export class ExpressionError extends Error {}

type Kind = 'number' | 'boolean';
// mathjs' node typings are per-class generics; one loose view is enough for a walk.
type AnyNode = MathNode & {
  value?: unknown; name?: string; op?: string; fn?: AnyNode | string; args?: AnyNode[];
  content?: AnyNode; condition?: AnyNode; trueExpr?: AnyNode; falseExpr?: AnyNode;
};

/** Parse and whitelist-check; throws ExpressionError saying what is not allowed. */
export function parseExpression(text: string): MathNode {
  if (text.length > MAX_LENGTH) throw new ExpressionError(`expression is longer than ${MAX_LENGTH} characters`);
  if (text.trim() === '') throw new ExpressionError('expression is empty');
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (e) {
    throw new ExpressionError(`syntax error: ${(e as Error).message}`);
  }
  if (check(node as AnyNode) !== 'number') {
    throw new ExpressionError('expression gives true/false, not a number (use  cond ? a : b)');
  }
  return node;
}

/** Static check of one node; returns what it evaluates to. */
function check(n: AnyNode): Kind {
  switch (n.type) {
    case 'ConstantNode':
      if (typeof n.value === 'number' && Number.isFinite(n.value)) return 'number';
      if (typeof n.value === 'string') throw new ExpressionError(`text strings (${JSON.stringify(n.value)}) are not allowed`);
      throw new ExpressionError(`the constant ${String(n.value)} is not allowed; only finite numbers`);
    case 'SymbolNode':
      return checkSymbol(n.name!);
    case 'ParenthesisNode':
      return check(n.content!);
    case 'ConditionalNode': {
      if (check(n.condition!) !== 'boolean') throw new ExpressionError('the condition of "? :" must be a comparison such as year >= 2015');
      const a = check(n.trueExpr!);
      if (a !== check(n.falseExpr!)) throw new ExpressionError('both branches of "? :" must give a number');
      return a;
    }
    case 'OperatorNode':
      return checkOperator(n);
    case 'FunctionNode':
      return checkFunction(n);
    default:
      throw new ExpressionError(NODE_MESSAGES[n.type] ?? `${n.type} is not allowed`);
  }
}

const NODE_MESSAGES: Record<string, string> = {
  AssignmentNode: 'assignment (=) is not allowed; use == to compare',
  FunctionAssignmentNode: 'defining functions is not allowed',
  AccessorNode: 'property access and indexing (a.b, a[1]) are not allowed',
  IndexNode: 'indexing is not allowed',
  ArrayNode: 'lists and matrices ([...]) are not allowed',
  ObjectNode: 'objects ({...}) are not allowed',
  RangeNode: 'ranges (a:b) are not allowed',
  BlockNode: 'only one expression is allowed (no ; or line breaks)',
  RelationalNode: 'chained comparisons (a < b < c) are not allowed; use and',
};

function checkSymbol(name: string): Kind {
  if ((VARIABLES as readonly string[]).includes(name) || CONSTANTS.includes(name)) return 'number';
  if (Object.hasOwn(FUNCTIONS, name)) throw new ExpressionError(`"${name}" is a function; call it like ${name}(x)`);
  if (safeIsUnit(name)) throw new ExpressionError(`units ("${name}") are not allowed`);
  const s = suggest(name, VARIABLES);
  throw new ExpressionError(
    `unknown variable "${name}"${s ? ` (did you mean "${s}"?)` : ''}; allowed: ${VARIABLES.join(', ')} and the constants ${CONSTANTS.join(', ')}`,
  );
}

function safeIsUnit(name: string): boolean {
  try {
    return math.Unit.isValuelessUnit(name);
  } catch {
    return false;
  }
}

function checkOperator(n: AnyNode): Kind {
  const fn = String(n.fn);
  const kinds = n.args!.map(check);
  if (ARITHMETIC.has(fn)) {
    if (kinds.includes('boolean')) throw new ExpressionError(`"${n.op}" needs numbers, not true/false`);
    return 'number';
  }
  if (COMPARISON.has(fn)) {
    if (kinds.includes('boolean')) throw new ExpressionError(`"${n.op}" compares numbers, not true/false`);
    return 'boolean';
  }
  if (LOGIC.has(fn)) {
    if (kinds.includes('number')) throw new ExpressionError(`"${n.op}" combines comparisons, not numbers`);
    return 'boolean';
  }
  throw new ExpressionError(`operator "${n.op}" is not allowed; allowed: ${OPERATOR_LIST}`);
}

function checkFunction(n: AnyNode): Kind {
  const fn = n.fn as AnyNode;
  const name = fn.type === 'SymbolNode' ? fn.name! : undefined;
  if (name === undefined || !Object.hasOwn(FUNCTIONS, name)) {
    const what = name === undefined ? 'this kind of call' : `function "${name}"`;
    throw new ExpressionError(`${what} is not allowed; allowed functions: ${Object.keys(FUNCTIONS).join(', ')}`);
  }
  const [lo, hi] = FUNCTIONS[name]!;
  const count = n.args!.length;
  if (count < lo || count > hi) {
    const want = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
    throw new ExpressionError(`${name}() takes ${want} argument${want === '1' ? '' : 's'}, got ${count}`);
  }
  if (n.args!.map(check).includes('boolean')) throw new ExpressionError(`${name}() needs numbers, not true/false`);
  return 'number';
}

/** The whitelist/syntax error of an expression, or undefined when it is fine. */
export function expressionError(text: string): string | undefined {
  if (expressionErrors.has(text)) return expressionErrors.get(text);
  let error: string | undefined;
  try {
    parseExpression(text);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    error = e.message;
  }
  if (expressionErrors.size >= 4096) expressionErrors.clear();
  expressionErrors.set(text, error);
  return error;
}

/** expressionError by text: validation sees the same expressions again and again (a sweep's points). Pure, bounded. */
const expressionErrors = new Map<string, string | undefined>();

// ---------------------------------------------------------------------------

/** A year as a table key or CSV cell: up to five digits, optionally negative. */
export const YEAR_KEY = /^-?\d{1,5}$/;

/**
 * Compile a series once. The returned function throws (inputError) when the
 * value at a year is not a finite number, e.g. log(year - 2020) at 2020.
 */
export function compileSeries(spec: SeriesSpec): (year: number) => number {
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) throw inputError(`series value ${spec} is not a finite number`);
    return () => spec;
  }
  if (typeof spec === 'string') {
    let code;
    try {
      code = parseExpression(spec).compile();
    } catch (e) {
      throw inputError(`invalid expression ${JSON.stringify(spec)}: ${(e as Error).message}`);
    }
    return (year) => {
      const v: unknown = code.evaluate({ year });
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw inputError(`expression ${JSON.stringify(spec)} gives ${String(v)} at year ${year}, not a finite number`);
      }
      return v;
    };
  }
  return compileTable(spec);
}

/** Linear interpolation between listed years, held constant outside them. */
function compileTable(table: Record<string, number>): (year: number) => number {
  const points = Object.entries(table).map(([k, v]) => {
    if (!YEAR_KEY.test(k)) throw inputError(`series table key "${k}" is not a year`);
    if (!Number.isFinite(v)) throw inputError(`series table value ${v} at year ${k} is not a finite number`);
    return [Number(k), v] as const;
  });
  if (points.length === 0) throw inputError('series table is empty');
  points.sort((a, b) => a[0] - b[0]);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return (year) => {
    if (year <= first[0]) return first[1];
    if (year >= last[0]) return last[1];
    let i = 1;
    while (points[i]![0] < year) i++;
    const [x1, y1] = points[i]!;
    const [x0, y0] = points[i - 1]!;
    return y0 + ((y1 - y0) * (year - x0)) / (x1 - x0);
  };
}

export interface TimeSeriesOptions {
  description: string;
  unit?: string;
  min?: number;
  max?: number;
  default: SeriesSpec;
}

/**
 * A time-series field. Constants and table values are range-checked by zod;
 * expressions only syntactically (their values depend on the years run),
 * so the meta `timeSeries: {min, max}` lets checkSeriesRanges finish the job.
 */
export function timeSeries(opts: TimeSeriesOptions) {
  const bounded = () => {
    let n = z.number();
    if (opts.min !== undefined) n = n.min(opts.min);
    if (opts.max !== undefined) n = n.max(opts.max);
    return n;
  };
  const expr = z
    .string()
    .superRefine((s, ctx) => {
      const err = expressionError(s);
      if (err !== undefined) ctx.addIssue({ code: 'custom', message: `invalid expression ${JSON.stringify(s)}: ${err}` });
    })
    .meta({ description: 'expression of year, e.g. "100 * 1.02^(year - 2010)"' });
  const table = z
    .record(z.string().regex(YEAR_KEY, 'must be a year such as 2015'), bounded())
    .refine((t) => Object.keys(t).length > 0, 'a table needs at least one year')
    .meta({ description: 'values by year; linear in between, constant outside' });
  const union = z.union([bounded(), expr, table]);
  assertDefault(union, opts.default, opts.description);
  const range: { min?: number; max?: number } = {};
  if (opts.min !== undefined) range.min = opts.min;
  if (opts.max !== undefined) range.max = opts.max;
  const meta = { description: opts.description, timeSeries: range, ...(opts.unit === undefined ? {} : { unit: opts.unit }) };
  return union.default(opts.default as never).meta(meta);
}

// ---------------------------------------------------------------------------

export interface SeriesIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Evaluate every time-series field of `value` (already parsed by `schema`) at
 * each year; report non-finite values and values outside the field's range.
 */
export function seriesRangeIssues(schema: z.ZodType, value: unknown, years: readonly number[]): SeriesIssue[] {
  const out: SeriesIssue[] = [];
  visitSeries(schema, value, (path, spec, range) => {
    const msg = checkOne(spec as SeriesSpec, range, years);
    if (msg) out.push({ path, message: msg });
  });
  return out;
}

export function checkSeriesRanges(schema: z.ZodType, value: unknown, years: readonly number[]): Problem[] {
  return seriesRangeIssues(schema, value, years).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** unwrap by schema: visitSeries visits the same schema nodes for every scenario checked. */
const unwrapped = new WeakMap<z.ZodType, ReturnType<typeof unwrap>>();

/**
 * Call `visit` on every time-series field present in `value`, walking it
 * along `schema` (fields the schema does not know are skipped). `value` may be
 * validated or raw input (the loader resolves CSV series before validation).
 */
export function visitSeries(
  schema: z.ZodType,
  value: unknown,
  visit: (path: (string | number)[], spec: unknown, range: { min?: number; max?: number }) => void,
  path: (string | number)[] = [],
): void {
  if (value === undefined || value === null) return;
  let u = unwrapped.get(schema);
  if (!u) unwrapped.set(schema, (u = unwrap(schema)));
  const { core, meta } = u;
  if (meta.timeSeries) {
    visit(path, value, meta.timeSeries);
    return;
  }
  const d = defOf(core);
  if (d.type === 'object' && typeof value === 'object') {
    for (const [k, s] of Object.entries(d.shape!)) visitSeries(s, (value as Record<string, unknown>)[k], visit, [...path, k]);
  } else if (d.type === 'record' && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) visitSeries(d.valueType!, v, visit, [...path, k]);
  } else if (d.type === 'array' && Array.isArray(value)) {
    value.forEach((v, i) => visitSeries(d.element!, v, visit, [...path, i]));
  } else if (d.type === 'union') {
    // Descend only into the branch the value actually matched.
    const o = d.options!.find((opt) => opt.safeParse(value).success);
    if (o) visitSeries(o, value, visit, path);
  }
}

/**
 * Results of checkOne by (spec, range, years): a sweep checks the same series
 * over the same years for every design point. Pure, so a cache is safe;
 * bounded, so memory is too.
 */
const checked = new Map<string, string | undefined>();
const CHECKED_MAX = 4096;

function checkOne(spec: SeriesSpec, range: { min?: number; max?: number }, years: readonly number[]): string | undefined {
  let exact = true; // JSON writes NaN and ±Infinity as null: such specs are not cached
  const key = JSON.stringify([spec, range.min ?? null, range.max ?? null, years], (_, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) exact = false;
    return v;
  });
  if (!exact) return checkOneUncached(spec, range, years);
  if (checked.has(key)) return checked.get(key);
  const message = checkOneUncached(spec, range, years);
  if (checked.size >= CHECKED_MAX) checked.clear();
  checked.set(key, message);
  return message;
}

function checkOneUncached(spec: SeriesSpec, range: { min?: number; max?: number }, years: readonly number[]): string | undefined {
  let f: (y: number) => number;
  try {
    f = compileSeries(spec);
  } catch (e) {
    return (e as Error).message;
  }
  const bad: string[] = [];
  for (const y of years) {
    let v: number;
    try {
      v = f(y);
    } catch {
      bad.push(`value is not a finite number at year ${y}`);
      continue;
    }
    if (range.min !== undefined && v < range.min) bad.push(`value ${fmt(v)} at year ${y} is below the minimum ${fmt(range.min)}`);
    else if (range.max !== undefined && v > range.max) bad.push(`value ${fmt(v)} at year ${y} is above the maximum ${fmt(range.max)}`);
  }
  if (bad.length === 0) return undefined;
  const more = bad.length - 1;
  return bad[0] + (more > 0 ? ` (and at ${more} other year${more === 1 ? '' : 's'})` : '');
}
