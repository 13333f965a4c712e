/**
 * `validate <scenario>`: check a scenario file (with its --set overrides) and
 * print every problem, or "ok". With --json, stdout is {"ok": true, ...} or
 * {"ok": false, "problems": [...]} (the problems also go to stderr as text).
 */
import { SimError } from '../../core/errors.ts';
import { defineCommand } from '../command.ts';
import { json, positional, quiet, set } from '../options.ts';
import { scenarioPath } from './context.ts';

export interface ValidateConfig {
  scenario: string;
  overrides: string[];
  quiet: boolean;
  json: boolean;
}

export const validateCommand = defineCommand<'validate', ValidateConfig>({
  name: 'validate',
  description: 'Check a scenario file and print every problem',
  options: {
    scenario: positional('Scenario file (YAML or JSON)', 'scenario file', 'scenario'),
    overrides: set(),
    quiet: quiet(),
    json: json(),
  },
  async run(command, { io }) {
    // Loaded on demand so --help/--version start fast and work without the model.
    const { loadScenarioFile } = await import('../../scenario/scenario.ts');
    let scenario;
    try {
      scenario = loadScenarioFile(scenarioPath(io, command.scenario), command.overrides);
    } catch (e) {
      if (command.json && e instanceof SimError && e.exitCode === 2) {
        io.stdout.write(JSON.stringify({ ok: false, scenario: command.scenario, error: e.message, problems: e.problems }, null, 2) + '\n');
      }
      throw e;
    }
    if (command.json) io.stdout.write(JSON.stringify({ ok: true, scenario: command.scenario, name: scenario.name }, null, 2) + '\n');
    else if (!command.quiet) io.stdout.write('ok\n');
  },
});
