/**
 * Loading a scenario file: the scenario schema, plus the check of every time
 * series over the scenario's own years. The only I/O is in loadDocumentFile.
 */
import { loadDocumentFile, parseDocument, prepareDocument, type Override, type Path } from './load.ts';
import { ScenarioSchema, type Scenario } from './schema.ts';
import { inputError, type Problem } from '../core/errors.ts';

function years(s: Scenario): number[] {
  const out: number[] = [];
  // The warm-up year before start_year is simulated too.
  for (let y = s.time.start_year - 1; y <= s.time.end_year; y++) out.push(y);
  return out;
}

/** Cross-field rules the per-field schema cannot express. */
function crossCheck(s: Scenario, file: string): Scenario {
  const problems = crossProblems(s, file);
  if (problems.length > 0) throw inputError(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return s;
}

function crossProblems(s: Scenario, file: string): Problem[] {
  const problems: Problem[] = [];
  if (s.time.end_year < s.time.start_year) {
    problems.push({ file, path: 'time.end_year', message: `expected a year no earlier than time.start_year (${s.time.start_year}), got ${s.time.end_year}` });
  }
  const products = s.market.products.map((p) => p.name);
  s.events.forEach((e, k) => {
    if (e.kind === 'price_crash' && e.product !== '' && !products.includes(e.product)) {
      problems.push({ file, path: `events.${k}.product`, message: `expected one of the market's products (${products.join(', ')}) or "" for every county's main product, got "${e.product}"` });
    }
  });
  return problems;
}

/**
 * The span on the raw value, so a start after the end is reported (with its
 * place) beside the file's other problems, not only once they are fixed.
 * Fields that are not whole numbers are left to the schema's messages.
 */
function rawSpan(input: unknown): { path: Path; message: string; involves: Path[] }[] {
  const time = (input as { time?: Record<string, unknown> } | null)?.time;
  const defaults = DEFAULT_TIME ??= defaultScenario().time;
  const start = time?.['start_year'] ?? defaults.start_year;
  const end = time?.['end_year'] ?? defaults.end_year;
  if (!Number.isInteger(start) || !Number.isInteger(end) || (end as number) >= (start as number)) return [];
  return [{ path: ['time', 'end_year'], involves: [['time', 'start_year']], message: `expected a year no earlier than time.start_year (${start}), got ${end}` }];
}
let DEFAULT_TIME: Scenario['time'] | undefined;

export function loadScenarioFile(file: string, overrides: readonly string[] = []): Scenario {
  return crossCheck(loadDocumentFile(ScenarioSchema, file, { overrides, years, crossCheck: rawSpan }), file);
}

export function parseScenario(text: string, file = '<scenario>', overrides: readonly string[] = []): Scenario {
  return crossCheck(parseDocument(ScenarioSchema, text, file, { overrides, years, crossCheck: rawSpan }), file);
}

/**
 * A scenario text parsed once, for resolving it with many override sets fast
 * (a sweep's design points): the scenario parseScenario would give with those
 * overrides, or undefined when it would throw (call it to learn why).
 */
export function prepareScenario(text: string, file = '<scenario>'): (overrides: readonly Override[]) => Scenario | undefined {
  const resolve = prepareDocument(ScenarioSchema, text, file, { years });
  return (overrides) => {
    const s = resolve(overrides);
    return s !== undefined && crossProblems(s, file).length === 0 ? s : undefined;
  };
}

/** A scenario with every default filled in, with `patch` applied (for tests and tools). */
export function defaultScenario(patch: Record<string, unknown> = {}): Scenario {
  return ScenarioSchema.parse(patch);
}
