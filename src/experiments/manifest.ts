/**
 * manifest.json: what wrote an output (the header every command's manifest
 * starts with) and the sweep's manifest, which --resume and merge read back
 * to refuse results of another sweep, shard or model code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../core/errors.ts';
import { writeFilesAtomically } from '../io/write.ts';
import { WHOLE, type Shard } from './design.ts';
import { errorText } from './pool.ts';
import type { ProgramInfo } from './program.ts';
import type { Sweep } from './sweep-file.ts';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestHeader<C extends string = string> {
  program: string;
  version: string;
  node: string;
  /** Fingerprint of the model code (program.ts), when the output records it. */
  code?: string;
  command: C;
}

/**
 * The first fields of every manifest, in this order: program name and
 * version, Node version, the code fingerprint when given, the command.
 */
export function manifestHeader<C extends string>(program: ProgramInfo, command: C, code?: string): ManifestHeader<C> {
  return { program: program.name, version: program.version, node: process.version, ...(code === undefined ? {} : { code }), command };
}

export interface SweepManifest extends ManifestHeader<'sweep' | 'merge'> {
  /** Fingerprint of the model code that wrote the results (program.ts); absent in manifests of older versions. */
  code?: string;
  sweep_file: string;
  sweep_name: string;
  sweep_hash: string;
  base_scenario: string;
  shard: Shard;
  seed: number;
  replicates: number;
  design: Sweep['design'];
  parameters: string[];
  metrics: string[];
  points: number;
  runs_total: number;
  runs: number;
  completed: number;
  failed: number;
  status: 'running' | 'interrupted' | 'complete';
  workers?: number;
  merged_from?: string[];
  wall_time_seconds: number;
}

export function readManifest(dir: string): SweepManifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw inputError(`${path}: not a sweep manifest (${errorText(e)})`, [{ file: path, path: '', message: 'not valid JSON' }]);
  }
  const ok = typeof m === 'object' && m !== null && typeof (m as SweepManifest).sweep_hash === 'string' && typeof (m as SweepManifest).runs_total === 'number';
  if (!ok) throw inputError(`${path}: not a sweep manifest`, [{ file: path, path: '', message: 'expected the manifest.json a sweep writes' }]);
  const s = (m as SweepManifest).shard;
  (m as SweepManifest).shard = s && typeof s.index === 'number' && typeof s.count === 'number' ? s : WHOLE;
  return m as SweepManifest;
}

export function writeManifest(dir: string, m: SweepManifest): void {
  writeFilesAtomically(dir, { [MANIFEST_FILE]: JSON.stringify(m, null, 2) + '\n' });
}

/**
 * Results written by other model code must not be mixed with this code's:
 * an input error when the manifest's fingerprint is not `code`. `what` says
 * what is refused (e.g. "cannot resume").
 */
export function checkCode(m: SweepManifest, dir: string, code: string, what: string, advice: string): void {
  if (m.code === code) return;
  const path = join(dir, MANIFEST_FILE);
  const written = m.code === undefined ? 'by a version that did not record its code fingerprint' : `with code ${m.code.slice(0, 12)}`;
  throw inputError(`${dir}: ${what}: the model code changed since the results were written (${written}; this program has code ${code.slice(0, 12)}); ${advice}`, [
    { file: path, path: 'code', message: `expected ${code}, got ${m.code === undefined ? 'nothing' : m.code}` },
  ]);
}
