// Issue 13, item 2: a run's outputs are atomic as a set. A writer killed
// (kill -9) at each step of its write leaves the old complete set or the new
// one, and the next writer repairs what it left (no stray temporaries).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { claimOutputFolder } from '../../src/io/folder-set.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FILES = ['ledger.csv', 'manifest.json', 'summary.json', 'trajectory.csv'];
const STEPS = 8; // mkdir, 4 files, old aside, new in, old removed

function setOf(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir).sort();
  expect(names).toEqual(FILES);
  const tags = new Set(names.map((n) => readFileSync(join(dir, n), 'utf8').trim().split(' ')[1]));
  expect(tags.size).toBe(1); // never a mix
  return [...tags][0];
}

describe('output set switched in as a whole', () => {
  it('kill -9 at every step of a write leaves the old complete set or the new one', () => {
    const seen = new Set<string>();
    for (let at = 1; at <= STEPS + 1; at++) {
      const parent = mkdtempSync(join(tmpdir(), 'pgs-crash-'));
      const out = join(parent, 'out');
      mkdirSync(out);
      for (const f of FILES) writeFileSync(join(out, f), `${f[0]} old\n`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/helpers/crash-writer.ts'), out, String(at), 'new'], { cwd: root, encoding: 'utf8' });
      expect(r.signal ?? 'exit').toBe(at <= STEPS ? 'SIGKILL' : 'exit');
      // Right after the kill: a complete set, or (between the two renames) none.
      const now = setOf(out);
      if (now !== undefined) expect(['old', 'new']).toContain(now);
      // The next writer repairs: the set is back, leftovers gone.
      claimOutputFolder(out, { command: 'run', owns: FILES }).release();
      const after = setOf(out)!;
      expect(['old', 'new']).toContain(after);
      if (now !== undefined) expect(after).toBe(now);
      expect(readdirSync(parent)).toEqual(['out']);
      seen.add(after);
    }
    expect(seen).toEqual(new Set(['old', 'new']));
  }, 60_000);

  it('refuses a folder that holds other files, before any work', () => {
    const parent = mkdtempSync(join(tmpdir(), 'pgs-set-'));
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    expect(() => claimOutputFolder(parent, { command: 'run', owns: FILES })).toThrow(/holds other files \(notes.txt\), not an earlier run output/);
    expect(readFileSync(join(parent, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('a symlinked output folder', () => {
  it('gets the new set where it points; the link stays a link', async () => {
    const { lstatSync, symlinkSync } = await import('node:fs');
    const parent = mkdtempSync(join(tmpdir(), 'pgs-link-'));
    mkdirSync(join(parent, 'real'));
    symlinkSync(join(parent, 'real'), join(parent, 'link'));
    for (const tag of ['one', 'two']) {
      const f = claimOutputFolder(join(parent, 'link'), { command: 'run', owns: FILES });
      f.write(Object.fromEntries(FILES.map((n) => [n, `${n[0]} ${tag}\n`])));
      f.release();
    }
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true);
    expect(setOf(join(parent, 'real'))).toBe('two');
  });
});
