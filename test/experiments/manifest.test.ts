// The header every manifest.json starts with, in its fixed field order.
import { describe, expect, it } from 'vitest';
import { manifestHeader } from '../../src/experiments/manifest.ts';

describe('manifest header', () => {
  it('program, version, node, the code when given, then the command', () => {
    const program = { name: 'pgs', version: '1.2.3' };
    expect(JSON.stringify(manifestHeader(program, 'run'))).toBe(`{"program":"pgs","version":"1.2.3","node":"${process.version}","command":"run"}`);
    expect(Object.keys(manifestHeader(program, 'sweep', 'abc'))).toEqual(['program', 'version', 'node', 'code', 'command']);
  });
});
