/**
 * What program wrote an output (edge code: reads package.json and the
 * sources). The CLI reads the program info once at startup and hands it to the
 * commands; the sweep runner computes the code fingerprint when a sweep
 * starts, so resuming and merging can refuse results of another model version.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProgramInfo {
  name: string;
  version: string;
}

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
const SRC = new URL('../', import.meta.url);
const FALLBACK: ProgramInfo = { name: 'poverty-governance-sim', version: '0.0.0' };

/** name and version from package.json (fallbacks when it cannot be read). */
export function readProgramInfo(): ProgramInfo {
  try {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as Partial<ProgramInfo>;
    return { name: typeof pkg.name === 'string' ? pkg.name : FALLBACK.name, version: typeof pkg.version === 'string' ? pkg.version : FALLBACK.version };
  } catch {
    return { ...FALLBACK };
  }
}

let cached: string | undefined;

/**
 * SHA-256 over every src/**\/*.ts and *.mjs file (its path relative to the
 * package root, then its bytes, in path order), package.json's version and
 * the Node major version: results written under another fingerprint may come
 * from another model. Computed once per process.
 */
export function codeFingerprint(): string {
  cached ??= fingerprintOf(fileURLToPath(SRC), readProgramInfo().version, process.versions.node.split('.')[0]!);
  return cached;
}

/** The fingerprint of the sources under `srcDir` (exported for tests). */
export function fingerprintOf(srcDir: string, version: string, nodeMajor: string): string {
  const files = sourceFiles(srcDir, 'src').sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const hash = createHash('sha256');
  const field = (s: string | Buffer) => {
    const bytes = typeof s === 'string' ? Buffer.from(s) : s;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };
  field('pgs-code/1');
  for (const f of files) {
    field(f.rel);
    field(readFileSync(f.abs));
  }
  field(`version ${version}`);
  field(`node ${nodeMajor}`);
  return hash.digest('hex');
}

function sourceFiles(dir: string, rel: string): { abs: string; rel: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = join(dir, e.name);
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(abs, r);
    return e.isFile() && /\.(ts|mjs)$/.test(e.name) ? [{ abs, rel: r }] : [];
  });
}
