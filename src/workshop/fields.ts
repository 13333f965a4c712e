/**
 * The page's controls read the scenario's JSON Schema (the one `npm run
 * schema` exports from ScenarioSchema): labels, descriptions, units, ranges
 * and defaults have one source. Pure: runs in the page and in tests.
 */

/** A JSON Schema node as jsonSchemaDocument writes it (the parts the page reads). */
export interface JsonSchema {
  type?: string;
  description?: string;
  /** The field's unit (`x-` names: not JSON Schema keywords, scenario/fields.ts JSON_SCHEMA_META_NAMES). */
  'x-unit'?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  'x-timeSeries'?: { min?: number; max?: number };
}

export type FieldKind = 'number' | 'integer' | 'boolean' | 'enum' | 'series' | 'string' | 'list' | 'section';

export interface Field {
  /** Dotted path, e.g. `levers.fund`. */
  path: string;
  /** Plain-language name: the description's first phrase. */
  label: string;
  description: string;
  unit: string;
  kind: FieldKind;
  min?: number;
  max?: number;
  default?: unknown;
  options?: string[];
}

/** The schema node at a dotted path (list items through a number), or undefined. */
export function nodeAt(root: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  for (const k of path.split('.')) {
    if (!node) return undefined;
    node = /^\d+$/.test(k) && node.items ? node.items : node.properties?.[k];
  }
  return node;
}

export function fieldAt(root: JsonSchema, path: string): Field | undefined {
  const node = nodeAt(root, path);
  return node && field(node, path);
}

function field(node: JsonSchema, path: string): Field {
  const description = node.description ?? '';
  const base = { path, label: plainLabel(description, path), description, unit: node['x-unit'] ?? '', default: node.default };
  const series = node['x-timeSeries'];
  if (series) return { ...base, kind: 'series', min: series.min, max: series.max };
  if (node.enum) return { ...base, kind: 'enum', options: node.enum };
  if (node.type === 'boolean') return { ...base, kind: 'boolean' };
  if (node.type === 'number' || node.type === 'integer') return { ...base, kind: node.type, min: node.minimum, max: node.maximum };
  if (node.type === 'string') return { ...base, kind: 'string' };
  if (node.type === 'array') return { ...base, kind: 'list' };
  return { ...base, kind: 'section' };
}

/** The fields directly inside a section (e.g. the eight levers), in schema order. */
export function childrenOf(root: JsonSchema, path: string): Field[] {
  const node = path === '' ? root : nodeAt(root, path);
  return Object.entries(node?.properties ?? {}).map(([k, n]) => field(n, path === '' ? k : `${path}.${k}`));
}

/** Every field that is not a section, depth first in schema order (the advanced panel). */
export function leafFields(root: JsonSchema, path = ''): Field[] {
  return childrenOf(root, path).flatMap((f) => (f.kind === 'section' ? leafFields(root, f.path) : [f]));
}

/**
 * The description's first phrase as a label: up to the first colon, opening
 * bracket, semicolon or sentence end ("Strategic synergy: one goal ..." →
 * "Strategic synergy"). A single word before a colon names a case, not the
 * field ("multi: enterprises ...", "Epidemic: multiplier ..."), so then, as
 * when nothing is left, the label is the field's own name ("Severity").
 */
export function plainLabel(description: string, path: string): string {
  const m = /^(.*?)(:\s|\s\(|;|\.\s|\.$|$)/.exec(description.trim());
  const label = (m?.[1] ?? '').trim();
  const aCase = m?.[2] === ': ' && !/\s/.test(label);
  if (label.length >= 3 && label.length <= 110 && !aCase) return label;
  const name = (path.split('.').pop() ?? path).replace(/_/g, ' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The value at a dotted path of a plain object, or undefined. */
export function valueAt(obj: unknown, path: string): unknown {
  let v = obj;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A series times k, as the schema accepts it: a number, an expression of year, or a {year: value} table. */
export function scaleSeries(value: unknown, k: number): unknown {
  if (typeof value === 'number') return value * k;
  if (typeof value === 'string') return `(${value}) * ${k}`;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([y, v]) => [y, (v as number) * k]));
  return value;
}
