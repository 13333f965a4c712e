/**
 * Running an analysis (edge: files and threads). A scenario model's design
 * runs as a sweep (sweep.ts: runs.csv streamed, resumable, shardable, one
 * writer per folder); once every run of the whole design is in runs.csv the
 * outputs are read back run by run and analysed (analysis.ts), and the
 * results are written atomically beside runs.csv:
 *
 *  - indices.csv: metric, parameter, index, value, lo, hi (the bootstrap 95%
 *    interval); seed_share rows with parameter "(seed)";
 *  - convergence.csv: metric, parameter, index, n, value at N/4, N/2, N;
 *  - sensitivity.json: the analysis, the ranking per metric, the seed shares;
 *  - salib/: problem.json, X.csv, Y.csv (replicate means, one column per
 *    metric) and analyze.py, so SALib can check the numbers.
 *
 * A shard stops after its runs: merge the shards (`merge`), then run the
 * analysis on the merged folder with --resume, which finds every run done.
 * An analytic model (ishigami, sobol_g) is evaluated in this thread.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inputError, runError } from '../../core/errors.ts';
import { formatNumber } from '../../io/csv.ts';
import { withFolderLock } from '../../io/lock.ts';
import { writeFilesAtomically } from '../../io/write.ts';
import { WHOLE, type Shard } from '../design.ts';
import { RUNS_FILE } from '../run-store.ts';
import { runLoadedSweep, type SweepOptions, type SweepResult } from '../sweep.ts';
import { analyseMetric, ranking, SEED, type ConvergenceRow, type IndexRow } from './analysis.ts';
import { streams, type Sensitivity } from './sensitivity-file.ts';
import { ishigami, sobolG } from './test-functions.ts';

export const INDICES_FILE = 'indices.csv';
export const CONVERGENCE_FILE = 'convergence.csv';
export const SUMMARY_FILE = 'sensitivity.json';
export const SALIB_DIR = 'salib';

export type SensitivityOptions = Omit<SweepOptions, 'sweepFile'>;

export interface SensitivityResult {
  /** The sweep's result (scenario models), undefined for an analytic model. */
  sweep: SweepResult | undefined;
  /** Written: every run of the whole design was done. */
  analysed: boolean;
  indices: IndexRow[];
  wallTimeSeconds: number;
}

export async function runSensitivity(sens: Sensitivity, opts: SensitivityOptions): Promise<SensitivityResult> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const shard: Shard = opts.shard ?? WHOLE;
  if (!sens.sweep) {
    if (shard.count > 1) throw inputError(`${sens.file}: an analytic model runs in a moment in one process; drop --shard`, [{ file: '--shard', path: '', message: 'not for an analytic model' }]);
    const runs = new Float64Array(sens.points.length);
    const f = analyticFunction(sens);
    sens.points.forEach((p, k) => (runs[k] = f(p as number[])));
    const indices = await withFolderLock(opts.out, 'sensitivity', () => writeAnalysis(sens, opts.out, [runs], analyticRunsCsv(sens, runs)));
    return { sweep: undefined, analysed: true, indices, wallTimeSeconds: Math.round(now() - t0) / 1000 };
  }
  const sweep = await runLoadedSweep(sens.sweep, { ...opts, sweepFile: sens.file }, t0);
  const done = !sweep.aborted && sweep.lost.length === 0 && shard.count === 1 && sweep.completed === sweep.runsTotal;
  if (!done) {
    if (sweep.failed > 0 && !sweep.aborted && sweep.lost.length === 0) throw runError(`${sweep.failed} run(s) failed; their errors are in ${join(opts.out, 'errors.csv')}; no indices without every run`);
    return { sweep, analysed: false, indices: [], wallTimeSeconds: Math.round(now() - t0) / 1000 };
  }
  const indices = await withFolderLock(opts.out, 'sensitivity', () => writeAnalysis(sens, opts.out, readOutputs(sens, join(opts.out, RUNS_FILE))));
  return { sweep, analysed: true, indices, wallTimeSeconds: Math.round(now() - t0) / 1000 };
}

function analyticFunction(sens: Sensitivity): (x: number[]) => number {
  const m = sens.model!;
  return m.name === 'ishigami' ? (x) => ishigami(x, m.a, m.b) : (x) => sobolG(x, m.a);
}

function analyticRunsCsv(sens: Sensitivity, runs: Float64Array): string {
  const head = ['run_id', 'point', 'replicate', 'seed', ...sens.parameters.map((p) => p.path), 'y'].join(',');
  const lines = sens.points.map((p, k) => [k, k, 0, sens.seed, ...p.map(String), cell(runs[k]!)].join(','));
  return [head, ...lines].join('\n') + '\n';
}

/**
 * Each metric's output of every run of the design (index: design point *
 * replicates + replicate), read from a finished runs.csv: the value in the
 * metric's year, or the mean over its years; with a contrast, the first
 * arm's, or the first arm's minus the second's (same replicate).
 */
export function readOutputs(sens: Sensitivity, path: string): Float64Array[] {
  const r = sens.replicates;
  const arms = sens.arms;
  const total = sens.points.length * arms * r; // runs of the sweep
  const sums = sens.metrics.map(() => new Float64Array(total));
  const counts = sens.metrics.map(() => new Uint16Array(total));
  let yearAt = -1;
  let columnAt: number[] = [];
  let first = true;
  for (const line of lines(path)) {
    const cells = line.split(',');
    if (first) {
      first = false;
      yearAt = cells.indexOf('year');
      columnAt = sens.metrics.map((m) => cells.indexOf(m.column));
      continue;
    }
    const id = Number(cells[0]);
    const year = Number(cells[yearAt]);
    sens.metrics.forEach((m, i) => {
      if (year < m.years[0] || year > m.years[1]) return;
      const c = cells[columnAt[i]!];
      sums[i]![id] = sums[i]![id]! + (c === '' || c === undefined ? Number.NaN : Number(c));
      counts[i]![id] = counts[i]![id]! + 1;
    });
  }
  return sens.metrics.map((m, i) => {
    const want = m.years[1] - m.years[0] + 1;
    const value = (id: number) => {
      if (counts[i]![id] !== want) throw runError(`${path}: run ${id} has ${counts[i]![id]} of the ${want} years ${m.years[0]}-${m.years[1]} of metric ${m.name}`);
      return sums[i]![id]! / want;
    };
    const out = new Float64Array(sens.points.length * r);
    for (let k = 0; k < sens.points.length; k++) {
      for (let j = 0; j < r; j++) {
        const first = value((k * arms) * r + j);
        out[k * r + j] = m.difference ? first - value((k * arms + 1) * r + j) : first;
      }
    }
    return out;
  });
}

/** The lines of a file (without their newlines), read 1 MiB at a time: memory does not grow with the file. */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      const text = rest + decoder.write(buf.subarray(0, n));
      const parts = text.split('\n');
      rest = parts.pop()!;
      yield* parts;
    }
    rest += decoder.end();
    if (rest !== '') yield rest;
  } finally {
    closeSync(fd);
  }
}

const cell = (x: number) => (Number.isFinite(x) ? formatNumber(x) : '');

/** Analyse every metric and write the result files (atomically); returns the index rows. */
export function writeAnalysis(sens: Sensitivity, out: string, outputs: Float64Array[], runsCsv?: string): IndexRow[] {
  const input = {
    method: sens.method, parameters: sens.parameters.map((p) => p.path), replicates: sens.replicates, bootstrap: sens.bootstrap, unit: sens.unit,
    stream: (metric: string) => streams.bootstrap(sens.seed, metric),
  };
  const indices: IndexRow[] = [];
  const convergence: ConvergenceRow[] = [];
  sens.metrics.forEach((m, i) => {
    const r = analyseMetric(input, m.name, outputs[i]!);
    indices.push(...r.indices);
    convergence.push(...r.convergence);
  });
  const indicesCsv = ['metric,parameter,index,value,lo,hi', ...indices.map((r) => [csvText(r.metric), csvText(r.parameter), r.index, cell(r.value), cell(r.lo), cell(r.hi)].join(','))].join('\n') + '\n';
  const convergenceCsv = ['metric,parameter,index,n,value', ...convergence.map((r) => [csvText(r.metric), csvText(r.parameter), r.index, r.n, cell(r.value)].join(','))].join('\n') + '\n';
  const summary = {
    name: sens.name,
    description: sens.description,
    hash: sens.hash,
    model: sens.model ?? { base: sens.sweep!.base.file, set: sens.sweep!.set, ...(sens.contrast ? { contrast: sens.contrast } : {}) },
    method: sens.method,
    seed: sens.seed,
    replicates: sens.replicates,
    bootstrap: sens.bootstrap,
    parameters: sens.parameters,
    metrics: sens.metrics,
    design_points: sens.points.length,
    runs: sens.points.length * sens.arms * sens.replicates,
    ranking: Object.fromEntries(sens.metrics.map((m) => [m.name, ranking(indices, m.name, sens.method.kind).map((r) => ({ parameter: r.parameter, [r.index]: finite(r.value) }))])),
    seed_share: Object.fromEntries(sens.metrics.map((m) => [m.name, Object.fromEntries(indices.filter((r) => r.metric === m.name && r.parameter === SEED).map((r) => [r.index, finite(r.value)]))])),
  };
  writeFilesAtomically(join(out, SALIB_DIR), salibExport(sens, outputs));
  writeFilesAtomically(out, {
    ...(runsCsv === undefined ? {} : { [RUNS_FILE]: runsCsv }),
    [INDICES_FILE]: indicesCsv,
    [CONVERGENCE_FILE]: convergenceCsv,
    [SUMMARY_FILE]: JSON.stringify(summary, null, 2) + '\n',
  });
  return indices;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

function csvText(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** problem.json, X.csv and Y.csv in SALib's layout (rows in design order), and a script that analyses them. */
function salibExport(sens: Sensitivity, outputs: Float64Array[]): Record<string, string> {
  const names = sens.parameters.map((p) => p.path);
  const problem = { num_vars: names.length, names, bounds: sens.parameters.map((p) => (p.kind === 'range' ? [p.from, p.to] : [0, 1])) };
  const r = sens.replicates;
  const x = [names.join(','), ...sens.points.map((p) => p.map(String).join(','))].join('\n') + '\n';
  const y = [sens.metrics.map((m) => csvText(m.name)).join(','), ...sens.points.map((_, k) => outputs.map((o) => {
    let s = 0;
    for (let j = 0; j < r; j++) s += o[k * r + j]!;
    return String(s / r);
  }).join(','))].join('\n') + '\n';
  const m = sens.method;
  const analyse = m.kind === 'sobol'
    ? `sobol.analyze(problem, Y[:, k], calc_second_order=${m.second_order ? 'True' : 'False'})`
    : `morris.analyze(problem, X, Y[:, k], num_levels=${m.levels})`;
  const script = [
    '# Check the indices with SALib: python3 analyze.py (in this folder).',
    '# Rows are in the design order of SALib\'s samplers; Y holds the replicate means.',
    'import json',
    'import numpy as np',
    `from SALib.analyze import ${m.kind}`,
    "problem = json.load(open('problem.json'))",
    "X = np.loadtxt('X.csv', delimiter=',', skiprows=1, ndmin=2)",
    "Y = np.loadtxt('Y.csv', delimiter=',', skiprows=1, ndmin=2)",
    "metrics = open('Y.csv').readline().strip().split(',')",
    'for k, name in enumerate(metrics):',
    '    print(name)',
    `    print(${analyse})`,
    '',
  ].join('\n');
  return { 'problem.json': JSON.stringify(problem, null, 2) + '\n', 'X.csv': x, 'Y.csv': y, 'analyze.py': script };
}
