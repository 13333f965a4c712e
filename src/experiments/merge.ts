/**
 * Merging shard outputs: the finished output directories of `sweep --shard
 * i/n` (any mix of shardings, even an unsharded one) → one directory with the
 * same runs.csv and errors.csv bytes an unsharded sweep writes, and a
 * manifest. Streams: each input is indexed (byte offsets per run) and the
 * output is written run by run.
 *
 * Every input must be finished (manifest status "complete"), hold its
 * runs.csv and errors.csv, and come from the same sweep (same hash) and the
 * same model code (same code fingerprint). Missing runs are an input error
 * naming them and the missing shards, and nothing is written: a merge is
 * complete or it is not made. The output is built in a temp directory beside
 * --out and renamed into place at the end (--out must not exist, or be an
 * empty directory). A run present in several inputs (the same shard given
 * twice) is taken from the first one listed.
 */
import { lockOutputFolder } from '../io/lock.ts';
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inputError, runError, SimError, type Problem } from '../core/errors.ts';
import { inShard, shardSlot, WHOLE } from './design.ts';
import { errorText } from './pool.ts';
import { MANIFEST_FILE, manifestHeader, readManifest, writeManifest, type SweepManifest } from './manifest.ts';
import { readProgramInfo, type ProgramInfo } from './program.ts';
import { ERRORS_FILE, indexBlocks, outputDirState, readHeader, RUNS_FILE, writeOrdered, type BlockIndex } from './run-store.ts';

export interface MergeOptions {
  now?: () => number;
  program?: ProgramInfo;
}

export interface MergeResult {
  out: string;
  hash: string;
  runsTotal: number;
  completed: number;
  failed: number;
  inputs: number;
  wallTimeSeconds: number;
}

interface Input {
  dir: string;
  manifest: SweepManifest;
  runs: BlockIndex;
  errors: BlockIndex;
}

export function mergeShards(dirs: readonly string[], out: string, opts: MergeOptions = {}): MergeResult {
  // One writer per folder (io/lock.ts): a sweep or another merge into --out is refused.
  const lock = lockOutputFolder(out, 'merge');
  try {
    removeDeadMergeTemps(out);
    return mergeLocked(dirs, out, opts);
  } finally {
    lock.release();
  }
}

function mergeLocked(dirs: readonly string[], out: string, opts: MergeOptions): MergeResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  if (dirs.length === 0) throw inputError('merge: name at least one sweep output directory', [{ path: '', message: 'no input directories' }]);

  // Manifests: finished, one sweep.
  const manifests = dirs.map((dir) => {
    const m = readManifest(dir);
    if (!m) throw inputError(`${dir}: no ${MANIFEST_FILE}; not a sweep output directory`, [{ file: join(dir, MANIFEST_FILE), path: '', message: 'missing' }]);
    if (m.status !== 'complete') {
      throw inputError(`${dir}: shard ${m.shard.index}/${m.shard.count} is not finished (status ${m.status}); run the sweep there again with --resume`, [
        { file: join(dir, MANIFEST_FILE), path: 'status', message: `expected "complete", got ${JSON.stringify(m.status)}` },
      ]);
    }
    return m;
  });
  const first = manifests[0]!;
  const others = manifests.map((m, i) => [m, dirs[i]!] as const).filter(([m]) => m.sweep_hash !== first.sweep_hash);
  if (others.length > 0) {
    throw inputError(`merge: the inputs come from different sweeps (${dirs[0]} has hash ${first.sweep_hash.slice(0, 12)})`, others.map(([m, dir]): Problem => ({
      file: join(dir, MANIFEST_FILE), path: 'sweep_hash', message: `expected ${first.sweep_hash} as in ${dirs[0]}, got ${m.sweep_hash}`,
    })));
  }
  const otherCode = manifests.map((m, i) => [m, dirs[i]!] as const).filter(([m]) => m.code !== first.code);
  if (otherCode.length > 0) {
    const code = (m: SweepManifest) => (m.code === undefined ? 'none recorded' : m.code.slice(0, 12));
    throw inputError(
      `merge: the model code changed between the inputs (${dirs[0]} has code ${code(first)}, ${otherCode[0]![1]} has ${code(otherCode[0]![0])}); ` +
        'their results were written by different versions and cannot be mixed: run those shards again, each with a fresh --out',
      otherCode.map(([m, dir]): Problem => ({ file: join(dir, MANIFEST_FILE), path: 'code', message: `expected ${first.code ?? 'nothing'} as in ${dirs[0]}, got ${m.code ?? 'nothing'}` })),
    );
  }
  // Every input's files, before any is read.
  const absent: Problem[] = [];
  for (const dir of dirs) {
    for (const f of [RUNS_FILE, ERRORS_FILE]) {
      const path = join(dir, f);
      if (!isFile(path)) absent.push({ file: path, path: '', message: `missing; ${dir} is not a finished sweep output` });
    }
  }
  if (absent.length > 0) {
    throw inputError(`merge: ${absent.map((p) => p.file).join(', ')} ${absent.length === 1 ? 'is' : 'are'} missing; not finished sweep outputs`, absent);
  }
  if (dirs.some((d) => samePath(d, out))) throw inputError(`merge: --out ${out} is one of the inputs; choose another directory`, [{ file: out, path: '', message: 'is an input' }]);
  const outState = outputDirState(out);
  if (outState === 'used') {
    throw inputError(`${out} already exists and is not empty; choose another --out`, [{ file: out, path: '', message: 'exists and is not empty' }]);
  }

  // Index every input; headers must agree.
  const total = first.runs_total;
  const runsHeader = readHeader(join(dirs[0]!, RUNS_FILE));
  const errorsHeader = readHeader(join(dirs[0]!, ERRORS_FILE));
  const inputs: Input[] = dirs.map((dir, i) => {
    const m = manifests[i]!;
    const index = (file: string, header: string) => {
      const path = join(dir, file);
      const ix = indexBlocks(path, header, total, m.shard);
      if (ix.goodEnd < ix.size) throw inputError(`${path}: ends with an incomplete run; run the sweep there again with --resume`, [{ file: path, path: '', message: 'incomplete last run' }]);
      return ix;
    };
    return { dir, manifest: m, runs: index(RUNS_FILE, runsHeader), errors: index(ERRORS_FILE, errorsHeader) };
  });

  // Coverage: every run once, in runs.csv or errors.csv of some input.
  const find = (id: number, which: 'runs' | 'errors'): [Input, number] | undefined => {
    for (const input of inputs) {
      if (!inShard(id, input.manifest.shard)) continue;
      const slot = shardSlot(id, input.manifest.shard);
      if (input[which].offset[slot]! >= 0) return [input, slot];
    }
    return undefined;
  };
  const missing: number[] = [];
  let missingCount = 0;
  let completed = 0;
  let failed = 0;
  for (let id = 0; id < total; id++) {
    if (find(id, 'runs')) completed++;
    else if (find(id, 'errors')) failed++;
    else if (++missingCount <= 10) missing.push(id);
  }
  if (missingCount > 0) {
    const counts = new Set(manifests.map((m) => m.shard.count));
    let shards = '';
    if (counts.size === 1) {
      const n = first.shard.count;
      const have = new Set(manifests.map((m) => m.shard.index));
      const lacking = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !have.has(k));
      if (lacking.length > 0) shards = `; missing shards: ${lacking.map((k) => `${k}/${n}`).join(', ')}`;
    }
    const ids = missing.join(', ') + (missingCount > missing.length ? ', ...' : '');
    throw inputError(`merge: ${missingCount} of ${total} runs are in none of the inputs (run ids ${ids})${shards}`, [
      { path: '', message: `runs missing: ${ids}${shards}` },
    ]);
  }

  // Write in run order, reading each run's block where it is, into a temp
  // directory beside --out, renamed into place when everything is written.
  const program = opts.program ?? readProgramInfo();
  const temp = join(dirname(resolve(out)), `.${basename(out)}.merge-tmp-${process.pid}-${++tempCounter}`);
  const fds = new Map<Input, { runs?: number; errors?: number }>();
  let wallTimeSeconds = 0;
  try {
    mkdirSync(temp, { recursive: true });
    for (const input of inputs) {
      const f: { runs?: number; errors?: number } = {};
      fds.set(input, f); // registered first: a failing open leaks nothing
      f.runs = openSync(join(input.dir, RUNS_FILE), 'r');
      f.errors = openSync(join(input.dir, ERRORS_FILE), 'r');
    }
    const blocks = function* (which: 'runs' | 'errors'): Generator<[number, number, number]> {
      for (let id = 0; id < total; id++) {
        if (which === 'errors' && find(id, 'runs')) continue;
        const hit = find(id, which);
        if (!hit) continue;
        const [input, slot] = hit;
        yield [fds.get(input)![which]!, input[which].offset[slot]!, input[which].length[slot]!];
      }
    };
    writeOrdered(join(temp, RUNS_FILE), runsHeader, blocks('runs'));
    writeOrdered(join(temp, ERRORS_FILE), errorsHeader, blocks('errors'));
    wallTimeSeconds = Math.round(now() - t0) / 1000;
    const manifest: SweepManifest = {
      ...first, // the inputs' sweep and code (checked above)
      ...manifestHeader(program, 'merge'),
      shard: WHOLE,
      runs: total,
      completed,
      failed,
      status: 'complete',
      merged_from: [...dirs],
      wall_time_seconds: wallTimeSeconds,
    };
    delete manifest.workers;
    writeManifest(temp, manifest);
    if (outState === 'empty') rmdirSync(out);
    renameSync(temp, out);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (e instanceof SimError) throw e;
    throw runError(`merge: could not write ${out}: ${errorText(e)}`);
  } finally {
    for (const f of fds.values()) {
      if (f.runs !== undefined) closeSync(f.runs);
      if (f.errors !== undefined) closeSync(f.errors);
    }
  }
  return { out, hash: first.sweep_hash, runsTotal: total, completed, failed, inputs: dirs.length, wallTimeSeconds };
}

let tempCounter = 0;

/** Under the lock no other merge into `out` is alive: temp folders beside it are a killed merge's. */
function removeDeadMergeTemps(out: string): void {
  const parent = dirname(resolve(out));
  const prefix = `.${basename(out)}.merge-tmp-`;
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(prefix)) rmSync(join(parent, n), { recursive: true, force: true });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
