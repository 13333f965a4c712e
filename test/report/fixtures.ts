// Small results folders for the report tests, written by the real CLI
// (run, compare, sweep) in-process: a few hundred households, three years.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/cli/main.ts';

export interface ResultFolders {
  root: string;
  run: string;
  compare: string;
  sweep: string;
}

const SMALL = 'population: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2016}\nreplicates: 3\n';

async function cli(root: string, argv: string[]): Promise<void> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: root, env: {} };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}: ${err.join('')}`);
}

/** Writes run/, compare/ and sweep/ under a new temporary folder (the caller removes `root`). */
export async function makeResults(parts: ReadonlyArray<'run' | 'compare' | 'sweep'> = ['run', 'compare', 'sweep']): Promise<ResultFolders> {
  const root = mkdtempSync(join(tmpdir(), 'report-results-'));
  writeFileSync(join(root, 'multi.yaml'), `name: multi-centre\n${SMALL}`);
  writeFileSync(join(root, 'single.yaml'), `name: single-centre\ngovernance: {arrangement: single}\n${SMALL}`);
  writeFileSync(
    join(root, 'sweep.yaml'),
    'name: small-sweep\nbase: multi.yaml\nseed: 7\nreplicates: 2\ndesign: {kind: factorial}\nparameters:\n  levers.fund: [0, 1]\n  levers.technology: [0, 0.5]\nmetrics: [headcount_ratio, poverty_gap, exclusion_error_at_registration]\n',
  );
  if (parts.includes('run')) await cli(root, ['run', 'multi.yaml', '--out', 'run']);
  if (parts.includes('compare')) await cli(root, ['compare', 'multi.yaml', 'single.yaml', '--out', 'compare']);
  if (parts.includes('sweep')) await cli(root, ['sweep', 'sweep.yaml', '--workers', '1', '--out', 'sweep']);
  return { root, run: join(root, 'run'), compare: join(root, 'compare'), sweep: join(root, 'sweep') };
}
