/**
 * Posterior predictive runs (`run --posterior <calibration>`): each
 * replicate draws one particle of a calibration's posterior, by weight, and
 * runs with its parameter values, so the spread across replicates carries
 * the parameters' uncertainty as well as chance.
 *
 * The posterior is read from calibrated.yaml's header (calibrate.ts writes
 * every particle there: `# posterior parameters: <paths>` and one
 * `# posterior particle: <weight> <values>` line each), so a calibrated
 * scenario copied elsewhere keeps it. Replicate r draws from the seedrandom
 * stream `pgs-posterior/<seed>/<r>`: the same seed gives the same draws,
 * whatever else runs.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { inputError } from '../../core/errors.ts';
import { readTextFile } from '../../scenario/load.ts';
import { parseScenario } from '../../scenario/scenario.ts';
import { overrideText } from '../point-resolver.ts';
import { runReplicate, type Row, type RunOutput, LEDGER_COLUMNS } from '../run.ts';
import { HEADLINE, TRAJECTORY_COLUMNS } from '../../metrics/catalogue.ts';
import type { Scenario } from '../../scenario/schema.ts';

export const POSTERIOR_PARAMETERS = 'posterior parameters:';
export const POSTERIOR_PARTICLE = 'posterior particle:';

export interface Posterior {
  file: string;
  paths: string[];
  particles: { weight: number; values: number[] }[];
}

/** The posterior in a calibration folder's calibrated.yaml, or in a calibrated.yaml given directly. */
export function readPosterior(path: string): Posterior {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'calibrated.yaml') : path;
  const text = readTextFile(file);
  const bad = (message: string, line?: number): never => {
    throw inputError(`${file}${line === undefined ? '' : `:${line}`}: ${message}`, [{ file, ...(line === undefined ? {} : { line }), path: '', message }]);
  };
  let paths: string[] | undefined;
  const particles: Posterior['particles'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/^#\s?/, '');
    if (!raw.startsWith('#')) return;
    if (line.startsWith(POSTERIOR_PARAMETERS)) paths = line.slice(POSTERIOR_PARAMETERS.length).trim().split(/\s+/);
    else if (line.startsWith(POSTERIOR_PARTICLE)) {
      const xs = line.slice(POSTERIOR_PARTICLE.length).trim().split(/\s+/).map(Number);
      if (paths === undefined || xs.length !== paths.length + 1 || !xs.every(Number.isFinite) || xs[0]! < 0) bad('a posterior particle line needs a weight and one number per parameter', i + 1);
      particles.push({ weight: xs[0]!, values: xs.slice(1) });
    }
  });
  if (paths === undefined || particles.length === 0) bad('no posterior in the header: give the output folder of `calibrate` (SMC or rejection) or its calibrated.yaml');
  if (!(particles.reduce((s, p) => s + p.weight, 0) > 0)) bad('the posterior particles have no weight');
  return { file, paths: paths!, particles };
}

/** The particle each replicate runs with. */
export function drawParticles(p: Posterior, seed: number, replicates: number): number[] {
  let total = 0;
  for (const q of p.particles) total += q.weight;
  return Array.from({ length: replicates }, (_, r) => {
    let u = seedrandom.xor4096(`pgs-posterior/${seed}/${r}`)() * total;
    let k = 0;
    while (k < p.particles.length - 1 && u >= p.particles[k]!.weight) u -= p.particles[k++]!.weight;
    return k;
  });
}

export interface PosteriorRunOptions {
  scenarioText: string;
  scenarioFile: string;
  set: readonly string[];
  posterior: Posterior;
  seed: number;
  replicates: number;
  onProgress?: (done: number, total: number) => void;
}

/** Each replicate's particle and the scenario at its values (what `run --posterior` sends to the workers). */
export function posteriorScenarios(opts: Omit<PosteriorRunOptions, 'onProgress'>): { draws: number[]; scenarios: Scenario[] } {
  const { posterior: p } = opts;
  const draws = drawParticles(p, opts.seed, opts.replicates);
  const scenarios = draws.map((k) => {
    const values = p.particles[k]!.values;
    return parseScenario(opts.scenarioText, opts.scenarioFile, [...opts.set, ...p.paths.map((path, i) => overrideText(path, values[i]))]);
  });
  return { draws, scenarios };
}

/** runScenario (run.ts) with each replicate at its drawn particle's values. */
export function runPosterior(opts: PosteriorRunOptions): RunOutput & { draws: number[] } {
  const { seed, replicates } = opts;
  const { draws, scenarios } = posteriorScenarios(opts);
  const trajectory: Row[] = [];
  const ledger: Row[] = [];
  let done = 0;
  let total = 0;
  for (let r = 0; r < replicates; r++) {
    const s = scenarios[r]!;
    total ||= (s.time.end_year - s.time.start_year + 1) * replicates;
    const out = runReplicate(s, seed, r, { onYear: () => opts.onProgress?.(++done, total) });
    trajectory.push(...out.trajectory);
    ledger.push(...out.ledger);
    out.model.hh.release();
  }
  return { trajectoryColumns: [...TRAJECTORY_COLUMNS], trajectory, ledgerColumns: LEDGER_COLUMNS, ledger, headline: HEADLINE, draws };
}
