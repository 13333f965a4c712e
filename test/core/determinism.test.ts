// Determinism: the same scenario, seed and replicates give byte-identical
// outputs through the real CLI (in-process, real model); replicate streams do
// not depend on how many replicates are run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';
import { runScenario } from '../../src/experiments/run.ts';
import { small } from '../helpers/scenarios.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'determinism-'));
  writeFileSync(
    join(dir, 'small.yaml'),
    [
      'name: determinism',
      'replicates: 2',
      'time: {start_year: 2015, end_year: 2016}',
      'population: {households: 1500, villages_per_county: 30}',
      'events:',
      '  - {kind: epidemic, year: 2016, month: 3, months: 4, severity: 2, share: 0.3}',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): { io: Io; stderr: () => string } {
  const err: string[] = [];
  return {
    io: { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir },
    stderr: () => err.join(''),
  };
}

async function run(seed: number, out: string): Promise<void> {
  const f = io();
  const code = await main(['run', 'small.yaml', '--seed', String(seed), '--out', out], f.io);
  expect(f.stderr()).toBe('');
  expect(code).toBe(0);
}

const read = (out: string, file: string) => readFileSync(join(dir, out, file), 'utf8');

describe('determinism', () => {
  it('the same seed gives byte-identical outputs (manifest identical but for wall time); another seed differs', async () => {
    await run(7, 'a');
    await run(7, 'b');
    await run(8, 'c');
    for (const file of ['trajectory.csv', 'ledger.csv', 'summary.json']) {
      expect(read('b', file), file).toBe(read('a', file));
    }
    const ma = JSON.parse(read('a', 'manifest.json')) as Record<string, unknown>;
    const mb = JSON.parse(read('b', 'manifest.json')) as Record<string, unknown>;
    expect(typeof ma['wall_time_seconds']).toBe('number');
    delete ma['wall_time_seconds'];
    delete mb['wall_time_seconds'];
    expect(mb).toEqual(ma);
    expect(ma['seed']).toBe(7);

    expect(read('c', 'trajectory.csv')).not.toBe(read('a', 'trajectory.csv'));
    expect(read('c', 'trajectory.csv').split('\n')[0]).toBe(read('a', 'trajectory.csv').split('\n')[0]); // same columns
  });

  it('replicate r does not depend on how many replicates are run', () => {
    const s = small({ time: { start_year: 2015, end_year: 2016 } });
    const one = runScenario(s, { seed: 3, replicates: 1 });
    const two = runScenario(s, { seed: 3, replicates: 2 });
    expect(one.trajectory.length).toBe(2);
    expect(two.trajectory.filter((r) => r['replicate'] === 0)).toEqual(one.trajectory);
    expect(two.ledger.filter((r) => r['replicate'] === 0)).toEqual(one.ledger);
    // ... and replicate 1 is a different draw.
    const r1 = two.trajectory.filter((r) => r['replicate'] === 1);
    expect(r1.map((r) => r['income_mean'])).not.toEqual(one.trajectory.map((r) => r['income_mean']));
  });

  it('a run does not depend on runs made before it in the same process (no hidden global state)', () => {
    const s = small({ time: { start_year: 2015, end_year: 2015 } });
    const first = runScenario(s, { seed: 5, replicates: 1 });
    runScenario(small({ levers: { technology: 0.1 } }), { seed: 99, replicates: 1 });
    const again = runScenario(s, { seed: 5, replicates: 1 });
    expect(again.trajectory).toEqual(first.trajectory);
    expect(again.ledger).toEqual(first.ledger);
  });
});
