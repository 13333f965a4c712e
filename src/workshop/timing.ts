/**
 * The workshop-size run timed in the browser and under Node, for `npm run
 * bench`: the Chromium test (test/workshop/browser.test.ts) writes what the
 * page measured to outputs/workshop/workshop-timing.json; the bench runs the
 * same what-if under Node and prints both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../experiments/run.ts';
import { loadScenarioFile } from '../scenario/scenario.ts';
import { workshopDefaults } from './build.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TIMING_FILE = resolve(ROOT, 'outputs/workshop/workshop-timing.json');
export const BASELINE_FILE = resolve(ROOT, 'scenarios/baseline.yaml');

/** What the Chromium test records. */
export interface BrowserTiming {
  browser: string;
  seed: number;
  replicates: number;
  households: number;
  /** The model in the page's worker: parse, run, CSV. */
  model_ms: number;
  /** From navigation to the page marked done (charts drawn). */
  page_ms: number;
  math_same_as_node: boolean;
}

/** Milliseconds of the page's default what-if (the bundled baseline at workshop size) under Node, after a warm-up run. */
export function nodeWorkshopMs(): { ms: number; seed: number; replicates: number; households: number } {
  const base = loadScenarioFile(BASELINE_FILE);
  const d = workshopDefaults(base);
  const s = { ...base, population: { ...base.population, households: d.size } };
  runScenario(s, { seed: d.seed, replicates: 1 });
  const t0 = performance.now();
  runScenario(s, { seed: d.seed, replicates: d.replicates });
  return { ms: performance.now() - t0, seed: d.seed, replicates: d.replicates, households: d.size };
}

/** One line for the bench: in the browser (from the last Chromium test) next to Node (measured now). */
export function workshopTimingLine(): string {
  const node = nodeWorkshopMs();
  const what = `baseline, ${node.households.toLocaleString('en-US')} households x ${node.replicates} replicates, seed ${node.seed}`;
  if (!existsSync(TIMING_FILE)) return `workshop run (${what}): Node ${(node.ms / 1000).toFixed(2)} s; in the browser: not measured (run npx vitest run test/workshop/browser.test.ts first)`;
  const b = JSON.parse(readFileSync(TIMING_FILE, 'utf8')) as BrowserTiming;
  const same = b.households === node.households && b.replicates === node.replicates && b.seed === node.seed;
  return `workshop run (${what}): Node ${(node.ms / 1000).toFixed(2)} s; ${b.browser} worker ${(b.model_ms / 1000).toFixed(2)} s (page done in ${(b.page_ms / 1000).toFixed(2)} s)${same ? '' : ' [the browser figure is for another what-if]'}`;
}
