/**
 * Text (YAML or JSON) + `--set` overrides → a value validated by a zod schema.
 * Every problem comes back at once, with file, line, column and dotted path;
 * bad input never produces a stack trace, only `inputError` (exit code 2).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument as parseYaml, visit } from 'yaml';
import type { Document, Pair, YAMLError, YAMLMap } from 'yaml';
import type { z } from 'zod';
import { inputError, type Problem } from '../core/errors.ts';
import { defOf, describeExpected, knownKeys, repr, schemaAt, unknownFieldMessage, unwrap, walkPath } from './fields.ts';
import { seriesRangeIssues } from './expressions.ts';
import { resolveCsvSeries } from './csv-series.ts';

/** Problems listed for one file; the rest are counted ("and N more problems"). */
export const MAX_PROBLEMS = 100;

/** Largest input text file (scenario, sweep, parameters, CSV series): bigger is refused before it is read. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * yaml's bound on alias expansion (uses x nodes behind each): 100 refused a
 * file using one anchor 150 times; 10,000 still stops a "billion laughs"
 * document, whose expansion grows exponentially with its levels.
 */
const MAX_ALIAS_EXPANSION = 10_000;

/** `file` of problems that come from `--set`. */
export const SET_FILE = '--set';
/** Keys that could reach Object.prototype if anything downstream copies naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type Path = (string | number)[];

export interface Override {
  path: string[];
  value: unknown;
}

export interface LoadOptions<T> {
  /** `path.to.field=value` strings, applied in order before validation. */
  overrides?: readonly string[];
  /** Years at which to range-check time-series fields of the validated value. */
  years?: (value: T) => number[];
  /**
   * Rules across fields, checked on the raw value (after --set) so their
   * problems are reported, located, together with every other one.
   */
  crossCheck?: (input: unknown) => { path: Path; message: string; involves?: Path[] }[];
}

/** A problem before it has a place: `atKey` points at the key instead of the value. */
interface Located {
  path: Path;
  atKey: boolean;
  message: string;
  /** Where exactly, when the path alone is ambiguous (the second of two equal keys). */
  offset?: number;
}

/** Parse, override, validate. Throws `inputError('<file>: N problems', problems)`. */
export function parseDocument<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  opts: LoadOptions<z.output<S>> = {},
): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseYaml(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const where = (path: Path, atKey: boolean) => position(doc, lineCounter, path, atKey);

  // 1. Syntax: all errors (and warnings such as unknown tags), each with its position.
  const syntax = [...doc.errors, ...doc.warnings].map((e) => yamlProblem(e, file));
  const at = (l: Located) => (l.offset === undefined ? where(l.path, true) : { line: lineCounter.linePos(l.offset).line, column: lineCounter.linePos(l.offset).col });
  const keys = badKeys(doc.contents, []).map((l) => ({ file, ...at(l), path: l.path.join('.'), message: l.message }));
  if (syntax.length + keys.length > 0) throw failure(file, [...syntax, ...keys]);

  // yaml's toJS defines "__proto__" as an own property, so even before the key check it cannot pollute.
  // It throws on unresolved aliases and on alias bombs ("billion laughs").
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }) ?? {}; // empty, comments only, or `null`: all defaults, alike
  } catch (e) {
    throw failure(file, [{ file, ...aliasPosition(doc, lineCounter), path: '', message: (e as Error).message }]);
  }

  // 2. Overrides, applied to the plain value so they are validated exactly like the file.
  const problems: Problem[] = [];
  const applied: Path[] = [];
  for (const setText of opts.overrides ?? []) {
    const r = tryParseOverride(setText);
    const err = 'problem' in r ? r.problem : checkOverridePath(schema, r.override.path, setText) ?? applyOverride(input, r.override, setText, schema);
    if (err) problems.push(err);
    else if ('override' in r) applied.push(r.override.path);
  }

  const within = (p: Path, q: Path) => p.length <= q.length && p.every((k, i) => String(q[i]) === String(k));
  // Inside a --set path, or at a field the file lacks that a --set created (poverty_line for poverty_line.2015).
  const setBy = (path: Path) => applied.some((p) => within(p, path) || (within(path, p) && !doc.hasIn(path)));
  const place = (l: Located & { involves?: Path[] }): Problem => {
    const fromSet = setBy(l.path) || (l.involves ?? []).some(setBy);
    const path = l.path.join('.');
    return fromSet ? { file: SET_FILE, path, message: l.message } : { file, ...where(l.path, l.atKey), path, message: l.message };
  };

  // 2b. Time series read from CSV columns become {year: value} tables (paths relative to the file).
  // A reference that could not be read would only add a confusing "got a mapping": stop here.
  const unread = resolveCsvSeries(schema, input, file, readFileText).map((i) => place({ ...i, atKey: false }));
  if (unread.length > 0) throw failure(file, [...problems, ...unread]);

  // 3. Validation: every zod issue, placed in the file or attributed to --set.
  for (const c of opts.crossCheck?.(input) ?? []) problems.push(place({ ...c, atKey: false }));
  const result = schema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...explainIssue(issue, schema, input, []).map(place));
  } else if (problems.length === 0 && opts.years) {
    // 4. Time series evaluated at the years the run will use.
    for (const i of seriesRangeIssues(schema, result.data, opts.years(result.data))) problems.push(place({ ...i, atKey: false }));
  }
  if (problems.length > 0) throw failure(file, problems);
  return result.data as z.output<S>;
}

/**
 * A document parsed once and validated many times with different overrides
 * (a sweep's design points): each call clones the document's value, applies
 * the overrides and validates it exactly as parseDocument does, without
 * parsing text again. It only answers valid (the value) or not (undefined);
 * parseDocument with the same overrides, as text, says why. Throws
 * parseDocument's input error when the text itself has syntax problems.
 */
export function prepareDocument<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  opts: Omit<LoadOptions<z.output<S>>, 'overrides'> = {},
): (overrides: readonly Override[]) => z.output<S> | undefined {
  const doc = parseYaml(text, { prettyErrors: true, uniqueKeys: false });
  let input: unknown;
  let ok = doc.errors.length + doc.warnings.length === 0 && badKeys(doc.contents, []).length === 0;
  try {
    if (ok) input = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }) ?? {}; // empty, comments only, or `null`: all defaults, alike
  } catch {
    ok = false;
  }
  if (!ok) {
    parseDocument(schema, text, file, opts); // throws the problems
    return () => undefined; // not reached; every call would then take the slow path
  }
  return (overrides) => {
    const value = structuredClone(input);
    for (const o of overrides) {
      if (o.path.some((k) => FORBIDDEN_KEYS.has(k)) || 'problem' in walkPath(schema, o.path)) return undefined;
      if (applyOverride(value, o, '', schema) !== undefined) return undefined;
    }
    if (resolveCsvSeries(schema, value, file, readFileText).length > 0) return undefined;
    const r = schema.safeParse(value);
    if (!r.success) return undefined;
    if (opts.years && seriesRangeIssues(schema, r.data, opts.years(r.data)).length > 0) return undefined;
    return r.data as z.output<S>;
  };
}

/** Read a file, then `parseDocument`. With readFileText (CSV series), the only I/O in this module. */
export function loadDocumentFile<S extends z.ZodType>(schema: S, filePath: string, opts: LoadOptions<z.output<S>> = {}): z.output<S> {
  return parseDocument(schema, readTextFile(filePath), filePath, opts);
}

/** A text file's contents; an input error (`<file>: cannot read file (no such file)`) when it cannot be read. */
export function readTextFile(filePath: string): string {
  try {
    return readBoundedText(filePath);
  } catch (e) {
    const why = unreadableReason(e);
    throw inputError(`${filePath}: cannot read file (${why})`, [{ file: filePath, path: '', message: `cannot read file: ${why}` }]);
  }
}

/** A file's text; an Error saying why, in plain words, when it cannot be read. */
function readFileText(filePath: string): string {
  try {
    return readBoundedText(filePath);
  } catch (e) {
    throw new Error(unreadableReason(e));
  }
}

/** Bytes as UTF-8 text; bytes that are not UTF-8 are an error naming where, not a silent U+FFFD. */
function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD')) return text;
  const again = Buffer.from(text, 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === again[i]) i++;
  if (i === bytes.length) return text; // a real U+FFFD in the file
  const before = bytes.subarray(0, i);
  const line = before.filter((b) => b === 10).length + 1;
  const column = Buffer.from(before.subarray(before.lastIndexOf(10) + 1)).toString('utf8').length + 1;
  throw new Error(`not UTF-8 text: byte 0x${bytes[i]!.toString(16).padStart(2, '0')} at line ${line}, column ${column}; save the file as UTF-8`);
}

/**
 * A file's UTF-8 text, read at most MAX_INPUT_BYTES (+1 to notice more): a
 * 50 MB list, /dev/zero or a FIFO that never ends gets a clear error instead
 * of exhausting the heap.
 */
export function readBoundedText(filePath: string): string {
  const fd = openSync(filePath, 'r');
  try {
    let chunk = Buffer.allocUnsafe(Math.min(MAX_INPUT_BYTES + 1, Math.max(65536, fstatSync(fd).size + 1)));
    let n = 0;
    for (;;) {
      if (n === chunk.length) {
        if (chunk.length > MAX_INPUT_BYTES) break;
        const bigger = Buffer.allocUnsafe(Math.min(MAX_INPUT_BYTES + 1, chunk.length * 2));
        chunk.copy(bigger, 0, 0, n);
        chunk = bigger;
      }
      const got = readSync(fd, chunk, n, chunk.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > MAX_INPUT_BYTES) throw Object.assign(new Error(`larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`), { code: 'EFBIG' });
    return utf8Text(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** Why a file could not be read, in plain words. */
export function unreadableReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
}

function failure(file: string, problems: Problem[]) {
  const n = problems.length;
  // Document order; --set problems (no line) after the file's.
  const key = (p: Problem) => (p.file === SET_FILE ? Infinity : (p.line ?? 0) * 1e6 + (p.column ?? 0));
  const sorted = problems.map((p, i) => [p, i] as const).sort((a, b) => key(a[0]) - key(b[0]) || a[1] - b[1]).map(([p]) => p);
  // A huge file of mistakes gets the first MAX_PROBLEMS and a count, not megabytes of messages.
  if (n > MAX_PROBLEMS) sorted.splice(MAX_PROBLEMS, n, { file, path: '', message: `and ${n - MAX_PROBLEMS} more problem${n - MAX_PROBLEMS === 1 ? '' : 's'}` });
  return inputError(`${file}: ${n} problem${n === 1 ? '' : 's'}`, sorted);
}

function yamlProblem(e: YAMLError, file: string): Problem {
  // prettyErrors appends " at line L, column C:" and a code excerpt; keep only the sentence.
  const message =
    e.code === 'MULTIPLE_DOCS'
      ? 'the file must hold a single document, but a second one starts here'
      : (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
  const pos = e.linePos?.[0];
  return pos ? { file, line: pos.line, column: pos.col, path: '', message } : { file, path: '', message };
}

// ---------------------------------------------------------------------------
// Positions: walk the YAML AST along a zod issue path. When the path goes
// further than the document (a missing field), stop at the deepest node found,
// i.e. the parent mapping.

/** A mapping's pairs by key, built once per mapping: locating N problems in one mapping stays linear. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairsOf(node: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(node);
  if (!index) {
    index = new Map();
    for (const p of node.items) {
      const k = keyName(p.key);
      if (k !== undefined && !index.has(k)) index.set(k, p);
    }
    pairIndex.set(node, index);
  }
  return index;
}

function position(doc: Document, lc: LineCounter, path: Path, atKey: boolean): { line?: number; column?: number } {
  let node: unknown = doc.contents;
  let offset: number | undefined = isNode(node) ? node.range?.[0] : undefined;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = pairsOf(node).get(String(path[i]));
      if (!pair) break;
      const keyOffset = isNode(pair.key) ? pair.key.range?.[0] : undefined;
      if (i === path.length - 1 && atKey) {
        offset = keyOffset ?? offset;
        break;
      }
      next = pair.value;
      offset = (isNode(next) ? next.range?.[0] : undefined) ?? keyOffset ?? offset; // `a:` with no value: the key
    } else if (isSeq(node)) {
      next = node.items[Number(path[i])];
      if (next === undefined) break;
      offset = (isNode(next) ? next.range?.[0] : undefined) ?? offset;
    } else {
      break;
    }
    node = next;
  }
  if (offset === undefined) return {};
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

/** Where the first alias without an anchor before it is, if any. */
function aliasPosition(doc: Document, lc: LineCounter): { line?: number; column?: number } {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined && node.range) {
        offset = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (offset === undefined) return {};
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

function keyName(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** Keys that are not plain scalars, or that name prototype properties. */
function badKeys(node: unknown, path: Path): Located[] {
  const out: Located[] = [];
  if (isMap(node)) {
    // Duplicate keys are found here, in one pass: yaml's own uniqueKeys check is quadratic (20,000 keys: 20 s).
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) {
        out.push({ path, atKey: false, message: 'keys must be plain names or numbers, not lists or mappings' });
        continue;
      }
      const name = String(pair.key.value);
      if (seen.has(name)) {
        out.push({ path: [...path, name], atKey: true, offset: pair.key.range?.[0], message: 'Map keys must be unique' });
        continue;
      }
      seen.add(name);
      if (FORBIDDEN_KEYS.has(name)) out.push({ path: [...path, name], atKey: true, message: `the key "${name}" is not allowed` });
      else out.push(...badKeys(pair.value, [...path, name]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...badKeys(item, [...path, i])));
  }
  return out;
}

// ---------------------------------------------------------------------------
// zod issues → plain-words messages ("expected a number between 0 and 1, got "abc"").

function explainIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown, base: Path): Located[] {
  const path: Path = [...base, ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))];
  const expected = (): Located => {
    const s = schemaAt(schema, path);
    const desc = s && describeExpected(s);
    const v = valueAt(input, path);
    const name = path.length ? `"${path[path.length - 1]}"` : 'value';
    if (v === undefined) return { path, atKey: false, message: `missing required field ${name}${desc ? `; expected ${desc}` : ''}` };
    return { path, atKey: false, message: `${desc ? `expected ${desc}` : issue.message}, got ${repr(v)}` };
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const s = schemaAt(schema, path);
      const known = s ? knownKeys(s) : [];
      return issue.keys.map((k) => ({ path: [...path, k], atKey: true, message: unknownFieldMessage(k, known) }));
    }
    case 'invalid_union': {
      // Branches that failed only because of the value's type are noise; if a
      // single branch got further (e.g. the expression branch of a series), its issues are the real ones.
      const specific = issue.errors.filter((errs) => !errs.every((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (specific.length === 1) return specific[0]!.flatMap((e) => explainIssue(e, schema, input, path));
      return [expected()];
    }
    case 'invalid_key':
      return [{ path, atKey: true, message: `invalid key ${repr(String(path[path.length - 1]))}: ${issue.issues[0]?.message ?? issue.message}` }];
    case 'custom':
      return [{ path, atKey: false, message: issue.message }];
    case 'invalid_format':
      return [{ path, atKey: false, message: `${issue.message}, got ${repr(valueAt(input, path))}` }];
    default:
      return [expected()];
  }
}

function valueAt(v: unknown, path: Path): unknown {
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

// ---------------------------------------------------------------------------
// --set path=value

/** `a.b.c=value` → {path, value}; the value is read as YAML (scalar or flow). Throws inputError. */
export function parseOverride(text: string): Override {
  const r = tryParseOverride(text);
  if ('problem' in r) throw inputError(`${SET_FILE}: ${r.problem.message}`, [r.problem]);
  return r.override;
}

function tryParseOverride(text: string): { override: Override } | { problem: Problem } {
  const bad = (path: string, message: string) => ({ problem: { file: SET_FILE, path, message: `"${text}": ${message}` } });
  const eq = text.indexOf('=');
  if (eq < 0) return bad('', 'missing "="; write --set path.to.field=value');
  const pathText = text.slice(0, eq).trim();
  const path = pathText.split('.').map((s) => s.trim());
  if (path.some((s) => s === '')) return bad(pathText, `empty field name in "${pathText}"`);
  const forbidden = path.find((s) => FORBIDDEN_KEYS.has(s));
  if (forbidden) return bad(pathText, `the key "${forbidden}" is not allowed`);
  const raw = text.slice(eq + 1);
  const doc = parseYaml(raw, { prettyErrors: true, uniqueKeys: false });
  // `year > 2015 ? 2e8 : 1e8` reads as a YAML mapping; a mapping on the command line is written
  // {a: 1}, so a bare one is the expression it looks like (no double quoting needed).
  if (isMap(doc.contents) && !doc.contents.flow && doc.errors.length === 0) return { override: { path, value: raw.trim() } };
  const err = doc.errors[0] ?? doc.warnings[0];
  if (err) return bad(pathText, `cannot read the value: ${yamlProblem(err, SET_FILE).message}`);
  const keyErr = badKeys(doc.contents, path)[0];
  if (keyErr) return bad(pathText, keyErr.message);
  try {
    return { override: { path, value: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }) } };
  } catch (e) {
    return bad(pathText, `cannot read the value: ${(e as Error).message}`);
  }
}

/** The path must name a field the schema knows. */
function checkOverridePath(schema: z.ZodType, path: string[], text: string): Problem | undefined {
  const r = walkPath(schema, path);
  return 'problem' in r ? { file: SET_FILE, path: path.join('.'), message: `"${text}": ${r.problem}` } : undefined;
}

/**
 * Set the value in place, creating missing sections on the way (never a list
 * of 2016 items for `poverty_line.2015=3000`). A list index may replace an
 * item or append one, never leave holes.
 */
function applyOverride(root: unknown, o: Override, text: string, schema: z.ZodType): Problem | undefined {
  const fail = (message: string): Problem => ({ file: SET_FILE, path: o.path.join('.'), message: text === '' ? message : `"${text}": ${message}` });
  if (typeof root !== 'object' || root === null) return fail(`cannot set a field: the document is ${repr(root)}, not a mapping`);
  let obj = root as Record<string, unknown>;
  for (let i = 0; i < o.path.length; i++) {
    const k = o.path[i]!;
    if (Array.isArray(obj)) {
      const at = o.path.slice(0, i).join('.');
      if (!/^\d+$/.test(k)) return fail(`"${at}" is a list; index it with a number, not "${k}"`);
      if (Number(k) > obj.length) {
        return fail(`"${at}" has ${obj.length} item${obj.length === 1 ? '' : 's'}; index ${k} would leave a gap (use 0 to ${obj.length}, or set the whole list: --set ${at}=[...])`);
      }
    }
    if (i === o.path.length - 1) break;
    let next = Object.hasOwn(obj, k) ? obj[k] : undefined;
    if (next === undefined || next === null) {
      // A missing section is created; a missing table or list is not: one
      // year or item would silently replace the whole default.
      const field = schemaAt(schema, o.path.slice(0, i + 1));
      const type = field === undefined ? 'object' : defOf(unwrap(field).core).type;
      if (type === 'array' && o.path[i + 1] === '0') {
        obj[k] = next = []; // a list begun with its first item
      } else if (type !== 'object') {
        const at = o.path.slice(0, i + 1).join('.');
        return fail(`"${at}" is not in the file, so there is nothing to change "${o.path.slice(i + 1).join('.')}" of; set the whole field, e.g. --set '${at}=${type === 'array' ? '[...]' : `{${o.path[i + 1]}: ...}`}'`);
      } else {
        obj[k] = next = {};
      }
    }
    if (typeof next !== 'object') {
      const at = o.path.slice(0, i + 1).join('.');
      return fail(`cannot set inside "${at}", which is ${repr(next)} in the file`);
    }
    obj = next as Record<string, unknown>;
  }
  obj[o.path[o.path.length - 1]!] = o.value;
  return undefined;
}
