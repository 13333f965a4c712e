// Issue 13: over generated scenario text, --set lines and sweep files, the
// CLI ends with exit 0, or exit 2 with every problem located (a file with
// line and column, or --set, or the file as a whole); never another outcome,
// and never a partial output folder.
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';
import { SimError } from '../../src/core/errors.ts';
import { loadSweepFile } from '../../src/experiments/sweep-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'pgs-fuzz-'));
let n = 0;

async function cli(args: string[]) {
  const err: string[] = [];
  const io: Io = { stdout: { write: () => undefined }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {} };
  const code = await main(args, io);
  return { code, stderr: err.join('') };
}

/** exit 2: "error: ..." then one located line per problem. */
function expectLocated(stderr: string): void {
  const [first, ...rest] = stderr.trimEnd().split('\n');
  expect(first).toMatch(/^error: /);
  for (const line of rest) expect(line).toMatch(/^(--set|--out|--replicates|[^:\n]+\.(yaml|json|csv)(:\d+:\d+)?|\/[^:]*): \S/);
}

const fields = ['seed', 'replicates', 'time.start_year', 'time.end_year', 'population.households', 'population.villages_per_county', 'population.counties', 'levers.technology', 'poverty_line', 'poverty_line.2015', 'identification.recheck_years', 'identification.recheck_years.3', 'nosuch', 'levers.tech'];
const values = fc.oneof(
  fc.integer({ min: -5, max: 3000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('[2015, 2016]', '{2015: 3000}', 'abc', '"2e3*1.1^(year-2011)"', '', 'null', '[', '{a: b}', 'year > 2015 ? 1 : 0', '*x', '!!js/function f'),
  fc.string({ maxLength: 12 }),
);
const setLine = fc.oneof(fc.tuple(fc.constantFrom(...fields), values).map(([f, v]) => `${f}=${v}`), fc.string({ maxLength: 20 }));
const BASE = 'population: {households: 60, villages_per_county: 3}\ntime: {start_year: 2014, end_year: 2014}\nreplicates: 1\n';
const scenarioText = fc.oneof(
  fc.constant(BASE),
  fc.tuple(fc.constantFrom(...fields), values).map(([f, v]) => BASE + (f.includes('.') ? '' : `${f}: ${v}\n`)),
  fc.string({ maxLength: 60 }).map((s) => BASE + s),
  fc.string({ maxLength: 60 }),
);

describe('fuzz: exit 0, or exit 2 located; never a partial folder', () => {
  it('run with generated scenario text and --set lines', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioText, fc.array(setLine, { maxLength: 3 }), async (text, sets) => {
        const name = `s${++n}.yaml`;
        writeFileSync(join(dir, name), text);
        const out = join(dir, `out${n}`);
        const r = await cli(['run', name, '--out', out, ...sets.flatMap((s) => ['--set', s])]);
        expect([0, 2], r.stderr).toContain(r.code);
        if (r.code === 2) {
          expectLocated(r.stderr);
          expect(existsSync(out)).toBe(false);
        } else {
          expect(readdirSync(out).sort()).toEqual(['datapackage.json', 'ledger.csv', 'manifest.json', 'summary.json', 'trajectory.csv']);
        }
        expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]); // no lock or temporary left
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('sweep files: a sweep or an input error with located problems, never another exception', () => {
    writeFileSync(join(dir, 'base.yaml'), BASE);
    const sweepText = fc.oneof(
      fc.tuple(fc.constantFrom(...fields), fc.array(values, { maxLength: 4 }), fc.integer({ min: -1, max: 20_000 })).map(
        ([f, vs, reps]) => `name: f\nbase: base.yaml\nreplicates: ${reps}\nparameters:\n  ${f}: [${vs.map((v) => JSON.stringify(v)).join(', ')}]\nmetrics: [headcount_ratio]\n`,
      ),
      fc.string({ maxLength: 80 }).map((s) => `name: f\nbase: base.yaml\n${s}`),
      fc.string({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(sweepText, (text) => {
        const file = join(dir, `w${++n}.yaml`);
        writeFileSync(file, text);
        try {
          loadSweepFile(file);
        } catch (e) {
          expect(e).toBeInstanceOf(SimError);
          expect((e as SimError).exitCode).toBe(2);
          for (const p of (e as SimError).problems) expect(p.file === undefined && p.path === '' ? p.message : p.file).toBeTruthy();
        }
      }),
      { numRuns: 150 },
    );
  });
});
