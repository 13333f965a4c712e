/**
 * `workshop [<scenario>] [--out DIR]`: write one self-contained
 * workshop.html (default outputs/workshop/) that runs the scenario's model in
 * the browser, offline, with controls for what-ifs (src/workshop does the
 * work). Without a scenario: the bundled baseline.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFilesAtomically } from '../../io/write.ts';
import { defineCommand } from '../command.ts';
import { out, single } from '../options.ts';
import { displayPath, scenarioPath } from './context.ts';

export interface WorkshopConfig {
  /** undefined = the bundled baseline */
  scenario: string | undefined;
  out: string | undefined;
}

/** scenarios/baseline.yaml of this package. */
export const BUNDLED_BASELINE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scenarios/baseline.yaml');

export const workshopCommand = defineCommand<'workshop', WorkshopConfig>({
  name: 'workshop',
  description: 'Write a self-contained workshop.html that runs the model in the browser, offline',
  options: {
    scenario: {
      kind: 'positional',
      description: 'Scenario file (YAML or JSON)',
      default: 'scenarios/baseline.yaml',
      parse: (raw, hint) => {
        const v = single(raw, 'scenario', hint);
        return v === '' ? undefined : v;
      },
    },
    out: out('outputs/workshop/'),
  },
  async run(command, { io, program }) {
    const { workshopHtml } = await import('../../workshop/build.ts');
    const file = command.scenario === undefined ? BUNDLED_BASELINE : scenarioPath(io, command.scenario);
    const { html } = await workshopHtml(file, `${program.name} ${program.version}`);
    const outDir = resolve(io.cwd, command.out ?? 'outputs/workshop');
    writeFilesAtomically(outDir, { 'workshop.html': html });
    const target = resolve(outDir, 'workshop.html');
    io.stdout.write(`workshop: ${displayPath(io.cwd, target)} (${(html.length / 1e6).toFixed(1)} MB; open it in a browser, no network needed)\n`);
  },
});
