// compare through main() in-process: parsing, outputs, table, bad input.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { main, type Io } from '../../src/cli/main.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'compare-cli-'));
  const small = 'population: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2015}\nreplicates: 3\n';
  writeFileSync(join(dir, 'a.yaml'), `name: multi\n${small}`);
  writeFileSync(join(dir, 'b.yaml'), `name: single\ngovernance: {arrangement: single}\n${small}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(out: string[], err: string[]): Io {
  return { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {} };
}

describe('compare command', () => {
  it('parses scenarios, flags and a year range', () => {
    const c = parseArgs(['compare', 'a.yaml', 'b.yaml', '--seed', '3', '--years', '2015-2016', '--set', 'replicates=2'], { version: '0' });
    expect(c).toEqual({ kind: 'compare', scenarios: ['a.yaml', 'b.yaml'], seed: 3, replicates: undefined, out: undefined, years: { from: 2015, to: 2016 }, overrides: ['replicates=2'], report: false, quiet: false, json: false });
    expect(() => parseArgs(['compare', 'a.yaml'], { version: '0' })).toThrow(/at least two/);
    expect(() => parseArgs(['compare', 'a.yaml', 'b.yaml', '--years', 'soon'], { version: '0' })).toThrow(/--years/);
    // --seed, --replicates and --out: the same rules as run.
    expect(() => parseArgs(['compare', 'a.yaml', 'b.yaml', '--seed', '-1'], { version: '0' })).toThrow("--seed must be an integer from 0 to 4294967295, got '-1'. Run 'sim compare --help' for usage.");
    expect(() => parseArgs(['compare', 'a.yaml', 'b.yaml', '--replicates', '0'], { version: '0' })).toThrow(/--replicates must be an integer from 1 to 10000/);
    expect(() => parseArgs(['compare', 'a.yaml', 'b.yaml', '--out', ''], { version: '0' })).toThrow(/--out needs a value/);
  });

  it('writes comparison.csv, differences.csv and manifest.json and prints the table', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['compare', 'a.yaml', 'b.yaml', '--out', 'cmp'], io(out, err));
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const stdout = out.join('');
    expect(stdout).toContain('Final year 2015');
    expect(stdout).toContain('multi - single');
    const diff = readFileSync(join(dir, 'cmp', 'differences.csv'), 'utf8').split('\n');
    expect(diff[0]).toBe('scenario_a,scenario_b,year,metric,mean_a,lo_a,hi_a,mean_b,lo_b,hi_b,difference,diff_lo,diff_hi,p_value,replicates,clipped_a,clipped_b,diff_clipped');
    expect(diff[1]!.startsWith('multi,single,2014,headcount_ratio,')).toBe(true);
    const comparison = readFileSync(join(dir, 'cmp', 'comparison.csv'), 'utf8').trim().split('\n');
    expect(comparison.length).toBe(1 + 2 * 3 * 2); // header + scenarios x replicates x years
    const manifest = JSON.parse(readFileSync(join(dir, 'cmp', 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(42);
    expect(manifest.scenarios.map((s: { label: string }) => s.label)).toEqual(['multi', 'single']);
  });

  it('warns (stderr and manifest) when the scenarios differ in what makes the households and shocks, and still compares', async () => {
    writeFileSync(join(dir, 'c.yaml'), 'name: bigger\npopulation: {households: 700, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2014}\nhealth: {serious_hazard: 0.01}\n');
    writeFileSync(join(dir, 'd.yaml'), 'name: same\npopulation: {households: 600, villages_per_county: 6}\ntime: {start_year: 2014, end_year: 2014}\n');
    const out: string[] = [];
    const err: string[] = [];
    expect(await main(['compare', 'c.yaml', 'd.yaml', '--replicates', '2', '--out', 'crn'], io(out, err))).toBe(0);
    expect(err.join('')).toMatch(/^warning: the scenarios differ in population, health, which shape the synthetic households or the shocks.*no common random numbers/);
    const manifest = JSON.parse(readFileSync(join(dir, 'crn', 'manifest.json'), 'utf8'));
    expect(manifest.common_random_numbers).toMatchObject({ holds: false, differing: ['population', 'health'] });
    // Scenarios that differ only in levers or governance: no warning, no note.
    expect(JSON.parse(readFileSync(join(dir, 'cmp', 'manifest.json'), 'utf8')).common_random_numbers).toBeUndefined();
  });

  it('bad input in any file: exit 2, nothing written', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'levers: {technology: 2}\n');
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['compare', 'a.yaml', 'bad.yaml', '--out', 'nope'], io(out, err));
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/bad\.yaml:1:\d+: levers\.technology/);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});

describe('sweep and merge arguments', () => {
  it('parses sweep flags and shards', () => {
    expect(parseArgs(['sweep', 's.yaml', '--workers', '2', '--resume', '--shard', '2/8', '--out', 'o'], { version: '0' })).toEqual({
      kind: 'sweep',
      sweep: 's.yaml',
      workers: 2,
      out: 'o',
      resume: true,
      shard: { index: 2, count: 8 },
      report: false,
      format: 'csv',
    });
    expect(parseArgs(['sweep', 's.yaml'], { version: '0' })).toMatchObject({ workers: undefined, resume: false, shard: undefined });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) {
      expect(() => parseArgs(['sweep', 's.yaml', '--shard', bad], { version: '0' }), bad).toThrow(/--shard must be i\/n/);
    }
    expect(() => parseArgs(['sweep', 's.yaml', '--workers', '0'], { version: '0' })).toThrow(/--workers/);
  });

  it('parses merge and requires --out', () => {
    expect(parseArgs(['merge', 'a', 'b', '--out', 'm'], { version: '0' })).toEqual({ kind: 'merge', dirs: ['a', 'b'], out: 'm', format: 'csv' });
    expect(parseArgs(['merge', 'a', '--out', 'm', '--format', 'parquet'], { version: '0' })).toMatchObject({ format: 'parquet' });
    expect(() => parseArgs(['merge', 'a', 'b'], { version: '0' })).toThrow(/--out/);
  });
});

describe('report arguments', () => {
  it('parses report and the --report flag of run, compare and sweep', () => {
    expect(parseArgs(['report', 'outputs/x'], { version: '0' })).toEqual({ kind: 'report', results: 'outputs/x', out: undefined, target: undefined });
    expect(parseArgs(['report', 'outputs/x', '--out', 'r'], { version: '0' })).toEqual({ kind: 'report', results: 'outputs/x', out: 'r', target: undefined });
    expect(parseArgs(['report', 'o', '--target', 't.csv', '--column', 'c_pct', '--scale', '0.5'], { version: '0' })).toEqual({
      kind: 'report',
      results: 'o',
      out: undefined,
      target: { file: 't.csv', column: 'c_pct', metric: undefined, scale: 0.5 },
    });
    expect(() => parseArgs(['report', 'o', '--column', 'c'], { version: '0' })).toThrow(/--target/);
    expect(() => parseArgs(['report', 'o', '--target', 't.csv', '--scale', '-1'], { version: '0' })).toThrow(/--scale must be a positive number/);
    expect(parseArgs(['run', 's.yaml', '--report'], { version: '0' })).toMatchObject({ kind: 'run', report: true });
    expect(parseArgs(['run', 's.yaml'], { version: '0' })).toMatchObject({ kind: 'run', report: false });
    expect(parseArgs(['compare', 'a.yaml', 'b.yaml', '--report'], { version: '0' })).toMatchObject({ kind: 'compare', report: true });
    expect(parseArgs(['sweep', 's.yaml', '--report'], { version: '0' })).toMatchObject({ kind: 'sweep', report: true });
    expect(() => parseArgs(['report'], { version: '0' })).toThrow(/missing|results/);
  });
});
