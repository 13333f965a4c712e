import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../src/io/write.ts';
import { SimError } from '../../src/core/errors.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'write-test-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('writeFilesAtomically', () => {
  it('creates nested directories and writes every file', () => {
    const dir = join(root, 'a', 'b');
    writeFilesAtomically(dir, { 'x.csv': 'x\n1\n', 'm.json': '{}\n' });
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'x.csv']);
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toBe('x\n1\n');
  });

  it('writes bytes as they are (e.g. PNG images) beside text', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0a, 0x0d]);
    writeFilesAtomically(root, { 'a.png': bytes, 'a.txt': 'é\n' });
    expect(readFileSync(join(root, 'a.png')).equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('é\n');
  });

  it('replaces existing files', () => {
    writeFileSync(join(root, 'x.csv'), 'old');
    writeFilesAtomically(root, { 'x.csv': 'new' });
    expect(readFileSync(join(root, 'x.csv'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['x.csv']);
  });

  it('leaves no file and no temp when one target cannot be written', () => {
    mkdirSync(join(root, 'summary.json')); // a directory where a file must go
    try {
      writeFilesAtomically(root, { 'trajectory.csv': 'a\n', 'summary.json': '{}\n', 'z.csv': 'z\n' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimError);
      expect((e as SimError).exitCode).toBe(1);
    }
    expect(readdirSync(root)).toEqual(['summary.json']);
  });

  it('writes nothing when the directory cannot be created', () => {
    const blocker = join(root, 'file');
    writeFileSync(blocker, '');
    expect(() => writeFilesAtomically(join(blocker, 'out'), { 'a.csv': 'a' })).toThrow(SimError);
    expect(readdirSync(root)).toEqual(['file']);
  });

  it('removes the directories it created when a write fails', () => {
    // a 250-character name makes the temp name exceed NAME_MAX (255) → ENAMETOOLONG after mkdir
    const dir = join(root, 'new', 'deeper');
    expect(() => writeFilesAtomically(dir, { 'ok.csv': 'a', ['n'.repeat(250)]: 'b' })).toThrow(/could not write outputs/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('rejects file names that are paths', () => {
    expect(() => writeFilesAtomically(root, { '../escape.csv': 'x' })).toThrow(/plain file name/);
    expect(existsSync(join(root, '..', 'escape.csv'))).toBe(false);
  });
});
