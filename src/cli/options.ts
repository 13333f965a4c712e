/**
 * Option tables: how a command declares its flags, and the checks their values
 * share. A table is typed against the command's config (as vitest's
 * cli-config.ts): one entry per config field, so a field without a flag, or a
 * flag that fills no field, does not compile. Each entry carries its help text
 * and turns the raw yargs value into the field's value, or throws an input
 * error (exit 2) that ends in the command's `--help` hint.
 */
import { inputError } from '../core/errors.ts';
import { parseShard } from '../experiments/design.ts';

export interface Option<T> {
  /**
   * How yargs reads it: a positional (one, or `..` many), a flag with a text
   * or numeric value, a switch, or a repeatable flag. A 'number' shows as
   * [number] in the help, but `parse` still gets the text as typed, so its
   * error can quote it ('abc', not NaN).
   */
  kind: 'positional' | 'positionals' | 'string' | 'number' | 'boolean' | 'strings';
  /** The flag's name when it is not the config field's (`--set` fills `overrides`). */
  flag?: string;
  description: string;
  /** What leaving it out means; shown in the help as "(default: ...)". */
  default?: string;
  /** Shown in the help as "(required)"; the check itself is in `parse`. */
  required?: boolean;
  /** The raw yargs value as the config field's value; throws an input error. */
  parse(raw: unknown, hint: string): T;
}

export type Options<Config> = { [K in keyof Config]-?: Option<Config[K]> };

/** The help line of an option: its description, then its default or "(required)". */
export function helpText(o: Option<unknown>): string {
  return o.description + (o.default === undefined ? '' : ` (default: ${o.default})`) + (o.required ? ' (required)' : '');
}

/** The largest seed: seeds are 32-bit unsigned, as in the scenario schema. */
const MAX_SEED = 2 ** 32 - 1;

// ---- Options several commands share (their wording differs per command) ----

/** The one positional file or folder; `what` names it in "missing ...". */
export function positional(description: string, what: string, label = what): Option<string> {
  return {
    kind: 'positional',
    description,
    parse: (raw, hint) => {
      const value = single(raw, label, hint);
      if (value === undefined || value === '') throw inputError(`missing ${what}. ${hint}`);
      return value;
    },
  };
}

/** Two or more positionals; `tooFew` is the message when there are fewer than `min`. */
export function positionals(description: string, min: number, tooFew: (n: number) => string): Option<string[]> {
  return {
    kind: 'positionals',
    description,
    parse: (raw, hint) => {
      const values = (Array.isArray(raw) ? raw : [raw]).filter((x) => x !== undefined).map(String);
      if (values.length < min) throw inputError(`${tooFew(values.length)}. ${hint}`);
      return values;
    },
  };
}

/** A flag with a text value; `--x ''` is an error. */
export function text(flag: string, description: string, more: { default?: string } = {}): Option<string | undefined> {
  return { kind: 'string', description, ...more, parse: (raw, hint) => nonEmpty(single(raw, `--${flag}`, hint), `--${flag}`, hint) };
}

/** A flag with a text value that must be given; `missing` is the message when it is not. */
export function requiredText(flag: string, description: string, missing: string): Option<string> {
  return {
    kind: 'string',
    description,
    required: true,
    parse: (raw, hint) => {
      const value = nonEmpty(single(raw, `--${flag}`, hint), `--${flag}`, hint);
      if (value === undefined) throw inputError(`${missing}. ${hint}`);
      return value;
    },
  };
}

/** An on/off switch, off when absent. */
export function flag(description: string): Option<boolean> {
  return { kind: 'boolean', description, parse: (raw) => raw === true };
}

/** A flag with an integer value from min to max. */
export function integer(flag: string, description: string, min: number, max: number, more: { default?: string } = {}): Option<number | undefined> {
  return { kind: 'number', description, ...more, parse: (raw, hint) => integerFlag(raw, flag, min, max, hint) };
}

export const seed = (description: string, default_: string) => integer('seed', description, 0, MAX_SEED, { default: default_ });
export const replicates = (description: string, default_: string) =>
  // The scenario file's own cap (schema.ts): 10^12 on the command line grew memory until killed.
  integer('replicates', description, 1, 10_000, { default: default_ });
export const workers = (fallback = 'the number of cores'): Option<number | undefined> =>
  integer('workers', 'Worker threads', 1, 1024, { default: fallback });
export const out = (default_: string, description = 'Output directory') => text('out', description, { default: default_ });

/** `--set path=value`, repeatable, in the config as `overrides`. */
export function set(description = 'Override a scenario field: path=value (repeatable)'): Option<string[]> {
  return {
    kind: 'strings',
    flag: 'set',
    description,
    parse: (raw, hint) => {
      const values = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
      for (const v of values) {
        if (!/^[^=]+=/.test(v)) throw inputError(`--set expects path=value, got '${v}'. ${hint}`);
      }
      return values;
    },
  };
}

/** `--quiet`: nothing on stdout and no progress line; errors and warnings still go to stderr. */
export const quiet = () => flag('Print nothing on stdout and show no progress (errors and warnings still go to stderr)');
/** `--json`: stdout is one JSON document (shapes in the README) instead of the text summary. */
export const json = () => flag('Print the result as JSON on stdout instead of text');

export const reportFlag = () => flag('Also write charts and report.html into the output folder');

/** How to read a target file (calibrate, report --target): the same three flags. */
export interface TargetFlags {
  /** undefined = the only value column of the target. */
  column: string | undefined;
  /** undefined = the column's name without a `_pct` suffix. */
  metric: string | undefined;
  /** undefined = 0.01 for a `_pct` column, else 1. */
  scale: number | undefined;
}

export const targetOptions = (): Options<TargetFlags> => ({
  column: text('column', 'Value column of the target', { default: 'its only one besides year' }),
  metric: text('metric', 'Trajectory metric the column measures', { default: 'the column name without _pct' }),
  scale: {
    kind: 'number',
    description: 'Multiply target values by this',
    default: '0.01 for a _pct column, else 1',
    parse: (raw, hint) => {
      const scaleText = nonEmpty(single(raw, '--scale', hint), '--scale', hint);
      const scale = scaleText === undefined ? undefined : Number(scaleText);
      if (scale !== undefined && (!/^\s*[0-9.eE+-]+\s*$/.test(scaleText!) || !Number.isFinite(scale) || scale <= 0)) {
        throw inputError(`--scale must be a positive number, got '${scaleText}'. ${hint}`);
      }
      return scale;
    },
  },
});

// ---- Value checks ----

export function single(value: unknown, name: string, hint: string): string | undefined {
  if (Array.isArray(value)) throw inputError(`${name} given more than once. ${hint}`);
  return value === undefined ? undefined : String(value);
}

export function nonEmpty(value: string | undefined, name: string, hint: string): string | undefined {
  if (value === '') throw inputError(`${name} needs a value. ${hint}`);
  return value;
}

function integerFlag(value: unknown, name: string, min: number, max: number, hint: string): number | undefined {
  const text = single(value, `--${name}`, hint);
  if (text === undefined) return undefined;
  if (text === '') throw inputError(`--${name} needs a value. ${hint}`);
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw inputError(`--${name} must be ${range}, got '${text}'. ${hint}`);
  }
  return n;
}

/** `--shard i/n`: run only shard i of n (sweep, sensitivity); undefined = the whole design. */
export function shard(): Option<{ index: number; count: number } | undefined> {
  return {
    kind: 'string',
    description: 'Run only shard i of n (e.g. 2/8), for clusters; combine with merge',
    parse: (raw, hint) => {
      const text = nonEmpty(single(raw, '--shard', hint), '--shard', hint);
      return text === undefined ? undefined : parseShard(text, hint);
    },
  };
}
