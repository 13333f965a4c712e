/**
 * Calibration: fit chosen scenario parameters, within bounds (uniform
 * priors), to several observed targets (calibrate-spec.ts, abc/targets.ts),
 * by approximate Bayesian computation under a budget of runs:
 *
 *  - `smc` (the default): sequential Monte Carlo ABC (abc/smc.ts), saved
 *    after every generation so an interrupted calibration resumes;
 *  - `rejection`: issue 5's two rounds of rejection ABC (abc/rejection.ts).
 *
 * Every point runs `replicates` replicates with the same seed (common random
 * numbers, abc/evaluate.ts). The result is a posterior (weighted particles),
 * summarised per parameter and per target (abc/posterior.ts), and a
 * calibrated scenario at the posterior mean (or median) with the posterior in
 * its header. Deterministic for a seed, whatever the number of workers, and
 * for a calibration interrupted and resumed; nothing reads the clock.
 * Parameter values are rounded to 6 significant digits when drawn, and the
 * estimates when written, so calibrated.yaml holds exactly its numbers.
 */
import { isMap, isScalar, parseDocument as parseYamlDocument } from 'yaml';
import { runError } from '../core/errors.ts';
import { toCsv } from '../io/csv.ts';
import { canonicalJson, sha256Hex } from '../io/json.ts';
import { fmt } from '../scenario/fields.ts';
import { parseScenario } from '../scenario/scenario.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TaskPool } from './pool.ts';
import { codeFingerprint } from './program.ts';
import type { CalibrationParameter } from './calibrate-spec.ts';
import type { Target } from './calibrate-target.ts';
import { createEvaluator } from './abc/evaluate.ts';
import { normalisedWeights, summarisePosterior, type PosteriorSummary } from './abc/posterior.ts';
import { REJECTION_METHOD, rejection } from './abc/rejection.ts';
import { ALPHA, defaultParticles, MIN_TOLERANCE, roundValue, smc, SMC_METHOD, type GenerationInfo, type Particle, type SmcState } from './abc/smc.ts';
import { POSTERIOR_PARAMETERS, POSTERIOR_PARTICLE } from './abc/posterior-runs.ts';
import { readState, STATE_FILE, stateText, writeState } from './abc/state.ts';
import { distance, observationLabel, observationMean, targetDistance, type ResolvedTarget } from './abc/targets.ts';

export { CalibrationSpecSchema, parseCalibrationFile, parseCalibrationSpec, type CalibrationParameter, type CalibrationSpec } from './calibrate-spec.ts';
export { loadTarget, parseTarget, type Target, type TargetOptions } from './calibrate-target.ts';
export { acceptedCount, roundSizes } from './abc/rejection.ts';
export { Interrupted } from './abc/evaluate.ts';
export { POSTERIOR_PARAMETERS, POSTERIOR_PARTICLE, STATE_FILE };

export type CalibrationMethod = 'smc' | 'rejection';
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['smc', 'rejection'];
export type Estimate = 'mean' | 'median';

/** The files a calibration writes into its output folder. */
export const CALIBRATION_FILES = ['calibration.csv', 'posterior.csv', 'fit.csv', 'band.csv', 'summary.json', 'calibrated.yaml', STATE_FILE];

/** A --target CSV as a spec target: tolerance 1, so the distance is issue 5's RMSE. */
export function targetOfCsv(t: Target): ResolvedTarget {
  return {
    name: t.metric, column: t.metric, tolerance: 1, weight: 1, source: t.file,
    observations: t.observed.map((o) => ({ target: t.metric, column: t.metric, years: [o.year], stat: 'value', observed: o.value })),
  };
}

export interface CalibrateOptions {
  scenarioFile: string;
  scenarioText: string;
  /** `path=value` overrides applied to the scenario for every run (e.g. a smaller population); not written to calibrated.yaml. */
  set: readonly string[];
  parameters: CalibrationParameter[];
  targets: ResolvedTarget[];
  seed: number;
  replicates: number;
  /** Total runs allowed. */
  budget: number;
  pool: TaskPool;
  method?: CalibrationMethod | undefined;
  /** SMC: particles per population (default defaultParticles(budget, replicates)). */
  particles?: number | undefined;
  /** SMC: stop when the tolerance reaches this (default MIN_TOLERANCE, 1: every target within its tolerance). */
  minTolerance?: number | undefined;
  /** The value written to calibrated.yaml (default the posterior mean). */
  estimate?: Estimate | undefined;
  /**
   * Replicates of the check on fresh replicates (default 0: none): the
   * estimates are run on replicates the fit never saw (indices from
   * `replicates` on) and their distance reported. Every particle is run on
   * the same replicates, so the fit also learns their luck; this shows how
   * much. Outside the budget.
   */
  check?: number | undefined;
  /** SMC: save the state here after every generation. */
  stateDir?: string | undefined;
  /** SMC: continue from the state in stateDir. */
  resume?: boolean | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  onGeneration?: ((g: GenerationInfo, state: SmcState) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface PosteriorParticle {
  generation: number;
  index: number;
  values: number[];
  /** Normalised. */
  weight: number;
  distance: number;
}

/** The estimates run on replicates the calibration never saw. */
export interface FreshCheck {
  replicates: number;
  first_replicate: number;
  /** D of their replicate means (abc/targets.ts). */
  distance: number;
  targets: { name: string; distance: number }[];
  observations: { target: string; label: string; observed: number; model: number }[];
}

export interface CalibrationResult {
  method: CalibrationMethod;
  methodText: string;
  parameters: CalibrationParameter[];
  targets: ResolvedTarget[];
  columns: string[];
  start: number;
  end: number;
  seed: number;
  replicates: number;
  budget: number;
  particles: number;
  runsUsed: number;
  state: SmcState;
  posterior: PosteriorParticle[];
  summary: PosteriorSummary;
  estimate: Estimate;
  /** The values written to calibrated.yaml. */
  estimates: number[];
  /** The scenario at the estimates. */
  scenario: Scenario;
  /** The key of the saved state ('' when none is saved). */
  stateKey: string;
  /** The check on fresh replicates (--check), when asked for. */
  check?: FreshCheck | undefined;
}

/** What a saved state must match to be continued (everything but the budget). */
export function stateKey(opts: CalibrateOptions, method: CalibrationMethod, particles: number): string {
  return sha256Hex(canonicalJson({
    method, scenario: opts.scenarioText, set: opts.set, parameters: opts.parameters, targets: opts.targets,
    seed: opts.seed, replicates: opts.replicates, particles, alpha: ALPHA, min_tolerance: opts.minTolerance ?? MIN_TOLERANCE, code: codeFingerprint(),
  }));
}

export async function calibrate(opts: CalibrateOptions): Promise<CalibrationResult> {
  const { parameters, targets, seed, replicates, budget } = opts;
  const method = opts.method ?? 'smc';
  const particles = opts.particles ?? defaultParticles(budget, replicates);
  let done = 0;
  const evaluator = createEvaluator({ ...opts, onRun: () => opts.onProgress?.(++done, budget) });
  const evaluate = (points: number[][]) => evaluator.evaluate(points);
  let state: SmcState;
  const key = method === 'smc' && opts.stateDir !== undefined ? stateKey(opts, method, particles) : '';
  if (method === 'rejection') {
    state = await rejection({ parameters, seed, replicates, budget, evaluate });
  } else {
    const resume = opts.resume && opts.stateDir !== undefined ? readState(opts.stateDir, key) : undefined;
    if (resume) {
      resume.stopped = resume.stopped === 'budget' ? undefined : resume.stopped; // a larger budget may continue
      done = resume.runsUsed;
    }
    opts.onProgress?.(done, budget);
    let reported = resume?.generations.length ?? 0;
    state = await smc({
      parameters, seed, replicates, budget, particles, evaluate, resume, minTolerance: opts.minTolerance,
      onGeneration: (s) => {
        if (opts.stateDir !== undefined) writeState(opts.stateDir, key, s);
        for (; reported < s.generations.length; reported++) opts.onGeneration?.(s.generations[reported]!, s);
      },
    });
  }
  const result = { ...resultOf(opts, method, particles, state, evaluator.columns, evaluator.start, evaluator.end, evaluator.scenarioOf), stateKey: key };
  const n = opts.check ?? 0;
  if (n > 0) result.check = await freshCheck(opts, result.estimates, n);
  return result;
}

/** Run the estimates on `n` replicates after the fitted ones, and measure them against the targets. */
async function freshCheck(opts: CalibrateOptions, estimates: readonly number[], n: number): Promise<FreshCheck> {
  const first = opts.replicates;
  const checker = createEvaluator({ ...opts, replicates: n, firstReplicate: first, onRun: undefined });
  const [e] = await checker.evaluate([[...estimates]]);
  const { columns, start } = checker;
  return {
    replicates: n,
    first_replicate: first,
    distance: distance(opts.targets, e!.runs, columns, start),
    targets: opts.targets.map((t) => ({ name: t.name, distance: targetDistance(t, e!.runs, columns, start) })),
    observations: opts.targets.flatMap((t) => t.observations.map((o) => ({ target: t.name, label: observationLabel(o), observed: o.observed, model: observationMean(o, e!.runs, columns, start) }))),
  };
}

function resultOf(
  opts: CalibrateOptions, method: CalibrationMethod, particles: number, state: SmcState, columns: string[], start: number, end: number,
  scenarioOf: (values: readonly number[]) => Scenario,
): Omit<CalibrationResult, 'stateKey'> {
  const pop: Particle[] = state.population;
  const w = normalisedWeights(pop);
  const summary = summarisePosterior(pop, opts.parameters, opts.targets, columns, start, end);
  const estimate = opts.estimate ?? 'mean';
  const estimates = opts.parameters.map((p, d) => roundValue(p, estimate === 'mean' ? summary.parameters[d]!.mean : summary.parameters[d]!.median));
  return {
    method, methodText: method === 'smc' ? SMC_METHOD : REJECTION_METHOD,
    parameters: opts.parameters, targets: opts.targets, columns, start, end,
    seed: opts.seed, replicates: opts.replicates, budget: opts.budget, particles: method === 'smc' ? particles : pop.length,
    runsUsed: state.runsUsed, state,
    posterior: pop.map((p, i) => ({ generation: p.generation, index: p.index, values: p.values, weight: w[i]!, distance: p.distance })),
    summary, estimate, estimates, scenario: scenarioOf(estimates),
  };
}

// ---------------------------------------------------------------------------
// Outputs

export interface OutputInfo {
  /** The command line, as it is to appear in calibrated.yaml's header. */
  command: string;
  paramsFile: string;
  set: readonly string[];
  /** The scenario file the text came from: its relative CSV series paths are read from its folder when the result is checked. */
  scenarioFile?: string;
}

const num = (x: number): number | string => (Number.isFinite(x) ? x : '');
const short = (x: number): string => (Number.isFinite(x) ? fmt(Number(x.toPrecision(4))) : String(x));

/** Flags of a parameter, as words. */
function flagsOf(p: PosteriorSummary['parameters'][number]): string {
  return [p.not_identified ? 'NOT IDENTIFIED' : '', p.at_bound ? `AT ${p.at_bound.toUpperCase()} BOUND` : ''].filter((s) => s !== '').join(', ');
}

/** Why the calibration stopped, and its final tolerance. */
export function stopText(r: CalibrationResult): string {
  const tol = Number(r.state.generations[r.state.generations.length - 1]!.tolerance.toPrecision(4));
  const why = r.method === 'rejection' ? 'rejection ABC' : r.state.stopped === 'tolerance' ? 'stopped with every target within its tolerance'
    : r.state.stopped === 'converged' ? 'stopped as the tolerance no longer fell (NOT every target within its tolerance)'
    : 'stopped by the budget (NOT every target within its tolerance; raise --budget and --resume)';
  return `${why}: final tolerance ${fmt(tol)}`;
}

/** The posterior table and the fit, as aligned text lines (stdout and calibrated.yaml's header). */
export function summaryLines(r: CalibrationResult): string[] {
  const rows = [['parameter', 'prior', 'mean', 'median', '95% interval', 'sd/prior', 'flags']];
  for (const p of r.summary.parameters) {
    rows.push([p.path, `${fmt(p.prior_from)} to ${fmt(p.prior_to)}`, short(p.mean), short(p.median), `${short(p.q025)} to ${short(p.q975)}`, `${Math.round(100 * p.sd_ratio)}%`, flagsOf(p)]);
  }
  const fit = [['target', 'observed', 'model', '95% interval', '']];
  for (const t of r.summary.targets) {
    fit.push([`${t.target}: ${observationLabel({ ...t, target: t.target, observed: t.observed })}`, short(t.observed), short(t.mean), `${short(t.q025)} to ${short(t.q975)}`, t.inside ? 'inside' : 'OUTSIDE']);
  }
  const align = (table: string[][]) => {
    const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
    return table.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  };
  const check: string[] = [];
  if (r.check) {
    const c = r.check;
    check.push(`check: the posterior ${r.estimate}s on ${c.replicates} fresh replicates (${c.first_replicate}-${c.first_replicate + c.replicates - 1}, never used in the fit): distance ${short(c.distance)}${c.distance <= 1 ? '' : ' (NOT every target within its tolerance)'}`);
    const table = [['target', 'observed', 'fresh replicates', 'distance']];
    for (const t of c.targets) {
      c.observations.filter((o) => o.target === t.name).forEach((o, k) => table.push([`${t.name}: ${o.label}`, short(o.observed), short(o.model), k === 0 ? short(t.distance) : '']));
    }
    check.push(...align(table));
  }
  return [...align(rows), ...align(fit), ...check];
}

/** calibration.csv, posterior.csv, fit.csv, band.csv, summary.json, calibrated.yaml and the state, as text. Pure. */
export function calibrationFiles(r: CalibrationResult, scenarioText: string, info: OutputInfo): Record<string, string> {
  const paths = r.parameters.map((p) => p.path);
  const calRows = r.state.evaluations.map((e) => {
    const row: Record<string, string | number> = { generation: e.generation, particle: e.index };
    paths.forEach((p, i) => (row[p] = e.values[i]!));
    row['distance'] = num(e.distance);
    row['weight'] = e.weight;
    row['kept'] = e.kept ? 1 : 0;
    return row;
  });
  const postRows = r.posterior.map((p, i) => {
    const row: Record<string, string | number> = { particle: i, generation: p.generation, index: p.index };
    paths.forEach((q, k) => (row[q] = p.values[k]!));
    row['weight'] = p.weight;
    row['distance'] = num(p.distance);
    return row;
  });
  const fitRows = r.summary.targets.map((t) => ({
    target: t.target, column: t.column, years: t.years.join(' '), stat: t.stat, observed: t.observed, tolerance: t.tolerance,
    model_mean: num(t.mean), lo: num(t.q025), hi: num(t.q975), inside: t.inside ? 1 : 0,
  }));
  const observedAt = new Map<string, number>();
  for (const t of r.summary.targets) if (t.stat === 'value') observedAt.set(`${t.column}/${t.years[0]}`, t.observed);
  const bandRows = r.summary.band.map((b) => ({ column: b.column, year: b.year, observed: observedAt.get(`${b.column}/${b.year}`) ?? '', mean: num(b.mean), lo: num(b.q025), hi: num(b.q975) }));
  const summary = {
    method: r.methodText,
    method_name: r.method,
    seed: r.seed,
    replicates: r.replicates,
    budget_runs: r.budget,
    runs_used: r.runsUsed,
    particles: r.particles,
    stopped: r.state.stopped ?? null,
    effective_particles: r.summary.ess,
    params_file: info.paramsFile,
    set: info.set,
    distance: 'max over targets t of sqrt(w_t * mean over observations k of ((model_k - observed_k) / tolerance_t)^2), model = replicate mean',
    generations: r.state.generations,
    targets: r.targets.map((t) => ({ name: t.name, column: t.column, source: t.source, tolerance: t.tolerance, weight: t.weight })),
    estimate: r.estimate,
    parameters: r.summary.parameters.map((p, d) => ({ ...p, estimate: r.estimates[d]! })),
    fit: r.summary.targets,
    check: r.check ?? null,
  };
  return {
    'calibration.csv': toCsv(calRows, ['generation', 'particle', ...paths, 'distance', 'weight', 'kept']),
    'posterior.csv': toCsv(postRows, ['particle', 'generation', 'index', ...paths, 'weight', 'distance']),
    'fit.csv': toCsv(fitRows, ['target', 'column', 'years', 'stat', 'observed', 'tolerance', 'model_mean', 'lo', 'hi', 'inside']),
    'band.csv': toCsv(bandRows, ['column', 'year', 'observed', 'mean', 'lo', 'hi']),
    'summary.json': JSON.stringify(summary, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
    'calibrated.yaml': calibratedYaml(r, scenarioText, info),
    ...(r.method === 'smc' ? { [STATE_FILE]: stateText(r.stateKey, r.state) } : {}),
  };
}


/**
 * The scenario's own text with the estimates set and a header comment
 * saying how, with the posterior table and every posterior particle
 * (weight, then values). The values are spliced into the text (a field the
 * file sets is replaced in place; a missing one is added as a line at the
 * end of its block section), so comments, alignment and layout stay as they
 * are; only a field inside a flow mapping that is missing falls back to
 * re-printing the document.
 */
export function calibratedYaml(r: CalibrationResult, scenarioText: string, info: OutputInfo): string {
  let text = scenarioText;
  r.parameters.forEach((p, i) => {
    text = setInText(text, p.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), r.estimates[i]!);
  });
  const gens = r.state.generations.length;
  const header = [
    'CALIBRATED by:',
    `  ${info.command}`,
    `method: ${r.methodText}`,
    `${r.runsUsed} runs (${r.method === 'smc' ? `${gens} generations of ${r.particles} particles` : `${gens} rounds`}, ${r.replicates} replicates per particle), seed ${r.seed}`,
    ...(info.set.length > 0 ? [`the runs used --set ${info.set.join(' --set ')} (not written here)`] : []),
    'targets (distance: the worst target\'s root mean square error in tolerances; 1 = every target within its tolerance):',
    ...r.targets.map((t) => `  ${t.name}: ${t.column} from ${t.source}, tolerance ${fmt(t.tolerance)}, weight ${fmt(t.weight)}`),
    `${stopText(r)}; the values set below are the posterior ${r.estimate}s; posterior of ${r.posterior.length} particles (effective ${Math.round(r.summary.ess)}):`,
    ...summaryLines(r).map((l) => `  ${l}`),
    `${POSTERIOR_PARAMETERS} ${r.parameters.map((p) => p.path).join(' ')}`,
    ...r.posterior.map((p) => `${POSTERIOR_PARTICLE} ${String(p.weight)} ${p.values.map(String).join(' ')}`),
  ].map((l) => `# ${l}`).join('\n') + '\n#\n';
  // After a leading modeline (# yaml-language-server: ...), else at the top.
  const modeline = /^# yaml-language-server:[^\n]*\n/.exec(text);
  text = modeline ? modeline[0] + header + text.slice(modeline[0].length) : header + text;
  // The result must be a valid scenario with exactly the fitted values.
  const check = parseScenario(text, info.scenarioFile ?? '<calibrated.yaml>');
  r.parameters.forEach((p, i) => {
    const got = p.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], check);
    if (got !== r.estimates[i]) throw runError(`calibrated.yaml: ${p.path} reads back as ${String(got)}, not ${r.estimates[i]}`);
  });
  return text;
}

/** `text` with the value at `path` set to `value`, keeping everything else of the text as it is. */
export function setInText(text: string, path: (string | number)[], value: number): string {
  const doc = parseYamlDocument(text);
  const node = doc.getIn(path, true);
  const literal = String(value);
  if (isScalar(node) && node.range) return text.slice(0, node.range[0]) + literal + text.slice(node.range[1]);
  // Missing: the deepest block map on the path that exists.
  for (let k = path.length - 1; k >= 0; k--) {
    const parent = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
    if (parent === undefined || parent === null) continue;
    if (!isMap(parent) || parent.flow || parent.items.length === 0 || typeof path[k] !== 'string') break;
    const first = parent.items[0]!.key as { range?: [number, number, number] } | null;
    const last = parent.items[parent.items.length - 1]!;
    const lastEnd = (last.value as { range?: [number, number, number] } | null)?.range?.[2] ?? (last.key as { range?: [number, number, number] } | null)?.range?.[2];
    if (!first?.range || lastEnd === undefined) break;
    const indent = first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1);
    let at = text.indexOf('\n', Math.max(0, lastEnd - 1));
    at = at === -1 ? text.length : at + 1;
    const lines = path.slice(k).map((key, d) => `${' '.repeat(indent + 2 * d)}${String(key)}:${d === path.length - k - 1 ? ` ${literal}` : ''}`);
    const before = text.slice(0, at);
    return (before.endsWith('\n') || before === '' ? before : before + '\n') + lines.join('\n') + '\n' + text.slice(at);
  }
  doc.setIn(path, value);
  return doc.toString({ lineWidth: 0 });
}

