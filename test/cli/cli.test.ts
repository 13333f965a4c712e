// End-to-end through a real process: the entry point, exit codes and streams.
// Spawns cost ~0.5 s each, so only what in-process tests cannot show is here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DEBUG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli (spawned)', () => {
  it('--version prints the package.json version', () => {
    expect(cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help and run --help print usage on stdout', () => {
    const top = cli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/run <scenario>/);
    const run = cli('run', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--replicates/);
    expect(run.stderr).toBe('');
  });

  it('validate on a missing file: exit 2, names the file, no stack trace', () => {
    const r = cli('validate', 'no/such/scenario.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no/such/scenario.yaml');
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toContain('    at ');
  });

  it('unknown command: exit 2 with a one-line hint', () => {
    const r = cli('simulate');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown command 'simulate' (expected run, validate, compare, sweep, merge, report, calibrate, decompose, sensitivity or workshop). Run 'sim --help' for usage.\n");
  });
});
