// `run` and `compare` on the worker pool (--workers): the same bytes for any
// number of workers, progress that reaches its total, and run --posterior's
// per-replicate scenarios reaching the workers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { main, type Io } from '../../src/cli/main.ts';
import { runComparisonOn } from '../../src/experiments/compare.ts';
import { createInlinePool } from '../../src/experiments/pool.ts';
import { runScenarioOn } from '../../src/experiments/replicates.ts';
import { executeRun } from '../../src/experiments/worker.ts';
import { toCsv } from '../../src/io/csv.ts';
import { small } from '../helpers/scenarios.ts';

let dir: string;
const SMALL = 'population: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2015}\n';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-workers-'));
  writeFileSync(join(dir, 'a.yaml'), `name: multi\n${SMALL}`);
  writeFileSync(join(dir, 'b.yaml'), `name: single\ngovernance: {arrangement: single}\n${SMALL}`);
  // A posterior of two particles far apart, in the header calibrate writes.
  writeFileSync(
    join(dir, 'post.yaml'),
    `# posterior parameters: population.skill_mean\n# posterior particle: 1 0.2\n# posterior particle: 1 0.8\nname: post\n${SMALL}`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): Io & { err: () => string } {
  const err: string[] = [];
  return { stdout: { write: () => undefined }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {}, err: () => err.join('') };
}

const read = (sub: string, file: string) => readFileSync(join(dir, sub, file), 'utf8');

describe('run and compare --workers', () => {
  it('parse --workers, and their help lists it', () => {
    expect(parseArgs(['run', 's.yaml', '--workers', '3'], { version: '0' })).toMatchObject({ kind: 'run', workers: 3 });
    expect(parseArgs(['compare', 'a.yaml', 'b.yaml', '--workers', '1'], { version: '0' })).toMatchObject({ kind: 'compare', workers: 1 });
    expect(() => parseArgs(['run', 's.yaml', '--workers', '0'], { version: '0' })).toThrow(/--workers must be an integer from 1/);
    for (const cmd of ['run', 'compare']) {
      const help = parseArgs([cmd, '--help'], { version: '0' });
      expect(help.kind).toBe('print');
      expect((help as { text: string }).text).toMatch(/--workers/);
    }
  });

  it('run writes the same bytes with 1 and 2 workers', async () => {
    for (const w of ['1', '2']) expect(await main(['run', 'a.yaml', '--replicates', '3', '--seed', '5', '--workers', w, '--out', `r${w}`], io())).toBe(0);
    for (const f of ['trajectory.csv', 'ledger.csv', 'summary.json', 'datapackage.json']) expect(read('r2', f)).toBe(read('r1', f));
    expect(read('r1', 'trajectory.csv').trim().split('\n')).toHaveLength(1 + 3 * 2);
  }, 60_000);

  it('compare writes the same bytes with 1 and 2 workers', async () => {
    for (const w of ['1', '2']) expect(await main(['compare', 'a.yaml', 'b.yaml', '--replicates', '3', '--seed', '5', '--workers', w, '--out', `c${w}`, '--quiet'], io())).toBe(0);
    for (const f of ['comparison.csv', 'differences.csv', 'datapackage.json']) expect(read('c2', f)).toBe(read('c1', f));
  }, 60_000);

  it('run --posterior sends each replicate its own particle: the same bytes with 1 and 2 workers', async () => {
    for (const w of ['1', '2']) expect(await main(['run', 'post.yaml', '--posterior', 'post.yaml', '--replicates', '4', '--seed', '3', '--workers', w, '--out', `p${w}`], io())).toBe(0);
    for (const f of ['trajectory.csv', 'ledger.csv', 'summary.json']) expect(read('p2', f)).toBe(read('p1', f));
    const manifest = (sub: string) => (JSON.parse(read(sub, 'manifest.json')) as { posterior: { particles: number[][] } }).posterior.particles;
    expect(manifest('p2')).toEqual(manifest('p1'));
    expect(manifest('p1')).toHaveLength(4);
  }, 60_000);

  it('assemble in replicate order, whatever order the pool finishes in, and report progress up to the total', async () => {
    const s = small({ time: { start_year: 2014, end_year: 2015 } });
    const inline = await runScenarioOn(s, { seed: 9, replicates: 3, workers: 1 });
    // A pool that finishes later replicates first.
    const pool = createInlinePool(async (task) => {
      await new Promise((r) => setTimeout(r, 30 * (3 - task.replicate)));
      return executeRun(task);
    });
    const wide = { ...pool, size: 3 }; // all three in flight, so they finish 2, 1, 0
    const progress: [number, number][] = [];
    const pooled = await runScenarioOn(s, { seed: 9, replicates: 3, workers: 3, pool: wide, onProgress: (d, t) => progress.push([d, t]) });
    expect(toCsv(pooled.trajectory, pooled.trajectoryColumns)).toBe(toCsv(inline.trajectory, inline.trajectoryColumns));
    expect(toCsv(pooled.ledger, pooled.ledgerColumns)).toBe(toCsv(inline.ledger, inline.ledgerColumns));
    expect(JSON.stringify(pooled.trajectory)).toBe(JSON.stringify(inline.trajectory)); // column order too
    expect(progress.map(([d]) => d)).toEqual([2, 4, 6]);
    expect(progress.every(([, t]) => t === 6)).toBe(true);

    const b = small({ name: 'single', governance: { arrangement: 'single' }, time: { start_year: 2014, end_year: 2015 } });
    const one = await runComparisonOn([s, b], { seed: 9, replicates: 2, workers: 1 });
    const many = await runComparisonOn([s, b], { seed: 9, replicates: 2, workers: 4, pool: { ...pool, size: 4 } });
    expect(toCsv(many.comparison, many.comparisonColumns)).toBe(toCsv(one.comparison, one.comparisonColumns));
    expect(toCsv(many.differences, many.differencesColumns)).toBe(toCsv(one.differences, one.differencesColumns));
  }, 60_000);
});
