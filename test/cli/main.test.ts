// main() in-process with fake streams. The model is replaced by a small fake
// runScenarioOn so these tests check the CLI's own work: flag resolution,
// output files, messages and exit codes. The scenario loader is the real one.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';

type Row = Record<string, string | number>;
interface FakeOptions {
  seed: number;
  replicates: number;
  onProgress?: (done: number, total: number) => void;
}

const fake = vi.hoisted(() => ({
  calls: [] as Array<{ seed: number; replicates: number }>,
  /** Overrides the trajectory's first metric value when set (e.g. NaN). */
  poison: undefined as number | undefined,
  throwError: undefined as Error | undefined,
}));

// run's driver (runScenarioOn: in this thread or on --workers threads) is the fake.
vi.mock('../../src/experiments/replicates.ts', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  runScenarioOn: (_scenario: unknown, opts: FakeOptions) => {
    fake.calls.push({ seed: opts.seed, replicates: opts.replicates });
    if (fake.throwError) throw fake.throwError;
    const trajectory: Row[] = [];
    for (let r = 0; r < opts.replicates; r++) {
      for (const year of [2015, 2016]) {
        trajectory.push({ replicate: r, year, headcount_ratio: year === 2015 ? 0.4 : 0.2 + r / 100, label: 'x,y' });
        opts.onProgress?.(trajectory.length, opts.replicates * 2);
      }
    }
    if (fake.poison !== undefined) trajectory[0]!.headcount_ratio = fake.poison;
    return {
      trajectoryColumns: ['replicate', 'year', 'headcount_ratio', 'label'],
      trajectory,
      ledgerColumns: ['replicate', 'programme', 'spent'],
      ledger: [{ replicate: 0, programme: 'health', spent: 12.5 }],
      headline: ['headcount_ratio'],
    };
  },
}));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-main-'));
  fake.calls.length = 0;
  fake.poison = undefined;
  fake.throwError = undefined;
  writeFileSync(join(dir, 'small.yaml'), 'name: small\nseed: 5\nreplicates: 3\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeIo(extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stderrIsTTY: false,
    cwd: dir,
    ...extra,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('main run', () => {
  it('uses the scenario seed and replicates and writes the four outputs to outputs/<name>/', async () => {
    const f = fakeIo();
    expect(await main(['run', 'small.yaml'], f.io)).toBe(0);
    expect(fake.calls).toEqual([{ seed: 5, replicates: 3 }]);
    const out = join(dir, 'outputs', 'small');
    expect(readdirSync(out).sort()).toEqual(['datapackage.json', 'ledger.csv', 'manifest.json', 'summary.json', 'trajectory.csv']);
    expect(readFileSync(join(out, 'trajectory.csv'), 'utf8').split('\n').slice(0, 3)).toEqual([
      'replicate,year,headcount_ratio,label',
      '0,2015,0.4,"x,y"',
      '0,2016,0.2,"x,y"',
    ]);
    expect(readFileSync(join(out, 'ledger.csv'), 'utf8')).toBe('replicate,programme,spent\n0,health,12.5\n');

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.final_year).toBe(2016);
    expect(summary.replicates).toBe(3);
    expect(summary.final.headcount_ratio.mean).toBeCloseTo(0.21, 12);

    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const manifest = JSON.parse(text);
    expect(Object.keys(manifest)).toEqual([
      'program', 'version', 'node', 'command', 'scenario_file', 'scenario_name', 'scenario_hash',
      'seed', 'replicates', 'overrides', 'wall_time_seconds', 'scenario',
    ]);
    expect(manifest).toMatchObject({ command: 'run', scenario_file: 'small.yaml', scenario_name: 'small', seed: 5, replicates: 3, overrides: [] });
    expect(manifest.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.scenario.name).toBe('small');

    expect(f.stdout()).toContain('headcount_ratio: 0.21 (95% CI');
    expect(f.stdout()).toContain(`outputs written to ${join('outputs', 'small')}`);
    expect(f.stderr()).toBe('');
  });

  it('lets --seed, --replicates, --out and --set override the scenario; the hash follows --set', async () => {
    expect(await main(['run', 'small.yaml', '--out', 'a'], fakeIo().io)).toBe(0);
    const f = fakeIo();
    const code = await main(['run', 'small.yaml', '--seed', '9', '--replicates', '2', '--out', 'b', '--set', 'description=changed'], f.io);
    expect(code).toBe(0);
    expect(fake.calls[1]).toEqual({ seed: 9, replicates: 2 });
    const a = JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'b', 'manifest.json'), 'utf8'));
    expect(b).toMatchObject({ seed: 9, replicates: 2, overrides: ['description=changed'] });
    expect(b.scenario_hash).not.toBe(a.scenario_hash);
  });

  it('writes nothing when an output would contain NaN (exit 1)', async () => {
    fake.poison = Number.NaN;
    const f = fakeIo();
    expect(await main(['run', 'small.yaml'], f.io)).toBe(1);
    expect(f.stderr()).toMatch(/^error: .*headcount_ratio.*NaN/);
    expect(existsSync(join(dir, 'outputs'))).toBe(false);
  });

  it('reports an unexpected exception as an internal error, with a stack only under DEBUG', async () => {
    fake.throwError = new Error('boom');
    const quiet = fakeIo();
    expect(await main(['run', 'small.yaml'], quiet.io)).toBe(1);
    expect(quiet.stderr()).toBe('internal error: boom\n');
    const debug = fakeIo({ env: { DEBUG: '1' } });
    expect(await main(['run', 'small.yaml'], debug.io)).toBe(1);
    expect(debug.stderr()).toContain('    at ');
    expect(existsSync(join(dir, 'outputs'))).toBe(false);
  });

  it('shows progress on a terminal for a slow run, then clears it', async () => {
    let t = 0;
    const f = fakeIo({ stderrIsTTY: true, now: () => (t += 1000) });
    expect(await main(['run', 'small.yaml'], f.io)).toBe(0);
    expect(f.stderr()).toMatch(/^\rsmall \[[#.]+\] \d+\/6/);
    expect(f.stderr()).toMatch(/\r +\r$/);
    expect(JSON.parse(readFileSync(join(dir, 'outputs', 'small', 'manifest.json'), 'utf8')).wall_time_seconds).toBeGreaterThan(0);
  });
});

describe('main input errors', () => {
  it('prints every scenario problem, one per line, and exits 2 without a stack', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nreplicates: 0\nno_such_field: 1\n');
    const f = fakeIo();
    expect(await main(['validate', 'bad.yaml'], f.io)).toBe(2);
    const lines = f.stderr().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: /);
    expect(lines.some((l) => /bad\.yaml:2:\d+: replicates: /.test(l))).toBe(true);
    expect(lines.some((l) => /no_such_field/.test(l))).toBe(true);
    expect(f.stderr()).not.toContain('    at ');
    expect(f.stdout()).toBe('');
  });

  it('validate prints ok for a good scenario', async () => {
    const f = fakeIo();
    expect(await main(['validate', 'small.yaml', '--set', 'seed=3'], f.io)).toBe(0);
    expect(f.stdout()).toBe('ok\n');
  });

  it('bad flags exit 2 before anything runs', async () => {
    const f = fakeIo();
    expect(await main(['run', 'small.yaml', '--seed', '-4'], f.io)).toBe(2);
    expect(f.stderr()).toBe("error: --seed must be an integer from 0 to 4294967295, got '-4'. Run 'sim run --help' for usage.\n");
    expect(fake.calls).toEqual([]);
  });
});

describe('main compare: checks before running', () => {
  it('reports the problems of every bad scenario file together', async () => {
    writeFileSync(join(dir, 'bad1.yaml'), 'levers: {technology: 2}\n');
    writeFileSync(join(dir, 'bad2.yaml'), 'replicates: 0\n');
    const f = fakeIo();
    expect(await main(['compare', 'bad1.yaml', 'small.yaml', 'bad2.yaml'], f.io)).toBe(2);
    expect(f.stderr()).toMatch(/^error: compare: 2 of 3 scenario files have problems \(bad1\.yaml, bad2\.yaml\)\n/);
    expect(f.stderr()).toMatch(/bad1\.yaml:1:\d+: levers\.technology: /);
    expect(f.stderr()).toMatch(/bad2\.yaml:1:\d+: replicates: /);
    expect(fake.calls).toEqual([]);
  });

  it('checks --years against the scenarios\' years before running anything', async () => {
    writeFileSync(join(dir, 'late.yaml'), 'name: late\ntime: {start_year: 2015, end_year: 2018}\n');
    const f = fakeIo();
    expect(await main(['compare', 'small.yaml', 'late.yaml', '--years', '2019-2030'], f.io)).toBe(2);
    expect(f.stderr()).toBe('error: compare: no compared year in 2019–2030; the comparison covers 2015–2018\n');
    writeFileSync(join(dir, 'early.yaml'), 'name: early\ntime: {start_year: 2011, end_year: 2014}\n');
    const g = fakeIo();
    expect(await main(['compare', 'early.yaml', 'late.yaml'], g.io)).toBe(2);
    expect(g.stderr()).toBe("error: compare: the scenarios share no simulated year ('early' 2011–2014, 'late' 2015–2018)\n");
    expect(fake.calls).toEqual([]);
  });
});
