// Issue 13, item 4: errors found before any work, each with its real origin,
// all reported at once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';

const runScenario = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../src/experiments/run.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/experiments/run.ts')>();
  return { ...actual, runScenario: (...a: Parameters<typeof actual.runScenario>) => (runScenario.calls++, actual.runScenario(...a)) };
});

const dir = mkdtempSync(join(tmpdir(), 'pgs-early-'));
writeFileSync(join(dir, 'ok.yaml'), 'population: {households: 300, villages_per_county: 5}\ntime: {start_year: 2014, end_year: 2014}\nidentification: {recheck_years: [2015, 2016]}\n');
writeFileSync(join(dir, 'a-file'), 'x');

async function cli(...args: string[]) {
  const err: string[] = [];
  const io: Io = { stdout: { write: () => undefined }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: { DEBUG: '' } };
  const code = await main(args, io);
  return { code, stderr: err.join('') };
}

describe('the output place is checked before simulating', () => {
  for (const [what, out, why] of [
    ['a regular file', 'a-file', /--out .*a-file is a file, not a directory/],
    ['a path through a regular file', 'a-file/sub', /--out .*a-file\/sub: a part of the path is a file, not a directory/],
    ['/proc', '/proc/x', /--out \/proc\/x: /],
  ] as const) {
    it(`${what}: exit 2 with a message, and the model never runs`, async () => {
      runScenario.calls = 0;
      const r = await cli('run', 'ok.yaml', '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(runScenario.calls).toBe(0);
    });
  }
});

describe('--set errors name --set and say what is wrong', () => {
  it('a year of a series the file does not have', async () => {
    const r = await cli('validate', 'ok.yaml', '--set', 'poverty_line.2015=3000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--set: poverty_line\.2015: .*"poverty_line" is not in the file.*set the whole field/m);
    expect(r.stderr).not.toMatch(/ok\.yaml:\d/);
  });

  it('a list index past the end', async () => {
    const r = await cli('validate', 'ok.yaml', '--set', 'identification.recheck_years.5=2016');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--set: identification\.recheck_years\.5: .*has 2 items; index 5 would leave a gap/m);
    expect(r.stderr).not.toMatch(/missing required field/);
    expect((await cli('validate', 'ok.yaml', '--set', 'identification.recheck_years.2=2017')).code).toBe(0);
  });
});

describe('a ? : expression in --set', () => {
  it('needs no double quoting', async () => {
    expect((await cli('validate', 'ok.yaml', '--set', 'budget.central=year > 2015 ? 2e8 : 1e8')).code).toBe(0);
    expect((await cli('validate', 'ok.yaml', '--set', 'poverty_line={2011: 2536, 2016: 2952}')).code).toBe(0);
  });
});

describe('a start year after the end year', () => {
  it('is reported with its place, beside the other problems', async () => {
    writeFileSync(join(dir, 'span.yaml'), 'time:\n  start_year: 2018\n  end_year: 2015\nreplicates: -1\n');
    const r = await cli('validate', 'span.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/span\.yaml:3:13: time\.end_year: expected a year no earlier than time\.start_year \(2018\), got 2015/);
    expect(r.stderr).toMatch(/span\.yaml:4:\d+: replicates: /);
  });

  it('made by --set is attributed to --set', async () => {
    const r = await cli('validate', 'ok.yaml', '--set', 'time.start_year=2019');
    expect(r.stderr).toMatch(/^--set: time\.end_year: expected a year no earlier than time\.start_year \(2019\), got 2014/m);
  });
});

describe('README claims (issue 13, item 8)', () => {
  it("calibrated.yaml's $schema modeline points from the output folder", async () => {
    const { rebaseSchemaModeline } = await import('../../src/cli/commands/calibrate.ts');
    const text = '# yaml-language-server: $schema=../schema/scenario.schema.json\n# CALIBRATED by:\nname: x\n';
    expect(rebaseSchemaModeline(text, '/repo/scenarios', '/repo/outputs/calibrate-x')).toBe(
      '# yaml-language-server: $schema=../../schema/scenario.schema.json\n# CALIBRATED by:\nname: x\n',
    );
    const url = '# yaml-language-server: $schema=https://example.org/s.json\n';
    expect(rebaseSchemaModeline(url, '/a', '/b/c')).toBe(url);
  });

  it("calibrated.yaml's CSV series paths point from the output folder", async () => {
    const { rebaseRelativePaths } = await import('../../src/cli/commands/calibrate.ts');
    const text = 'poverty_line: {csv: ../../shared/data/p.csv, column: line}\nbudget:\n  central: {csv: /abs/c.csv, column: c}\n';
    expect(rebaseRelativePaths(text, '/w/main/scenarios', '/w/cal')).toBe(
      'poverty_line: {csv: ../shared/data/p.csv, column: line}\nbudget:\n  central: {csv: /abs/c.csv, column: c}\n',
    );
  });

  it('the compare example names scenarios that exist', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const files = [...readme.matchAll(/npx tsx src\/cli\.ts compare ((?:\S+\.yaml ?)+)/g)].flatMap((m) => m[1]!.trim().split(' '));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(new URL(`../../${f}`, import.meta.url)), f).toBe(true);
  });
});

describe('compare on scenarios that are not paired (issue 13, item 6)', () => {
  it('the table does not claim common random numbers when the warning says they do not hold', async () => {
    writeFileSync(join(dir, 'early.yaml'), 'name: early\npopulation: {households: 60, villages_per_county: 3}\ntime: {start_year: 2014, end_year: 2015}\n');
    writeFileSync(join(dir, 'late.yaml'), 'name: late\npopulation: {households: 60, villages_per_county: 3}\ntime: {start_year: 2015, end_year: 2015}\n');
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {} };
    expect(await main(['compare', 'early.yaml', 'late.yaml', '--replicates', '2', '--out', 'cmp'], io)).toBe(0);
    expect(err.join('')).toMatch(/no common random numbers/);
    const table = out.join('').replace(/\s+/g, ' ');
    expect(table).toMatch(/the scenarios differ in time\.start_year, so replicate r of each does not face the same households and shocks/);
    expect(table).not.toMatch(/faces the same households and shocks \(common random numbers\)/);
  });
});
