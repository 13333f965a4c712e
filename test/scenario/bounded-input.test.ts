// Issue 13, item 3: huge inputs are answered, in linear time, with a clear
// message and a bounded list of problems; sizes are checked before anything
// is allocated.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';
import { SimError } from '../../src/core/errors.ts';
import { MAX_INPUT_BYTES, MAX_PROBLEMS } from '../../src/scenario/load.ts';
import { loadScenarioFile, parseScenario } from '../../src/scenario/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'pgs-bounded-'));

function problemsOf(f: () => unknown): SimError {
  try {
    f();
  } catch (e) {
    if (e instanceof SimError) return e;
    throw e;
  }
  throw new Error('no error');
}

const manyKeys = (n: number) => 'name: x\n' + Array.from({ length: n }, (_, i) => `k${i}: 1\n`).join('');

describe('bounded inputs', () => {
  it('unknown-field reporting is linear: 4x the keys takes well under the 16x of quadratic', () => {
    const time = (n: number) => {
      const text = manyKeys(n);
      const t0 = performance.now();
      const e = problemsOf(() => parseScenario(text, 'k.yaml'));
      const ms = performance.now() - t0;
      expect(e.exitCode).toBe(2);
      expect(e.message).toBe(`k.yaml: ${n} problems`);
      expect(e.problems).toHaveLength(MAX_PROBLEMS + 1);
      expect(e.problems[MAX_PROBLEMS]!.message).toBe(`and ${n - MAX_PROBLEMS} more problems`);
      return ms;
    };
    time(2_000); // warm-up
    // The fastest of a few tries, so a loaded machine's pauses do not count; quadratic would be 16x.
    const small = Math.min(time(5_000), time(5_000), time(5_000));
    const large = Math.min(time(20_000), time(20_000));
    expect(large).toBeLessThan(small * 10 + 1000);
  }, 120_000);

  it('a file over the size cap is refused before it is read whole', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '# ' + 'x'.repeat(MAX_INPUT_BYTES) + '\n');
    const e = problemsOf(() => loadScenarioFile(big));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/big\.yaml: cannot read file \(larger than 16 MB\)/);
  });

  it('duplicate keys are still reported, at the second one', () => {
    expect(problemsOf(() => parseScenario('name: a\nseed: 1\nname: b\n', 'd.yaml')).problems).toEqual([
      { file: 'd.yaml', line: 3, column: 1, path: 'name', message: 'Map keys must be unique' },
    ]);
  });

  it('counties x villages beyond the households: a located input error before any allocation', () => {
    const e = problemsOf(() => parseScenario('population:\n  counties: 5000\n  villages_per_county: 10000\n', 'p.yaml'));
    expect(e.problems).toEqual([
      expect.objectContaining({ file: 'p.yaml', line: 3, path: 'population.villages_per_county', message: expect.stringMatching(/^expected at most 4 \(population.households/) }),
    ]);
  });

  it('--replicates on the command line is capped like the file', async () => {
    const err: string[] = [];
    const io: Io = { stdout: { write: () => undefined }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {} };
    expect(await main(['run', 'x.yaml', '--replicates', '1000000000000'], io)).toBe(2);
    expect(err.join('')).toMatch(/--replicates must be an integer from 1 to 10000/);
  });
});

describe('quiet acceptance decided (issue 13, item 6)', () => {
  it('150 legitimate aliases of one anchor are read (the alias bomb is still refused: load.test.ts)', () => {
    const text = ['time: {start_year: 2014, end_year: 2014}', 'events:', '  - &e {year: 2014, kind: epidemic}', ...Array(150).fill('  - *e')].join('\n') + '\n';
    expect(parseScenario(text, 'a.yaml').events).toHaveLength(151);
  });
});

describe('more decisions (issue 13, item 6)', () => {
  it('bytes that are not UTF-8 are an input error naming where, not a silent U+FFFD', () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('seed: 1\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const e = problemsOf(() => loadScenarioFile(file));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/not UTF-8 text: byte 0xe9 at line 2, column 10/);
    const real = join(dir, 'fffd.yaml');
    writeFileSync(real, 'name: "\uFFFD"\n');
    expect(loadScenarioFile(real).name).toBe('\uFFFD');
  });

  it('a sweep level listed twice is refused at the repeat', async () => {
    const { loadSweepFile } = await import('../../src/experiments/sweep-file.ts');
    writeFileSync(join(dir, 'b.yaml'), 'time: {start_year: 2014, end_year: 2014}\n');
    const file = join(dir, 'dup-sweep.yaml');
    writeFileSync(file, 'name: d\nbase: b.yaml\nparameters:\n  levers.fund: [0, 0, 1]\n');
    expect(problemsOf(() => loadSweepFile(file)).problems).toEqual([
      expect.objectContaining({ line: 4, column: 20, path: 'parameters.levers.fund.1', message: expect.stringMatching(/the level 0 is listed twice/) }),
    ]);
  });
});

describe('empty documents (issue 13, item 6)', () => {
  it('empty, comment-only and `null` documents are alike: every field its default', () => {
    const empty = parseScenario('', 'e.yaml');
    expect(parseScenario('# nothing here\n', 'c.yaml')).toEqual(empty);
    expect(parseScenario('null\n', 'n.yaml')).toEqual(empty);
    expect(parseScenario('~\n', 't.yaml')).toEqual(empty);
  });
});
