/**
 * Field builders: every parameter is declared once, here-style, with its
 * description, unit, range and default, so the schema is the single source of
 * defaults and of the generated JSON Schema. Also small helpers that walk a
 * zod schema (used for --set path checks, error messages and series checks).
 */
import { z } from 'zod';

/** Metadata attached with `.meta()`; zod 4 copies every key into `z.toJSONSchema`. */
export interface FieldMeta {
  description?: string;
  unit?: string;
  /** Present on time-series fields (see expressions.ts), with the allowed range. */
  timeSeries?: { min?: number; max?: number };
  [key: string]: unknown;
}

export interface NumOptions {
  description: string;
  unit?: string;
  min?: number;
  max?: number;
  int?: boolean;
  default: number;
}

/** A number field. The default is checked against the range now, so a bad default fails at import. */
export function num(opts: NumOptions) {
  let s = opts.int ? z.int() : z.number();
  if (opts.min !== undefined) s = s.min(opts.min);
  if (opts.max !== undefined) s = s.max(opts.max);
  assertDefault(s, opts.default, opts.description);
  return s.default(opts.default).meta(meta(opts.description, opts.unit));
}

/** A share in [0, 1]. */
export function share(description: string, def: number) {
  return num({ description, unit: 'share', min: 0, max: 1, default: def });
}

export function bool(description: string, def: boolean) {
  return z.boolean().default(def).meta(meta(description));
}

export function enumOf<const T extends readonly [string, ...string[]]>(values: T, description: string, def: T[number]) {
  return z.enum(values).default(def as never).meta(meta(description));
}

export function str(description: string, def: string) {
  return z.string().default(def).meta(meta(description));
}

/**
 * A group of fields. Strict, so unknown keys are errors. `.prefault({})` (not
 * `.default({})`): in zod 4 a default is returned as-is without parsing, so
 * inner defaults would not be filled; a prefault is parsed like user input.
 */
export function section<T extends z.ZodRawShape>(description: string, shape: T) {
  const obj = z.strictObject(shape);
  return obj.prefault({} as z.input<typeof obj>).meta(meta(description));
}

function meta(description: string, unit?: string): FieldMeta {
  return unit === undefined ? { description } : { description, unit };
}

/** Programming error, not user input: the schema itself is wrong. */
export function assertDefault(schema: z.ZodType, def: unknown, description: string): void {
  const r = schema.safeParse(def);
  if (!r.success) {
    throw new Error(`schema bug: default ${JSON.stringify(def)} of "${description}" is invalid: ${r.error.issues[0]?.message}`);
  }
}

// ---------------------------------------------------------------------------
// Schema walking. zod 4 keeps the structure in `_zod.def`; wrappers
// (default, optional, ...) hold `innerType`.

type Def = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
};

export function defOf(schema: z.ZodType): Def {
  return schema._zod.def as unknown as Def;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Strip wrappers down to the structural schema, merging metadata (outer wins). */
export function unwrap(schema: z.ZodType): { core: z.ZodType; meta: FieldMeta } {
  const merged: FieldMeta = {};
  let s = schema;
  for (let guard = 0; guard < 100; guard++) {
    const m = z.globalRegistry.get(s) as FieldMeta | undefined;
    if (m) for (const [k, v] of Object.entries(m)) if (!(k in merged)) merged[k] = v;
    const d = defOf(s);
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in; // transforms: the input side is what users write
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else break;
  }
  return { core: s, meta: merged };
}

/** Schema of `key` inside `schema`, or undefined if there is no such field. */
export function childSchema(schema: z.ZodType, key: string | number): z.ZodType | undefined {
  const { core } = unwrap(schema);
  const d = defOf(core);
  switch (d.type) {
    case 'object':
      return Object.hasOwn(d.shape!, String(key)) ? d.shape![String(key)] : undefined;
    case 'record':
      return d.keyType!.safeParse(String(key)).success ? d.valueType : undefined;
    case 'array':
      return /^\d+$/.test(String(key)) ? d.element : undefined;
    case 'union':
      for (const o of d.options!) {
        const c = childSchema(o, key);
        if (c) return c;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const k of path) {
    if (!s || typeof k === 'symbol') return undefined;
    s = childSchema(s, k);
  }
  return s;
}

/**
 * Walk `path` down `schema`: the field's schema, or why the path names no
 * field ("unknown field "x" in a.b; did you mean ...", naming the top level
 * `root` when given).
 */
export function walkPath(schema: z.ZodType, path: readonly string[], root?: string): { schema: z.ZodType } | { problem: string } {
  let s = schema;
  for (let i = 0; i < path.length; i++) {
    const c = childSchema(s, path[i]!);
    if (!c) {
      const parent = path.slice(0, i).join('.');
      const known = knownKeys(s);
      const problem = known.length ? unknownFieldMessage(path[i]!, known, parent || root) : `"${parent}" has no field "${path[i]}"`;
      return { problem };
    }
    s = c;
  }
  return { schema: s };
}

/** A whole-number field (z.int() and friends)? */
export function isIntegerSchema(schema: z.ZodType | undefined): boolean {
  if (!schema) return false;
  const core = unwrap(schema).core;
  if (defOf(core).type !== 'number') return false;
  const f = (core as z.ZodNumber).format;
  return f === 'safeint' || f === 'int32' || f === 'uint32';
}

/** Field names of an object schema (empty when it is not one). */
export function knownKeys(schema: z.ZodType): string[] {
  const d = defOf(unwrap(schema).core);
  return d.type === 'object' ? Object.keys(d.shape!) : [];
}

/** "a number between 0 and 1", "one of "a", "b"", ...; undefined when there is no good phrase. */
export function describeExpected(schema: z.ZodType): string | undefined {
  const { core, meta } = unwrap(schema);
  if (meta.timeSeries) {
    return `a number${rangeText(meta.timeSeries.min, meta.timeSeries.max)}, an expression of year, a table {year: value} or a CSV column {csv: file, column: name}`;
  }
  const d = defOf(core);
  switch (d.type) {
    case 'number': {
      const n = core as z.ZodNumber;
      return `${isIntegerSchema(n) ? 'a whole number' : 'a number'}${rangeText(bound(n.minValue), bound(n.maxValue))}`;
    }
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a text string';
    case 'enum':
      return `one of ${Object.values(d.entries!).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'literal':
      return d.values!.map((v) => JSON.stringify(v)).join(' or ');
    case 'object':
      return 'a mapping of fields (name: value)';
    case 'record':
      return 'a mapping (key: value)';
    case 'array':
      return 'a list';
    case 'union': {
      const parts = d.options!.map(describeExpected);
      return parts.every((p) => p !== undefined) ? parts.join(' or ') : undefined;
    }
    default:
      return undefined;
  }
}

// zod's int() adds ±MAX_SAFE_INTEGER bounds that are noise in a message.
function bound(v: number | null): number | undefined {
  return v === null || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v;
}

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` between ${fmt(min)} and ${fmt(max)}`;
  if (min !== undefined) return ` of at least ${fmt(min)}`;
  if (max !== undefined) return ` of at most ${fmt(max)}`;
  return '';
}

/** Numbers as people write them: 1e12 or 2.5e8 rather than 1000000000000 or 1e+12; 4294967295 as is. */
export function fmt(n: number): string {
  const e = n.toExponential();
  const short = (e.split('e')[0] ?? e).replace('-', '').length <= 4;
  const s = Math.abs(n) >= 1e7 && Number.isFinite(n) && short ? e : String(n);
  return s.replace('e+', 'e');
}

/** A value as it appears in "got ..." messages. */
export function repr(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'number') return fmt(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** The closest candidate when `word` looks like a typo of it (edit distance ≤ 1/3 of its length). */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(Math.max(word.length, best.length) / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, sub);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** `unknown field "levrs"; did you mean "levers"? known fields: a, b` */
export function unknownFieldMessage(key: string, known: readonly string[], where?: string): string {
  const s = suggest(key, known);
  const inWhere = where ? ` in ${where}` : '';
  const hint = s ? `; did you mean "${s}"?` : '';
  const list = known.length ? `${hint ? '' : ';'} known fields: ${known.join(', ')}` : `${hint ? '' : ';'} this has no fields`;
  return `unknown field "${key}"${inWhere}${hint}${list}`;
}

const CSV_SERIES_JSON_SCHEMA = {
  type: 'object',
  description: 'a column of a CSV file (path relative to the scenario file) with a "year" column; empty cells are years not observed',
  properties: {
    csv: { type: 'string', description: 'path of the CSV file, relative to the scenario file' },
    column: { type: 'string', description: 'the column holding the values' },
    scale: { type: 'number', description: 'multiply every value by this (e.g. 1e9 for billions); default 1' },
    year_column: { type: 'string', description: 'the column holding the years; default "year"' },
    splice: { type: 'integer', description: 'first year of a new definition: values before it are rescaled so the growth into it is the mean of the growth on either side of the break' },
  },
  required: ['csv', 'column'],
  additionalProperties: false,
};

/**
 * The metadata keys zod copies into the JSON Schema, under the names the
 * document uses: no JSON Schema keyword says "unit", so `x-` names, the
 * extension convention (OpenAPI's) that no future keyword will take.
 */
export const JSON_SCHEMA_META_NAMES = { unit: 'x-unit', timeSeries: 'x-timeSeries' } as const;

/**
 * The annotation keywords of our schemas besides JSON Schema's own: a
 * validator in strict mode, which refuses every keyword it does not know
 * (ajv: even `x-` ones), is told of them, e.g. `ajv.addVocabulary(...)`.
 * markdownDescription is the hover text of VS Code and yaml-language-server.
 */
export const JSON_SCHEMA_ANNOTATIONS: readonly string[] = [...Object.values(JSON_SCHEMA_META_NAMES), 'markdownDescription'];

/**
 * A JSON Schema document (io 'input': fields with defaults are optional) with
 * a title. Valid for ajv in strict mode once told of JSON_SCHEMA_ANNOTATIONS:
 * metadata under `x-` names, the unit in the editors' hover text
 * (markdownDescription, which yaml-language-server and VS Code show), and no
 * union `type` lists (anyOf instead, which strict mode prefers).
 */
export function jsonSchemaDocument(schema: z.ZodType, title: string, description: string): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    override: (ctx) => {
      const m = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType) as FieldMeta | undefined;
      const js = ctx.jsonSchema as Record<string, unknown>;
      // The loader resolves a CSV series reference before validation (csv-series.ts), so the zod
      // schema never sees one; editors must accept it.
      const alts = js['anyOf'];
      if (m?.timeSeries && Array.isArray(alts)) alts.push(CSV_SERIES_JSON_SCHEMA);
      annotate(js);
    },
  }) as Record<string, unknown>;
  // After the override: zod merges a union of plain types into a type list when it finishes.
  return withoutTypeLists({ $schema, title, description, ...rest }) as Record<string, unknown>;
}

/** `type: [a, b]` as `anyOf: [{type: a}, {type: b}]` everywhere but in values (default, const, enum, examples). */
function withoutTypeLists(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutTypeLists);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).map(([k, v]): [string, unknown] => {
    if (k === 'type' && Array.isArray(v) && !('anyOf' in node)) return ['anyOf', v.map((type: unknown) => ({ type }))];
    return [k, ['default', 'const', 'enum', 'examples'].includes(k) ? v : withoutTypeLists(v)];
  });
  return Object.fromEntries(entries);
}

/** In place, keeping the key order: metadata to `x-` names, the unit in markdownDescription. */
function annotate(js: Record<string, unknown>): void {
  const entries = Object.entries(js).flatMap(([k, v]): [string, unknown][] => {
    if (k in JSON_SCHEMA_META_NAMES) return [[JSON_SCHEMA_META_NAMES[k as keyof typeof JSON_SCHEMA_META_NAMES], v]];
    if (k === 'description' && typeof v === 'string' && typeof js['unit'] === 'string') return [[k, v], ['markdownDescription', `${markdownText(v)}\n\nUnit: **${markdownText(js['unit'])}**`]];
    return [[k, v]];
  });
  for (const k of Object.keys(js)) delete js[k];
  Object.assign(js, Object.fromEntries(entries));
}

/** Text shown as markdown as written: the characters markdown would read as markup are escaped. */
function markdownText(s: string): string {
  return s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}
