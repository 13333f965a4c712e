// CLI conventions (issue 14): a real `sim` command (package.json bin), -h and
// -V, "did you mean" for a mistyped command, numeric flags typed as numbers,
// --quiet and --json on validate, compare, calibrate and sensitivity, and
// `npm run -s sim` with nothing of npm's on stdout. Sweeps run in-process (the
// thread pool replaced by the inline one).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closest, parseArgs, SCRIPT_NAME } from '../../src/cli/args.ts';
import { runCalibrate } from '../../src/cli/commands/calibrate.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { main, type Io } from '../../src/cli/main.ts';
import { createInlinePool } from '../../src/experiments/pool.ts';
import { executeRun } from '../../src/experiments/worker.ts';
import { readProgramInfo } from '../../src/experiments/program.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { parseCsv } from '../../src/io/csv.ts';

vi.mock('../../src/experiments/pool.ts', async (importOriginal) =>
  (await import('../helpers/inline-pool.ts')).inlinePoolModule(importOriginal),
);

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin?: Record<string, string> };
const parse = (...argv: string[]) => parseArgs(argv, { version: '9.8.7' });

const dir = mkdtempSync(join(tmpdir(), 'pgs-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SMALL = 'population: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2015}\nreplicates: 2\n';
writeFileSync(join(dir, 'a.yaml'), `name: multi\n${SMALL}`);
writeFileSync(join(dir, 'b.yaml'), `name: single\ngovernance: {arrangement: single}\n${SMALL}`);
writeFileSync(join(dir, 'bad.yaml'), `name: bad\nreplicates: 0\n`);

function fakeIo(tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: tty, stderrColumns: 80, cwd: dir, env: {} };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('the sim command (package.json bin)', () => {
  it('names the command the help uses and runs from any directory', () => {
    expect(pkg.bin).toEqual({ [SCRIPT_NAME]: 'src/cli/bin.mjs' });
    const r = spawnSync(process.execPath, [join(root, pkg.bin![SCRIPT_NAME]!), 'validate', join(dir, 'a.yaml')], { cwd: tmpdir(), encoding: 'utf8' });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  it('is what `npx sim` runs in the project, offline (without the bin npx looks for a package named sim)', () => {
    const r = spawnSync('npx', ['--offline', SCRIPT_NAME, '-V'], { cwd: root, encoding: 'utf8' });
    expect({ code: r.status, stdout: r.stdout }).toEqual({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('keeps the exit status of the CLI (2 for bad input)', () => {
    const r = spawnSync(process.execPath, [join(root, 'src/cli/bin.mjs'), 'rn'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Did you mean 'run'\?/);
  });
});

describe('npm run -s sim', () => {
  it('puts only the CLI output on stdout (the README tells scripts to use -s)', () => {
    const r = spawnSync('npm', ['run', '-s', 'sim', '--', 'validate', join(dir, 'a.yaml'), '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, name: 'multi' });
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('npm run -s sim -- ');
  });
});

describe('-h, -V and did you mean', () => {
  it('-h and -V are --help and --version', () => {
    expect(parse('-V')).toEqual({ kind: 'print', text: '9.8.7' });
    expect(parse('-h')).toEqual(parse('--help'));
    expect(parse('run', '-h')).toEqual(parse('run', '--help'));
    expect((parse('compare', '-h') as { text: string }).text).toMatch(/-h, --help/);
  });

  it('a mistyped command gets a suggestion and exit 2', () => {
    const e = inputErrorOf(() => parse('rn', 's.yaml'));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      "unknown command 'rn' (expected run, validate, compare, sweep, merge, report, calibrate, decompose, sensitivity or workshop). Did you mean 'run'? Run 'sim --help' for usage.",
    );
    expect(closest('vlaidate', COMMANDS.map((c) => c.name))).toBe('validate');
    expect(closest('comapre', COMMANDS.map((c) => c.name))).toBe('compare');
    expect(closest('swep', COMMANDS.map((c) => c.name))).toBe('sweep');
    expect(closest('cal', COMMANDS.map((c) => c.name))).toBe('calibrate');
    expect(closest('simulate', COMMANDS.map((c) => c.name))).toBeUndefined();
    expect(inputErrorOf(() => parse('simulate')).message).not.toMatch(/Did you mean/);
  });
});

describe('numeric flags', () => {
  it('are typed as numbers in the option tables and the help', () => {
    const numeric = ['seed', 'replicates', 'workers', 'budget', 'scale'];
    for (const c of COMMANDS) {
      const text = (parse(c.name, '--help') as { text: string }).text;
      // The first [type] after the flag's name is its own.
      for (const f of c.flags.filter((x) => numeric.includes(x))) expect(new RegExp(`--${f} [^]*?\\[(\\w+)\\]`).exec(text)?.[1]).toBe('number');
    }
    // Still read as typed: the error quotes the text, not NaN.
    expect(inputErrorOf(() => parse('run', 's.yaml', '--seed', 'abc')).message).toMatch(/got 'abc'/);
    expect(parse('run', 's.yaml', '--seed', '007')).toMatchObject({ seed: 7 });
  });
});

describe('--quiet and --json', () => {
  it('validate: --quiet prints nothing, --json an object, also for a bad file (exit 2)', async () => {
    let r = fakeIo();
    expect(await main(['validate', 'a.yaml', '--quiet'], r.io)).toBe(0);
    expect(r.stdout()).toBe('');
    r = fakeIo();
    expect(await main(['validate', 'a.yaml', '--json'], r.io)).toBe(0);
    expect(JSON.parse(r.stdout())).toEqual({ ok: true, scenario: 'a.yaml', kind: 'scenario', name: 'multi' });
    r = fakeIo();
    expect(await main(['validate', 'bad.yaml', '--json'], r.io)).toBe(2);
    const bad = JSON.parse(r.stdout());
    expect(bad).toMatchObject({ ok: false, scenario: 'bad.yaml' });
    expect(bad.problems[0]).toMatchObject({ path: 'replicates' });
    expect(r.stderr()).toMatch(/^error: /);
  });

  it('compare: --json prints the final-year means and paired differences; --quiet nothing and no progress', async () => {
    let r = fakeIo();
    expect(await main(['compare', 'a.yaml', 'b.yaml', '--out', 'cmp-json', '--json'], r.io)).toBe(0);
    const j = JSON.parse(r.stdout());
    expect(j).toMatchObject({ scenarios: ['multi', 'single'], seed: 42, replicates: 2, final_year: 2015, common_random_numbers: true, outputs: 'cmp-json' });
    expect(j.means.length).toBeGreaterThan(0);
    expect(j.means.every((m: { year: number }) => m.year === 2015)).toBe(true);
    const d = j.differences.find((x: { metric: string }) => x.metric === 'headcount_ratio');
    expect(Object.keys(d)).toEqual(['scenario_a', 'scenario_b', 'year', 'metric', 'mean', 'lo', 'hi', 'clipped', 'p_value', 'replicates']);
    expect(d).toMatchObject({ scenario_a: 'multi', scenario_b: 'single', year: 2015, replicates: 2 });

    r = fakeIo(true); // a terminal: progress would show
    expect(await main(['compare', 'a.yaml', 'b.yaml', '--out', 'cmp-quiet', '--quiet'], r.io)).toBe(0);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toBe('');
    expect(readFileSync(join(dir, 'cmp-quiet', 'differences.csv'), 'utf8')).toBe(readFileSync(join(dir, 'cmp-json', 'differences.csv'), 'utf8'));
  });

  it('calibrate: --json prints the fit; --quiet nothing', async () => {
    writeFileSync(join(dir, 'tiny.yaml'), 'name: tiny\nseed: 7\nreplicates: 1\npopulation: {households: 400, villages_per_county: 6}\ntime: {start_year: 2011, end_year: 2012}\n');
    writeFileSync(join(dir, 'spec.yaml'), 'parameters:\n  population.skill_mean: {from: 0.2, to: 0.6}\n');
    writeFileSync(join(dir, 'target.csv'), 'year,headcount_ratio\n2011,0.2\n2012,0.18\n');
    const config = (extra: { quiet?: boolean; json?: boolean; out: string }) => {
      const c = parseArgs(['calibrate', 'tiny.yaml', '--target', 'target.csv', '--params', 'spec.yaml', '--budget', '6', '--out', extra.out, ...(extra.json ? ['--json'] : []), ...(extra.quiet ? ['--quiet'] : [])], { version: '0' });
      if (c.kind !== 'calibrate') throw new Error('expected calibrate');
      return c;
    };
    const ctx = (io: Io) => ({ io, program: readProgramInfo(), now: () => 0 });
    let r = fakeIo();
    await runCalibrate(config({ json: true, out: 'cal-json' }), ctx(r.io), { pool: createInlinePool(executeRun) });
    const j = JSON.parse(r.stdout());
    expect(j).toMatchObject({ scenario: 'tiny', method: 'smc', seed: 7, replicates: 1, budget: 6, runs_used: 6, particles: 6, outputs: 'cal-json' });
    expect(j.parameters[0]).toMatchObject({ path: 'population.skill_mean', prior_from: 0.2, prior_to: 0.6 });
    expect(Object.keys(j.parameters[0])).toEqual(['path', 'prior_from', 'prior_to', 'mean', 'median', 'sd', 'q025', 'q975', 'width_ratio', 'sd_ratio', 'not_identified', 'at_bound', 'estimate']);
    expect(j.targets.map((f: { years: number[] }) => f.years[0])).toEqual([2011, 2012]);
    expect(Object.keys(j.targets[0])).toEqual(['target', 'column', 'years', 'stat', 'observed', 'tolerance', 'mean', 'q025', 'q975', 'inside']);
    r = fakeIo(true);
    await runCalibrate(config({ quiet: true, out: 'cal-quiet' }), ctx(r.io), { pool: createInlinePool(executeRun) });
    expect(r.stdout()).toBe('');
    // Only the warning that 6 runs leave a rough posterior (no progress, no generation lines).
    expect(r.stderr()).toMatch(/^warning: the posterior rests on 3 effective particle\(s\) of 3: its intervals and flags are rough; raise --particles and --budget\n$/);
  });

  it('sensitivity: --json prints every index with its interval (the rows of indices.csv); --quiet nothing and no progress', async () => {
    writeFileSync(join(dir, 'ish.yaml'), 'name: ish\nmodel: ishigami\nseed: 1\nmethod: {kind: sobol, samples: 16}\nbootstrap: 10\n');
    writeFileSync(join(dir, 'tiny-base.yaml'), 'name: tiny\npopulation: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2014}\n');
    writeFileSync(join(dir, 'm.yaml'), 'name: m\nbase: tiny-base.yaml\nseed: 3\nreplicates: 2\nmethod: {kind: morris, trajectories: 2}\nbootstrap: 10\nparameters:\n  levers.fund: {from: 0, to: 1}\n  budget.leakage_base: {from: 0.05, to: 0.4}\nmetrics:\n  - {column: funds_leaked, year: 2014}\n');
    type Row = { parameter: string; index: string; value: number | null; lo: number | null; hi: number | null };
    /** The JSON's rows of a metric are indices.csv's (which has 10 significant digits; the JSON is unrounded). */
    const expectCsvRows = (rows: Row[], out: string, metric: string) => {
      const csv = parseCsv(readFileSync(join(dir, out, 'indices.csv'), 'utf8')).rows.filter((r) => r['metric'] === metric);
      expect(rows.map((r) => [r.parameter, r.index])).toEqual(csv.map((r) => [r['parameter'], r['index']]));
      rows.forEach((row, i) => {
        for (const k of ['value', 'lo', 'hi'] as const) {
          const cell = csv[i]![k]!;
          if (cell === '') expect(row[k]).toBeNull();
          else expect(Math.abs(row[k]! - Number(cell))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(Number(cell))));
        }
      });
    };

    // An analytic model: Sobol indices, no runs.
    let r = fakeIo();
    expect(await main(['sensitivity', 'ish.yaml', '--out', 'sens-ish', '--json'], r.io)).toBe(0);
    const a = JSON.parse(r.stdout());
    expect(a).toMatchObject({ name: 'ish', method: 'sobol', seed: 1, replicates: 1, analysed: true, ranked_by: 'ST', outputs: 'sens-ish' });
    expect(a.runs).toBeUndefined();
    expect(a.metrics.length).toBeGreaterThan(0);
    for (const m of a.metrics) {
      expectCsvRows(m.indices, 'sens-ish', m.metric);
      expect([...m.ranking].sort()).toEqual(['x1', 'x2', 'x3']);
      for (const i of m.indices.filter((x: { value: number | null }) => x.value !== null)) expect(i.lo).toBeLessThanOrEqual(i.hi);
    }

    // A scenario model: Morris on a tiny county; --json and --quiet write the same indices.
    r = fakeIo();
    expect(await main(['sensitivity', 'm.yaml', '--out', 'sens-json', '--json'], r.io)).toBe(0);
    const j = JSON.parse(r.stdout());
    expect(j).toMatchObject({ name: 'm', method: 'morris', seed: 3, replicates: 2, analysed: true, ranked_by: 'mu_star', outputs: 'sens-json' });
    expect(j.runs).toMatchObject({ ran: j.runs.total, done: j.runs.total, skipped: 0, failed: 0 });
    expect(j.metrics.map((m: { metric: string }) => m.metric)).toEqual(['funds_leaked@2014']);
    expectCsvRows(j.metrics[0].indices, 'sens-json', 'funds_leaked@2014');
    expect([...j.metrics[0].ranking].sort()).toEqual(['budget.leakage_base', 'levers.fund']);
    expect(j.metrics[0].indices.map((i: { index: string }) => i.index)).toContain('mu_star');

    r = fakeIo(true); // a terminal: the progress bar shows without --quiet
    expect(await main(['sensitivity', 'm.yaml', '--out', 'sens-text'], r.io)).toBe(0);
    expect(r.stdout()).toMatch(/^m: \d+\/\d+ runs done/);
    expect(r.stderr()).toMatch(/\d+\/\d+ \(\d+%\)/); // the bar: done/total (percent)
    r = fakeIo(true);
    expect(await main(['sensitivity', 'm.yaml', '--out', 'sens-quiet', '--quiet'], r.io)).toBe(0);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toBe('');
    expect(readFileSync(join(dir, 'sens-quiet', 'indices.csv'), 'utf8')).toBe(readFileSync(join(dir, 'sens-json', 'indices.csv'), 'utf8'));
  });
});
