/** `validate <scenario>`: check a scenario file (with its --set overrides) and print every problem, or "ok". */
import { defineCommand } from '../command.ts';
import { positional, set } from '../options.ts';
import { scenarioPath } from './context.ts';

export interface ValidateConfig {
  scenario: string;
  overrides: string[];
}

export const validateCommand = defineCommand<'validate', ValidateConfig>({
  name: 'validate',
  description: 'Check a scenario file and print every problem',
  options: {
    scenario: positional('Scenario file (YAML or JSON)', 'scenario file', 'scenario'),
    overrides: set(),
  },
  async run(command, { io }) {
    // Loaded on demand so --help/--version start fast and work without the model.
    const { loadScenarioFile } = await import('../../scenario/scenario.ts');
    await loadScenarioFile(scenarioPath(io, command.scenario), command.overrides);
    io.stdout.write('ok\n');
  },
});
