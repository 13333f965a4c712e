/**
 * The messages between the workshop page and its Web Worker. The worker owns
 * everything that touches the model and the scenario loader (the same code
 * `run` and `validate` use); the page owns the controls and the charts.
 */
import type { Problem } from '../core/errors.ts';

/** A what-if: the base scenario text, the overrides the controls made (dotted path → value), seed, replicates. */
export interface WhatIf {
  /** Overrides as `--set` would take them: dotted path and a JSON value. */
  overrides: Record<string, unknown>;
  seed: number;
  replicates: number;
}

export type ToWorker =
  | { type: 'run'; id: number; scenarioText: string; file: string; whatIf: WhatIf }
  /** A scenario file dropped on the page: check it as `validate` does. */
  | { type: 'validate'; id: number; scenarioText: string; file: string }
  /** The YAML a "download scenario" saves: the base text with the what-if written into it. */
  | { type: 'yaml'; id: number; scenarioText: string; file: string; whatIf: WhatIf };

export type FromWorker =
  | { type: 'started'; id: number; name: string; startYear: number; endYear: number; replicates: number }
  | { type: 'row'; id: number; row: Record<string, string | number> }
  | { type: 'done'; id: number; csv: string; milliseconds: number }
  | { type: 'valid'; id: number; name: string; values: Record<string, unknown> }
  | { type: 'yaml'; id: number; text: string }
  | { type: 'error'; id: number; message: string; problems: Problem[]; lines: string[] };

/** `--set` strings for the overrides: the value as JSON, which the --set parser reads as YAML flow. */
export function setStrings(overrides: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(overrides).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}
