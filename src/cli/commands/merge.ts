/** `merge <dirs..> --out DIR`: combine the output folders of a sharded sweep into one (src/experiments/merge.ts does the work). */
import { resolve } from 'node:path';
import { inputError } from '../../core/errors.ts';
import { defineCommand } from '../command.ts';
import { positionals, requiredText } from '../options.ts';
import { displayPath } from './context.ts';
import { format, type RunsFormat, writeRunsParquet } from './runs-format.ts';

export interface MergeConfig {
  dirs: string[];
  out: string;
  format: RunsFormat;
}

export const mergeCommand = defineCommand<'merge', MergeConfig>({
  name: 'merge',
  description: 'Combine the output folders of a sharded sweep into one',
  options: {
    dirs: positionals('Shard output folders', 1, () => 'merge needs at least one shard folder'),
    out: requiredText('out', 'Output directory', 'merge needs --out DIR'),
    format: format(),
  },
  async run(command, ctx) {
    const { io } = ctx;
    const { mergeShards } = await import('../../experiments/merge.ts');
    if (command.dirs.length === 0) throw inputError('merge needs at least one shard folder');
    const out = resolve(io.cwd, command.out);
    const r = mergeShards(
      command.dirs.map((d) => resolve(io.cwd, d)),
      out,
      { program: ctx.program },
    );
    if (command.format === 'parquet') await writeRunsParquet(out, 'merge');
    io.stdout.write(
      `merged ${r.inputs} folder(s) into ${displayPath(io.cwd, out)}: ${r.completed + r.failed}/${r.runsTotal} runs (${r.failed} failed), sweep ${r.hash.slice(0, 12)}\n`,
    );
  },
});
