// Bad input through main() in-process with the real loader and model: exit 2,
// a message that names the file (or --set), the field path and line:column,
// no stack trace, and no output directory. A run that fails after its input
// was accepted exits 1, also writing nothing.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = 'population: {households: 300, villages_per_county: 5}\ntime: {start_year: 2014, end_year: 2014}\n';

async function run(name: string, text: string, extra: string[] = []) {
  writeFileSync(join(dir, name), text);
  const err: string[] = [];
  const out: string[] = [];
  const io: Io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stderrIsTTY: false,
    cwd: dir,
    env: { DEBUG: '' },
  };
  const outDir = `out-${name.replace(/\W/g, '_')}`;
  const code = await main(['run', name, '--replicates', '1', '--out', outDir, ...extra], io);
  return { code, stderr: err.join(''), stdout: out.join(''), wrote: existsSync(join(dir, outDir)) };
}

interface Case {
  name: string;
  text: string;
  set?: string[];
  /** What stderr must contain, in order of appearance on one line: where, then path. */
  where: RegExp;
  path: string;
}

const CASES: Case[] = [
  { name: 'syntax.yaml', text: 'name: x\nlevers: [1, 2\n', where: /syntax\.yaml:3:1: /, path: '(root)' },
  { name: 'type.yaml', text: `${SMALL}levers:\n  technology: abc\n`, where: /type\.yaml:4:15: /, path: 'levers.technology' },
  { name: 'range.yaml', text: `${SMALL}levers:\n  fund: 1.5\n`, where: /range\.yaml:4:9: /, path: 'levers.fund' },
  { name: 'unknown.yaml', text: `${SMALL}levers:\n  tecnology: 0.5\n`, where: /unknown\.yaml:4:3: /, path: 'levers.tecnology' },
  { name: 'setpath.yaml', text: SMALL, set: ['levers.nope=1'], where: /(^|\n)--set: /, path: 'levers.nope' },
  { name: 'setproto.yaml', text: SMALL, set: ['__proto__.x=1'], where: /(^|\n)--set: /, path: '__proto__.x' },
  { name: 'fileproto.yaml', text: `${SMALL}levers:\n  __proto__:\n    polluted: 1\n`, where: /fileproto\.yaml:4:3: /, path: 'levers.__proto__' },
  { name: 'fileconstructor.yaml', text: `${SMALL}constructor: {prototype: {polluted: 1}}\n`, where: /fileconstructor\.yaml:3:1: /, path: 'constructor' },
];

describe('bad input: exit 2, located message, no stack, nothing written', () => {
  for (const c of CASES) {
    it(c.name + (c.set ? ` --set ${c.set.join(' ')}` : ''), async () => {
      const r = await run(c.name, c.text, (c.set ?? []).flatMap((s) => ['--set', s]));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toContain(c.name); // the file is named in the headline
      expect(r.stderr).toMatch(c.where);
      const line = r.stderr.split('\n').find((l) => c.where.test(l) || c.where.test('\n' + l));
      expect(line, r.stderr).toBeDefined();
      expect(line).toContain(`${c.path}: `);
      expect(r.stderr).not.toContain('    at ');
      expect(r.stdout).toBe('');
      expect(r.wrote).toBe(false);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    });
  }
});

describe('an output place that cannot be written', () => {
  it('exits 2 before simulating, with a message, no stack, and leaves nothing behind', async () => {
    // The scenario is valid, but the output folder cannot be written (a part
    // of its path is an existing regular file): checked before the run.
    writeFileSync(join(dir, 'blocker'), 'not a folder\n');
    writeFileSync(join(dir, 'ok.yaml'), SMALL);
    const err: string[] = [];
    const io: Io = {
      stdout: { write: () => undefined },
      stderr: { write: (x: string) => err.push(x) },
      stderrIsTTY: false,
      cwd: dir,
      env: { DEBUG: '' },
    };
    const code = await main(['run', 'ok.yaml', '--replicates', '1', '--out', 'blocker/sub'], io);
    const stderr = err.join('');
    // Found before simulating (issue 13, item 4): bad input, exit 2, naming --out.
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: --out .*blocker\/sub: a part of the path is a file, not a directory/);
    expect(stderr).not.toContain('    at ');
    expect(existsSync(join(dir, 'blocker', 'sub'))).toBe(false);
  });
});
