/**
 * The workshop page's Web Worker: the model core as `run` uses it. A run
 * parses the scenario with the what-if's overrides (parseScenario, the
 * loader `run` and `validate` use), runs runScenario (so replicates, streams
 * and row order are `run`'s), posts each trajectory row as its year closes,
 * and ends with the trajectory written by the CSV writer `run` uses. Bundled
 * by build.ts with esbuild; Node built-ins are replaced by shims/ (the
 * browser has no files: a CSV series must already be a table).
 */
import { parseDocument as parseYaml, isSeq } from 'yaml';
import { formatProblem, SimError } from '../core/errors.ts';
import { runScenario } from '../experiments/run.ts';
import { toCsv } from '../io/csv.ts';
import { parseScenario } from '../scenario/scenario.ts';
import { setStrings, type FromWorker, type ToWorker, type WhatIf } from './protocol.ts';

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

/**
 * The base text with every override written at its path (comments and the
 * rest of the file kept), and the seed and replicates: `validate` accepts it
 * and `run --seed N` on it runs this what-if.
 */
export function scenarioYaml(text: string, w: WhatIf): string {
  const doc = parseYaml(text);
  const sets: [string, unknown][] = [...Object.entries(w.overrides), ['seed', w.seed], ['replicates', w.replicates]];
  for (const [dotted, value] of sets) {
    const path: (string | number)[] = [];
    for (const k of dotted.split('.')) {
      const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
      path.push(isSeq(parent) && /^\d+$/.test(k) ? Number(k) : /^-?\d+$/.test(k) ? Number(k) : k);
    }
    doc.setIn(path, doc.createNode(value, { flow: Array.isArray(value) || typeof value === 'object' }));
  }
  return String(doc);
}

function errorMessage(id: number, err: unknown): FromWorker {
  if (err instanceof SimError) return { type: 'error', id, message: err.message, problems: err.problems, lines: err.problems.map(formatProblem) };
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'error', id, message, problems: [], lines: [] };
}
