/**
 * Merging shard outputs: the finished output directories of `sweep --shard
 * i/n` (any mix of shardings, even an unsharded one) → one directory with the
 * same runs.csv and errors.csv bytes an unsharded sweep writes, and a
 * manifest. Streams: each input is indexed (byte offsets per run) and the
 * output is written run by run.
 *
 * Every input must be finished (manifest status "complete") and come from
 * the same sweep (same hash). Missing runs are an input error naming them and
 * the missing shards, and nothing is written: a merge is complete or it is
 * not made. A run present in several inputs (the same shard given twice) is
 * taken from the first one listed.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inputError, type Problem } from '../core/errors.ts';
import { inShard, shardSlot, WHOLE } from './design.ts';
import {
  ERRORS_FILE, indexBlocks, MANIFEST_FILE, readManifest, readProgramInfo, RUNS_FILE, writeManifest, writeOrdered,
  type BlockIndex, type ProgramInfo, type SweepManifest,
} from './sweep.ts';

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
  if (dirs.some((d) => samePath(d, out))) throw inputError(`merge: --out ${out} is one of the inputs; choose another directory`, [{ file: out, path: '', message: 'is an input' }]);
  const existing = [RUNS_FILE, ERRORS_FILE, MANIFEST_FILE].filter((f) => existsSync(join(out, f)));
  if (existing.length > 0) {
    throw inputError(`${out} already holds sweep results (${existing.join(', ')}); choose another --out`, [{ file: out, path: '', message: 'already holds sweep results' }]);
  }

  // Index every input; headers must agree.
  const total = first.runs_total;
  const runsHeader = firstLine(join(dirs[0]!, RUNS_FILE));
  const errorsHeader = firstLine(join(dirs[0]!, ERRORS_FILE));
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

  // Write in run order, reading each run's block where it is.
  mkdirSync(out, { recursive: true });
  const fds = new Map<Input, { runs: number; errors: number }>();
  try {
    for (const input of inputs) fds.set(input, { runs: openSync(join(input.dir, RUNS_FILE), 'r'), errors: openSync(join(input.dir, ERRORS_FILE), 'r') });
    const blocks = function* (which: 'runs' | 'errors'): Generator<[number, number, number]> {
      for (let id = 0; id < total; id++) {
        if (which === 'errors' && find(id, 'runs')) continue;
        const hit = find(id, which);
        if (!hit) continue;
        const [input, slot] = hit;
        yield [fds.get(input)![which], input[which].offset[slot]!, input[which].length[slot]!];
      }
    };
    writeOrdered(join(out, RUNS_FILE), runsHeader, blocks('runs'));
    writeOrdered(join(out, ERRORS_FILE), errorsHeader, blocks('errors'));
  } finally {
    for (const f of fds.values()) {
      closeSync(f.runs);
      closeSync(f.errors);
    }
  }
  const program = opts.program ?? readProgramInfo();
  const wallTimeSeconds = Math.round(now() - t0) / 1000;
  const manifest: SweepManifest = {
    ...first,
    program: program.name,
    version: program.version,
    node: process.version,
    command: 'merge',
    shard: WHOLE,
    runs: total,
    completed,
    failed,
    status: 'complete',
    merged_from: [...dirs],
    wall_time_seconds: wallTimeSeconds,
  };
  delete manifest.workers;
  writeManifest(out, manifest);
  return { out, hash: first.sweep_hash, runsTotal: total, completed, failed, inputs: dirs.length, wallTimeSeconds };
}

/** The header line of a sweep CSV, with its newline. */
function firstLine(path: string): string {
  if (!existsSync(path)) throw inputError(`${path}: missing; not a finished sweep output`, [{ file: path, path: '', message: 'missing' }]);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl < 0) throw inputError(`${path}: no header line`, [{ file: path, line: 1, column: 1, path: '', message: 'expected a header line' }]);
    return buf.subarray(0, nl + 1).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
