/**
 * Evaluating parameter points for calibration: each point runs `replicates`
 * replicates with the same seed (common random numbers: replicate r faces
 * the same households and shocks at every point) on the worker pool, keeps
 * the target columns of every year, and gets its distance to the targets.
 * Results are stored by run id, so nothing depends on the order the pool
 * returns them in, or on the number of workers.
 */
import { runError } from '../../core/errors.ts';
import { parseScenario } from '../../scenario/scenario.ts';
import type { Scenario } from '../../scenario/schema.ts';
import type { CalibrationParameter } from '../calibrate-spec.ts';
import { createPointResolver, settingOfText } from '../point-resolver.ts';
import { errorText, type RunTask, type TaskPool } from '../pool.ts';
import { runTasks } from '../tasks.ts';
import { distance, type ResolvedTarget, type RunSeries } from './targets.ts';

export interface Evaluated {
  values: number[];
  /** The distance to the targets (abc/targets.ts); Infinity when the model gives NaN. */
  distance: number;
  /** Per replicate, the target columns by year. */
  runs: RunSeries[];
}

export interface EvaluatorOptions {
  scenarioText: string;
  scenarioFile: string;
  /** `path=value` overrides for every run (e.g. a smaller population). */
  set: readonly string[];
  parameters: readonly CalibrationParameter[];
  targets: readonly ResolvedTarget[];
  seed: number;
  replicates: number;
  /** The first replicate index (default 0): the check on fresh replicates starts after the fitted ones. */
  firstReplicate?: number | undefined;
  pool: TaskPool;
  signal?: AbortSignal | undefined;
  /** Called after every finished run. */
  onRun?: (() => void) | undefined;
}

/** Thrown when the signal stopped the calibration; what was saved stays (--resume). */
export class Interrupted extends Error {
  constructor() {
    super('calibration interrupted');
  }
}

export interface Evaluator {
  /** Target columns, in the order of a RunSeries. */
  columns: string[];
  start: number;
  end: number;
  evaluate(points: readonly number[][]): Promise<Evaluated[]>;
  /** The scenario of a point (throws the loader's input error when invalid). */
  scenarioOf(values: readonly number[]): Scenario;
}

export function createEvaluator(opts: EvaluatorOptions): Evaluator {
  const { parameters, targets, seed, replicates, pool } = opts;
  const first = opts.firstReplicate ?? 0;
  const resolver = createPointResolver(opts.scenarioText, opts.scenarioFile, opts.set.map(settingOfText));
  const paths = parameters.map((p) => p.path);
  const base = parseScenario(opts.scenarioText, opts.scenarioFile, opts.set);
  const { start_year: start, end_year: end } = base.time;
  const columns = [...new Set(targets.map((t) => t.column))];
  const scenarioOf = (values: readonly number[]): Scenario => resolver.point(paths, values);

  const evaluate = async (points: readonly number[][]): Promise<Evaluated[]> => {
    const out: Evaluated[] = points.map((values) => ({ values: [...values], distance: Number.NaN, runs: [] }));
    function* tasks(): Generator<RunTask> {
      for (let i = 0; i < points.length; i++) {
        const scenario = scenarioOf(points[i]!);
        for (let r = 0; r < replicates; r++) yield { runId: i * replicates + r, scenario, seed, replicate: first + r, metrics: columns };
      }
    }
    let outcome;
    try {
      outcome = await runTasks(pool, tasks(), (result, t) => {
        const r = t.runId % replicates;
        const i = (t.runId - r) / replicates;
        const where = `point ${i} (${paths.map((p, k) => `${p}=${points[i]![k]}`).join(', ')}), replicate ${t.replicate}`;
        if ('error' in result) throw runError(`the run of ${where} failed: ${result.error}`);
        if ('lost' in result) throw runError(`the run of ${where} could not complete: ${result.lost}`);
        const series: RunSeries = columns.map(() => new Array<number>(end - start + 1).fill(Number.NaN));
        for (const row of result.rows) {
          const y = Number(row['year']) - start;
          if (y < 0 || y > end - start) continue;
          columns.forEach((c, k) => (series[k]![y] = Number(row[c])));
        }
        out[i]!.runs[r] = series;
        opts.onRun?.();
      }, opts.signal);
    } catch (failure) {
      throw failure instanceof Error && 'exitCode' in failure ? failure : runError(`calibration failed: ${errorText(failure)}`);
    }
    if (outcome === 'aborted') throw new Interrupted();
    if (outcome === 'lost') throw runError('calibration stopped: a run could not complete (its worker died twice); --resume continues from the last finished generation');
    for (const e of out) e.distance = distance(targets, e.runs, columns, start);
    return out;
  };
  return { columns, start, end, evaluate, scenarioOf };
}
