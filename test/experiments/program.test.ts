// The program info and the code fingerprint that guards resume and merge.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFingerprint, fingerprintOf, readProgramInfo } from '../../src/experiments/program.ts';

describe('program info', () => {
  it('reads name and version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(readProgramInfo()).toEqual({ name: pkg.name, version: pkg.version });
  });
});

describe('code fingerprint', () => {
  it('covers every .ts and .mjs file (path and content), the version and the Node major version', () => {
    const src = mkdtempSync(join(tmpdir(), 'pgs-fp-'));
    mkdirSync(join(src, 'core'));
    writeFileSync(join(src, 'core', 'model.ts'), 'export const a = 1;\n');
    writeFileSync(join(src, 'entry.mjs'), '// entry\n');
    writeFileSync(join(src, 'notes.md'), 'not code\n');
    const base = fingerprintOf(src, '1.0.0', '20');
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(src, '1.0.0', '20')).toBe(base);
    expect(fingerprintOf(src, '1.0.1', '20')).not.toBe(base);
    expect(fingerprintOf(src, '1.0.0', '22')).not.toBe(base);
    writeFileSync(join(src, 'notes.md'), 'edited\n');
    expect(fingerprintOf(src, '1.0.0', '20')).toBe(base);
    writeFileSync(join(src, 'entry.mjs'), '// entry, edited\n');
    const edited = fingerprintOf(src, '1.0.0', '20');
    expect(edited).not.toBe(base);
    writeFileSync(join(src, 'core', 'extra.ts'), '');
    expect(fingerprintOf(src, '1.0.0', '20')).not.toBe(edited);
    expect(codeFingerprint()).toBe(codeFingerprint()); // once per process
  });
});
