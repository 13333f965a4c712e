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
  // The raw checks again, for values made without parseDocument (a sweep's prepared points).
  const problems: Problem[] = rawCross(s).map((p) => ({ file, path: p.path.join('.'), message: p.message }));
  const products = s.market.products.map((p) => p.name);
  s.events.forEach((e, k) => {
    if (e.kind === 'price_crash' && e.product !== '' && !products.includes(e.product)) {
      problems.push({ file, path: `events.${k}.product`, message: `expected one of the market's products (${products.join(', ')}) or "" for every county's main product, got "${e.product}"` });
    }
  });
  return problems;
}

/**
 * Rules across fields checked on the raw value, so their problems are
 * reported, with their place (or against --set when a --set made them),
 * beside the file's other problems rather than only once those are fixed.
 * Fields that are not whole numbers are left to the schema's messages.
 *  - the span: a start year after the end year;
 *  - sizes, before anything is allocated (5,000 counties x 10,000 villages
 *    took gigabytes before a word): every village needs a household.
 */
function rawCross(input: unknown): { path: Path; message: string; involves: Path[] }[] {
  const defaults = (DEFAULTS ??= defaultScenario());
  const field = <K extends 'time' | 'population'>(section: K, name: keyof Scenario[K] & string): unknown =>
    (input as Record<string, Record<string, unknown> | undefined> | null)?.[section]?.[name] ?? defaults[section][name];
  const out: { path: Path; message: string; involves: Path[] }[] = [];
  const start = field('time', 'start_year');
  const end = field('time', 'end_year');
  if (Number.isInteger(start) && Number.isInteger(end) && (end as number) < (start as number)) {
    out.push({ path: ['time', 'end_year'], involves: [['time', 'start_year']], message: `expected a year no earlier than time.start_year (${start}), got ${end}` });
  }
  const counties = field('population', 'counties');
  const villages = field('population', 'villages_per_county');
  const households = field('population', 'households');
  if ([counties, villages, households].every((x) => Number.isInteger(x) && (x as number) >= 1) && (counties as number) * (villages as number) > (households as number)) {
    out.push({
      path: ['population', 'villages_per_county'],
      involves: [['population', 'counties'], ['population', 'households']],
      message: `expected at most ${Math.floor((households as number) / (counties as number))} (population.households / population.counties: every village needs a simulated household), got ${villages}`,
    });
  }
  return out;
}
let DEFAULTS: Scenario | undefined;

export function loadScenarioFile(file: string, overrides: readonly string[] = []): Scenario {
  return crossCheck(loadDocumentFile(ScenarioSchema, file, { overrides, years, crossCheck: rawCross }), file);
}

export function parseScenario(text: string, file = '<scenario>', overrides: readonly string[] = []): Scenario {
  return crossCheck(parseDocument(ScenarioSchema, text, file, { overrides, years, crossCheck: rawCross }), file);
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
