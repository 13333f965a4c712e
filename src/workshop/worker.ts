/**
 * The workshop page's Web Worker: the model core as `run` uses it. A run
 * parses the scenario with the what-if's overrides (parseScenario, the
 * loader `run` and `validate` use), runs runScenario (so replicates, streams
 * and row order are `run`'s), posts each trajectory row as its year closes,
 * and ends with the trajectory written by the CSV writer `run` uses. Bundled
 * by build.ts with esbuild; Node built-ins are replaced by shims/ (the
 * browser has no files: a CSV series must already be a table).
 */
import { formatProblem, SimError } from '../core/errors.ts';
import { runScenario } from '../experiments/run.ts';
import { toCsv } from '../io/csv.ts';
import { parseScenario } from '../scenario/scenario.ts';
import { setStrings, type FromWorker, type ToWorker, type WhatIf } from './protocol.ts';
import { scenarioYaml } from './scenario-text.ts';

interface WorkerScope {
  postMessage(m: FromWorker): void;
  onmessage: ((e: { data: ToWorker }) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  const msg = e.data;
  try {
    if (msg.type === 'run') run(msg.id, msg.scenarioText, msg.file, msg.whatIf);
    else if (msg.type === 'validate') {
      const s = parseScenario(msg.scenarioText, msg.file);
      scope.postMessage({ type: 'valid', id: msg.id, name: s.name, values: s as unknown as Record<string, unknown> });
    } else if (msg.type === 'yaml') scope.postMessage({ type: 'yaml', id: msg.id, text: scenarioYaml(msg.scenarioText, msg.whatIf) });
  } catch (err) {
    scope.postMessage(errorMessage(msg.id, err));
  }
};

function run(id: number, text: string, file: string, w: WhatIf): void {
  const s = parseScenario(text, file, setStrings(w.overrides));
  scope.postMessage({ type: 'started', id, name: s.name, startYear: s.time.start_year, endYear: s.time.end_year, replicates: w.replicates });
  const t0 = performance.now();
  const out = runScenario(s, { seed: w.seed, replicates: w.replicates, onRow: (row) => scope.postMessage({ type: 'row', id, row }) });
  const csv = toCsv(out.trajectory, out.trajectoryColumns);
  scope.postMessage({ type: 'done', id, csv, milliseconds: performance.now() - t0 });
}

function errorMessage(id: number, err: unknown): FromWorker {
  if (err instanceof SimError) return { type: 'error', id, message: err.message, problems: err.problems, lines: err.problems.map(formatProblem) };
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'error', id, message, problems: [], lines: [] };
}
