/**
 * The calibration spec file (YAML or JSON): the parameters to fit, with the
 * bounds of their uniform priors, and the targets to fit them to
 * (abc/targets.ts says what a target is and how the distance combines them).
 *
 *   description: ...
 *   parameters:
 *     population.skill_mean: {from: 0.3, to: 0.5}
 *   targets:
 *     headcount: {column: headcount_ratio, file: ../../../shared/data/county-a.csv, tolerance: 0.005}
 *     registry_2014: {column: registered_people, value: 89620000, year: 2014, tolerance: 5000000, weight: 2}
 *
 * `targets` may be left out when the command line gives --target (issue 5's
 * files: parameters only). Validated like sweep files: every problem with its
 * file, line, column and field path (exit 2).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { defOf, fmt, isIntegerSchema, schemaAt, unwrap } from '../scenario/fields.ts';
import { parseDocument, readTextFile } from '../scenario/load.ts';
import { parseScenario } from '../scenario/scenario.ts';
import { ScenarioSchema } from '../scenario/schema.ts';
import { integerBounds } from './design.ts';
import { overrideText } from './point-resolver.ts';
import { failAt, scenarioPathProblem, type Issue } from './sweep-file.ts';
import { columnProblem, resolveTarget, type ResolvedTarget, type TargetInput } from './abc/targets.ts';


/** Paths that are not behavioural or mechanism parameters: never calibrated. */
function notCalibratable(path: string): string | undefined {
  if (path === 'seed' || path === 'replicates') return `"${path}" is a setting of the run, not a parameter; use --${path}`;
  if (path === 'poverty_line' || path.startsWith('poverty_line.')) return 'the poverty line defines the outcome; it is not calibrated';
  if (path === 'time' || path.startsWith('time.')) return 'the simulated years are not calibrated';
  if (path === 'name' || path === 'description') return `"${path}" is not a parameter`;
  return undefined;
}

const CalibratePath = z.string().superRefine((k, ctx) => {
  const why = notCalibratable(k) ?? scenarioPathProblem(k, true);
  if (why) {
    ctx.addIssue({ code: 'custom', message: why });
    return;
  }
  const s = schemaAt(ScenarioSchema, k.split('.'));
  // A time series may be calibrated as a constant (the same value every year).
  const u = s ? unwrap(s) : undefined;
  if (!u || (defOf(u.core).type !== 'number' && !u.meta.timeSeries))
    ctx.addIssue({ code: 'custom', message: `${k} is not a numeric field or time series; only numbers can be calibrated` });
});

const Bounds = z
  .strictObject({ from: z.number().describe('Lower bound of the uniform prior.'), to: z.number().describe('Upper bound of the uniform prior.') })
  .superRefine((r, ctx) => {
    if (!(r.from < r.to)) ctx.addIssue({ code: 'custom', message: `bounds need "from" below "to", got from ${fmt(r.from)} to ${fmt(r.to)}` });
  });

const Year = z.number().int().min(1900).max(2200);

const TargetSchema = z
  .strictObject({
    description: z.string().optional().describe('What the target is and where its figures come from.'),
    column: z.string().describe('The output column (of trajectory.csv) the target measures.'),
    file: z.string().min(1).optional().describe('A CSV with a year column, relative to the spec file.'),
    file_column: z.string().optional().describe("The file's value column (default: `column`, or `column`_pct)."),
    scale: z.number().positive().optional().describe("Multiplier from the file's (or series') values to the column's (default 0.01 for a _pct column, else 1)."),
    series: z.record(z.string().regex(/^\d{4}$/, 'a year'), z.number()).optional().describe('Inline observed series: {year: value}.'),
    value: z.number().optional().describe('A single observed figure.'),
    year: Year.optional().describe('A figure: the year it is for.'),
    years: z.array(Year).min(1).optional().describe('A series: the years to use (default all); a figure: the years it covers.'),
    stat: z.enum(['mean', 'final']).optional().describe('A figure over several years: their mean (default) or the last year.'),
    tolerance: z.number().positive().describe("The error allowed, in the column's units."),
    weight: z.number().positive().default(1).describe("The target's weight in the distance."),
  })
  .superRefine((t, ctx) => {
    const why = columnProblem(t.column);
    if (why) ctx.addIssue({ code: 'custom', path: ['column'], message: why });
    const kinds = (['file', 'series', 'value'] as const).filter((k) => t[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({ code: 'custom', message: kinds.length === 0 ? 'a target needs one of file, series or value' : `a target has one of file, series or value, not ${kinds.join(' and ')}` });
      return;
    }
    if (t.value !== undefined) {
      if ((t.year === undefined) === (t.years === undefined)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a figure needs year or years (one of them)' });
      if (t.file_column !== undefined || t.scale !== undefined) ctx.addIssue({ code: 'custom', path: [t.file_column !== undefined ? 'file_column' : 'scale'], message: 'only a file or series target has this' });
    } else {
      if (t.year !== undefined) ctx.addIssue({ code: 'custom', path: ['year'], message: 'a series target takes years (a subset), not year' });
      if (t.stat !== undefined) ctx.addIssue({ code: 'custom', path: ['stat'], message: 'stat is for a figure over several years' });
      if (t.file_column !== undefined && t.file === undefined) ctx.addIssue({ code: 'custom', path: ['file_column'], message: 'file_column needs file' });
    }
    if (t.years && new Set(t.years).size !== t.years.length) ctx.addIssue({ code: 'custom', path: ['years'], message: 'a year appears twice' });
  });

export const CalibrationSpecSchema = z
  .strictObject({
    description: z.string().default('').describe('What the spec fits, and to what.'),
    parameters: z.record(CalibratePath, Bounds).describe('Parameters to fit: dotted scenario path: {from, to} (bounds of a uniform prior).'),
    targets: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a name of letters, digits, _ and -'), TargetSchema).optional()
      .describe('What to fit: name: {column, file | series | value, tolerance, weight}.'),
  })
  .superRefine((v, ctx) => {
    const paths = Object.keys(v.parameters);
    if (paths.length === 0) ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'calibration needs at least one parameter' });
    paths.forEach((p, i) => {
      for (const q of paths.slice(0, i)) {
        if (p.startsWith(q + '.') || q.startsWith(p + '.')) ctx.addIssue({ code: 'custom', path: ['parameters', p], message: `"${p}" overlaps the parameter "${q}"` });
      }
    });
    if (v.targets !== undefined && Object.keys(v.targets).length === 0) ctx.addIssue({ code: 'custom', path: ['targets'], message: 'targets needs at least one target (or leave it out and give --target)' });
  });

export interface CalibrationParameter {
  path: string;
  from: number;
  to: number;
  integer: boolean;
}

export interface CalibrationSpec {
  description: string;
  parameters: CalibrationParameter[];
  /** undefined: the spec has no targets (the command line's --target gives them). */
  targets: ResolvedTarget[] | undefined;
}

/**
 * Read a params spec (YAML or JSON) and check it against the scenario: both
 * bounds of every parameter must be valid values of the field in `scenarioText`
 * with the `set` overrides applied. Throws inputError (exit 2) with file, line and path.
 */
export function parseCalibrationSpec(text: string, file: string, scenarioText: string, scenarioFile: string, set: readonly string[] = []): CalibrationParameter[] {
  return parseCalibrationFile(text, file, scenarioText, scenarioFile, set).parameters;
}

/** The whole spec: parameters as parseCalibrationSpec, and the targets inside the scenario's years. */
export function parseCalibrationFile(text: string, file: string, scenarioText: string, scenarioFile: string, set: readonly string[] = []): CalibrationSpec {
  const v = parseDocument(CalibrationSpecSchema, text, file);
  const parameters = Object.entries(v.parameters).map(([path, b]) => ({
    path, from: b.from, to: b.to, integer: isIntegerSchema(schemaAt(ScenarioSchema, path.split('.'))),
  }));
  const issues: Issue[] = [];
  for (const p of parameters) {
    if (p.integer) {
      const [lo, hi] = integerBounds(p);
      if (lo > hi) {
        issues.push({ path: ['parameters', p.path], message: `${p.path} is a whole-number field and there is no whole number from ${fmt(p.from)} to ${fmt(p.to)}` });
        continue;
      }
    }
    for (const end of ['from', 'to'] as const) {
      try {
        parseScenario(scenarioText, scenarioFile, [...set, overrideText(p.path, p[end])]);
      } catch (e) {
        const problems = (e as { problems?: { path: string; message: string }[] }).problems;
        if (!problems) throw e;
        for (const q of problems) {
          const message = q.message.replace(/^"[^"=]*=.*?": /, '');
          issues.push({ path: ['parameters', p.path, end], message: q.path === p.path || q.path === '' ? message : `with ${p.path}=${fmt(p[end])}, ${q.path}: ${message}` });
        }
      }
    }
  }
  let targets: ResolvedTarget[] | undefined;
  if (v.targets !== undefined) {
    const { start_year: start, end_year: end } = parseScenario(scenarioText, scenarioFile, set).time;
    const read = (f: string) => {
      const path = isAbsolute(f) ? f : resolve(dirname(file), f);
      return { text: readTextFile(path), path };
    };
    targets = [];
    for (const [name, t] of Object.entries(v.targets)) {
      const r = resolveTarget(name, t as TargetInput, start, end, read, issues);
      if (r) targets.push(r);
    }
  }
  if (issues.length > 0) failAt(text, file, issues);
  return { description: v.description, parameters, targets };
}
