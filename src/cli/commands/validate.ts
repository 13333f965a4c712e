/**
 * `validate <file>`: check a scenario file (with its --set overrides), a sweep
 * file, a sensitivity file or a calibration spec, and print every problem, or
 * "ok". Which kind a file is comes from its schema modeline, else from its
 * top-level fields (`method` and `parameters`: sensitivity; `base` and
 * `parameters`: sweep; `parameters` and `targets`: calibration spec).
 * With --json, stdout is {"ok": true, "kind": ..., ...} or {"ok": false,
 * "problems": [...]} (the problems also go to stderr as text).
 */
import { basename } from 'node:path';
import { inputError, SimError } from '../../core/errors.ts';
import { defineCommand } from '../command.ts';
import { json, positional, quiet, set } from '../options.ts';
import { scenarioPath, writeJson } from './context.ts';

export interface ValidateConfig {
  scenario: string;
  overrides: string[];
  quiet: boolean;
  json: boolean;
}

export const validateCommand = defineCommand<'validate', ValidateConfig>({
  name: 'validate',
  description: 'Check a scenario, sweep or sensitivity file or a calibration spec and print every problem',
  options: {
    scenario: positional('Scenario, sweep or sensitivity file or calibration spec (YAML or JSON)', 'scenario file', 'scenario'),
    overrides: set(),
    quiet: quiet(),
    json: json(),
  },
  async run(command, { io }) {
    // Loaded on demand so --help/--version start fast and work without the model.
    const file = scenarioPath(io, command.scenario);
    let kind: FileKind;
    let name: string;
    try {
      kind = await fileKind(file);
      if (kind !== 'scenario' && command.overrides.length > 0) throw inputError(`--set applies to scenario files; ${command.scenario} is a ${kind} file (its own \`set\` holds fixed overrides)`);
      if (kind === 'sweep') {
        const { loadSweepFile } = await import('../../experiments/sweep-file.ts');
        name = loadSweepFile(file).name;
      } else if (kind === 'sensitivity') {
        const { loadSensitivityFile } = await import('../../experiments/sensitivity/sensitivity-file.ts');
        name = loadSensitivityFile(file).name;
      } else if (kind === 'calibration') {
        // A spec names no scenario (calibrate is given one): its parameters and targets are
        // checked against the schema's defaults over every year the schema allows.
        const [{ parseCalibrationFile }, { readTextFile }] = await Promise.all([import('../../experiments/calibrate-spec.ts'), import('../../scenario/load.ts')]);
        parseCalibrationFile(readTextFile(file), file, ALL_YEARS, '<the schema\'s defaults>');
        name = basename(file);
      } else {
        const { loadScenarioFile } = await import('../../scenario/scenario.ts');
        name = loadScenarioFile(file, command.overrides).name;
      }
    } catch (e) {
      if (command.json && e instanceof SimError && e.exitCode === 2) {
        writeJson(io, { ok: false, scenario: command.scenario, error: e.message, problems: e.problems });
      }
      throw e;
    }
    if (command.json) writeJson(io, { ok: true, scenario: command.scenario, kind, name });
    else if (!command.quiet) io.stdout.write(kind === 'scenario' ? 'ok\n' : `ok (${kind} file)\n`);
  },
});

export type FileKind = 'scenario' | 'sweep' | 'sensitivity' | 'calibration';

/** The scenario a calibration spec is checked against: the schema's defaults, every year it allows. */
const ALL_YEARS = 'name: validate\ntime: {start_year: 1978, end_year: 2100}\n';

/** What kind of input a file is: its schema modeline, else its top-level fields; 'scenario' when unsure (its loader then says what is wrong). */
export async function fileKind(file: string): Promise<FileKind> {
  const { readBoundedText } = await import('../../scenario/load.ts');
  let text: string;
  try {
    text = readBoundedText(file);
  } catch {
    return 'scenario'; // the scenario loader reports the unreadable file
  }
  return kindOfText(text);
}

/** The kind of an input text (pure, for tests). */
export function kindOfText(text: string): FileKind {
  const modeline = /^#\s*yaml-language-server:\s*\$schema=\S*?(sweep|sensitivity|scenario|calibration)\.schema\.json/m.exec(text);
  if (modeline) return modeline[1] as FileKind;
  const keys = new Set([...text.matchAll(/^([A-Za-z_]+)\s*:/gm)].map((m) => m[1]!));
  const json = /^\s*\{/.test(text) ? new Set([...text.matchAll(/"([A-Za-z_]+)"\s*:/g)].map((m) => m[1]!)) : undefined;
  const has = (k: string) => keys.has(k) || (json?.has(k) ?? false);
  if (has('method') && has('parameters')) return 'sensitivity';
  if (has('base') && has('parameters')) return 'sweep';
  if (has('parameters') && has('targets')) return 'calibration';
  return 'scenario';
}
