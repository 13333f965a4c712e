/**
 * Sweeps: every run (design point x replicate) of a sweep file, on a pool of
 * worker threads, into an output directory:
 *
 *  runs.csv      one row per run and year: run_id, point, replicate, seed,
 *                one column per varied parameter (sweep-file order), year,
 *                then the kept metrics. While the sweep runs, each finished
 *                run's rows are appended with one write (completion order);
 *                at the end the file is rewritten in run_id order (then year,
 *                the order a run writes its rows) and renamed into place.
 *  errors.csv    one row per run that threw: run_id, point, replicate, seed,
 *                parameters, error (one line). Same ordering. A failed run
 *                counts as done and is not retried by --resume.
 *  manifest.json the sweep file and hash, the code fingerprint, shard,
 *                counts, status (running | interrupted | complete), program
 *                and Node versions, wall time of this invocation.
 *
 * Parameter values are written at full precision (the shortest text that
 * reads back as the same number), so runs.csv reproduces each design point
 * exactly; metrics use the project's CSV number format.
 *
 * A run whose worker thread dies twice (pool.ts: e.g. out of memory) is not
 * recorded anywhere: whether it completes depends on the machine, and the
 * files must not. No new runs start; the sweep stops as interrupted, naming
 * the runs, and --resume (perhaps with fewer workers) runs them again.
 *
 * Resuming: the manifest's hash must match the sweep's and its code
 * fingerprint the running program's (program.ts); runs.csv and
 * errors.csv are scanned and a run counts as done only with all its year rows
 * (errors: its whole line). A torn tail (a kill in the middle of an append)
 * is cut off; everything else stays. Since a run's rows depend only on the
 * sweep and its run id, and the final ordering does not depend on the order
 * runs finished in, the final files are byte-identical for any number of
 * workers, for interrupted-then-resumed sweeps, and for merged shards.
 *
 * Memory does not grow with the number of rows: rows go to disk as each run
 * finishes, and the final ordering reads them back run by run through an
 * index of byte offsets (a few bytes per run).
 */
import { appendFileSync, closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inputError, runError, SimError } from '../core/errors.ts';
import { toCsv } from '../io/csv.ts';
import { writeFilesAtomically } from '../io/write.ts';
import { pointOf, replicateOf, shardRunIds, shardSize, shardSlot, validateShard, WHOLE, type Shard, type Value } from './design.ts';
import { createInlinePool, createThreadPool, errorText, type RunResult, type Runner, type TaskPool } from './pool.ts';
import { codeFingerprint, readProgramInfo, type ProgramInfo } from './program.ts';
import type { Row } from './run.ts';
import { loadSweepFile, resolvePoint, type Sweep } from './sweep-file.ts';
import type { Scenario } from '../scenario/schema.ts';

export const RUNS_FILE = 'runs.csv';
export const ERRORS_FILE = 'errors.csv';
export const MANIFEST_FILE = 'manifest.json';

// ---------------------------------------------------------------------------
// The plan (pure)

export interface Plan {
  points: number;
  replicates: number;
  /** Runs in the whole sweep: points x replicates. */
  total: number;
  parameters: string[];
  runColumns: string[];
  errorColumns: string[];
  /** Rows a complete run has in runs.csv (its point's simulated years). */
  rowsOf(runId: number): number;
}

export function planSweep(sweep: Sweep): Plan {
  const parameters = sweep.parameters.map((p) => p.path);
  const lead = ['run_id', 'point', 'replicate', 'seed', ...parameters];
  return {
    points: sweep.points.length,
    replicates: sweep.replicates,
    total: sweep.points.length * sweep.replicates,
    parameters,
    runColumns: [...lead, 'year', ...sweep.metrics],
    errorColumns: [...lead, 'error'],
    rowsOf: (id) => sweep.years[pointOf(id, sweep.replicates)]!,
  };
}

/** The identifying cells of a run's rows. */
export function runCells(sweep: Sweep, runId: number): Row {
  const point = pointOf(runId, sweep.replicates);
  const row: Row = { run_id: runId, point, replicate: replicateOf(runId, sweep.replicates), seed: sweep.seed };
  sweep.parameters.forEach((p, i) => (row[p.path] = parameterCell(sweep.points[point]![i]!)));
  return row;
}

/**
 * A parameter value as its CSV cell: numbers at full precision (String(v),
 * the shortest text that reads back as the same double; not the 10
 * significant digits of metrics), so runs.csv reproduces a design point.
 */
export function parameterCell(v: Value): string {
  return String(v);
}

/** CSV header line (with its newline) for these columns. */
export function headerLine(columns: readonly string[]): string {
  return toCsv([], columns);
}

/** CSV lines of rows without the header. */
function csvBody(rows: Row[], columns: readonly string[]): string {
  const text = toCsv(rows, columns);
  return text.slice(text.indexOf('\n') + 1);
}

/** A finished run's block for runs.csv, or its line for errors.csv. */
export function formatResult(sweep: Sweep, plan: Plan, result: Exclude<RunResult, { lost: string }>): { file: 'runs' | 'errors'; text: string } {
  const ids = runCells(sweep, result.runId);
  const asError = (error: string) => ({ file: 'errors' as const, text: csvBody([{ ...ids, error }], plan.errorColumns) });
  if ('error' in result) return asError(errorText(result.error));
  try {
    const expected = plan.rowsOf(result.runId);
    if (result.rows.length !== expected) throw new Error(`the run returned ${result.rows.length} rows for ${expected} years`);
    return { file: 'runs', text: csvBody(result.rows.map((r) => ({ ...ids, ...r })), plan.runColumns) };
  } catch (e) {
    return asError(errorText(e));
  }
}

// ---------------------------------------------------------------------------
// Reading the CSV files back: records (quote-aware), grouped into runs.

export interface CsvRecord {
  /** Byte offsets: [start, end), end after the newline when there is one. */
  start: number;
  end: number;
  /** The leading whole number (run_id), or -1 when the first field is not one. */
  runId: number;
  /** Ends with a newline outside quotes. */
  terminated: boolean;
}

const CHUNK = 1 << 20;

/** Every record of the file from `from` on, streamed in 1 MiB chunks. */
export function* csvRecords(fd: number, from = 0): Generator<CsvRecord> {
  const buf = Buffer.allocUnsafe(CHUNK);
  let pos = from; // file offset of buf[0]
  let start = from;
  let id = 0;
  let digits = 0;
  let phase: 'id' | 'rest' = 'id';
  let valid = true;
  let inQuotes = false;
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    if (n === 0) break;
    const view = buf.subarray(0, n);
    let i = 0;
    let nextQuote = -2;
    let nextNewline = -2;
    while (i < n) {
      if (phase === 'id') {
        const b = view[i]!;
        if (b >= 48 && b <= 57 && digits < 15) {
          id = id * 10 + (b - 48);
          digits++;
          i++;
          continue;
        }
        if (b === 44 && digits > 0) i++;
        else valid = false;
        phase = 'rest';
        continue;
      }
      if (nextQuote !== -1 && nextQuote < i) nextQuote = view.indexOf(34, i);
      if (inQuotes) {
        if (nextQuote < 0 || nextQuote >= n) {
          i = n;
        } else {
          inQuotes = false;
          i = nextQuote + 1;
        }
        continue;
      }
      if (nextNewline !== -1 && nextNewline < i) nextNewline = view.indexOf(10, i);
      const q = nextQuote >= 0 && nextQuote < n ? nextQuote : Infinity;
      const nl = nextNewline >= 0 && nextNewline < n ? nextNewline : Infinity;
      if (q < nl) {
        inQuotes = true;
        i = q + 1;
      } else if (nl < Infinity) {
        const end = pos + nl + 1;
        yield { start, end, runId: valid ? id : -1, terminated: true };
        start = end;
        id = 0;
        digits = 0;
        valid = true;
        phase = 'id';
        i = nl + 1;
      } else {
        i = n;
      }
    }
    pos += n;
  }
  if (pos > start) yield { start, end: pos, runId: -1, terminated: false };
}

/** Complete blocks of runs in a runs/errors file, by shard slot. */
export interface BlockIndex {
  offset: Float64Array; // -1 when the run has no complete block
  length: Float64Array;
  complete: number;
  /** End of the header or of the last complete block: where a torn tail starts. */
  goodEnd: number;
  size: number;
}

/**
 * Index the complete blocks of a file written by a sweep (or merge): its
 * header must be `header`; a block is consecutive records with one run_id,
 * complete with `rowsOf(id)` terminated records (undefined: any number, for
 * finished files). The first complete block of a run wins. Records that
 * belong to no run of the shard are an input error, except in a torn tail.
 */
export function indexBlocks(path: string, header: string, total: number, shard: Shard, rowsOf?: (id: number) => number): BlockIndex {
  const slots = shardSize(total, shard);
  const offset = new Float64Array(slots).fill(-1);
  const length = new Float64Array(slots);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Buffer.byteLength(header));
    const got = readSync(fd, head, 0, head.length, 0);
    if (got < head.length || head.toString('utf8') !== header) {
      throw inputError(`${path}: the first line is not the header this sweep writes; the file belongs to another sweep or was edited`, [
        { file: path, line: 1, column: 1, path: '', message: `expected the header ${JSON.stringify(header.trimEnd())}` },
      ]);
    }
    let complete = 0;
    let goodEnd = head.length;
    let lineNo = 1;
    let group: { id: number; start: number; end: number; rows: number; ok: boolean; line: number } | undefined;
    let stray: { line: number; id: number } | undefined;
    const close = () => {
      if (!group) return;
      const g = group;
      group = undefined;
      const inShard = g.id >= 0 && g.id < total && (g.id - (shard.index - 1)) % shard.count === 0;
      const whole = g.ok && inShard && (rowsOf === undefined || g.rows === rowsOf(g.id));
      if (!inShard) stray ??= { line: g.line, id: g.id };
      if (!whole) return;
      if (stray) {
        throw inputError(`${path}: line ${stray.line} is not a row of a run of this sweep${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}`, [
          { file: path, line: stray.line, column: 1, path: '', message: stray.id < 0 ? 'expected a run id first' : `run ${stray.id} is not in this sweep or shard` },
        ]);
      }
      const slot = shardSlot(g.id, shard);
      if (offset[slot]! < 0) {
        offset[slot] = g.start;
        length[slot] = g.end - g.start;
        complete++;
      }
      goodEnd = g.end;
    };
    for (const r of csvRecords(fd, head.length)) {
      lineNo++;
      if (group && r.runId === group.id && r.runId >= 0) {
        group.end = r.end;
        group.rows++;
        group.ok &&= r.terminated;
      } else {
        close();
        group = { id: r.runId, start: r.start, end: r.end, rows: 1, ok: r.terminated, line: lineNo };
      }
    }
    close();
    return { offset, length, complete, goodEnd, size };
  } finally {
    closeSync(fd);
  }
}

/** Buffered writes to a file descriptor. */
class Output {
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  constructor(private readonly fd: number) {}
  write(bytes: Buffer): void {
    if (this.used + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) {
      writeAll(this.fd, bytes);
      return;
    }
    bytes.copy(this.buf, this.used);
    this.used += bytes.length;
  }
  flush(): void {
    writeAll(this.fd, this.buf.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

let tempCounter = 0;

/**
 * Write `target` from a header and blocks read from sources, then rename into
 * place (a temp name in the same directory first, so the file is never half
 * written). `blocks` yields [source fd, offset, length] in output order.
 */
export function writeOrdered(target: string, header: string, blocks: Iterable<[number, number, number]>): void {
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${++tempCounter}`);
  const fd = openSync(temp, 'wx');
  try {
    const out = new Output(fd);
    out.write(Buffer.from(header));
    let scratch = Buffer.allocUnsafe(64 * 1024);
    for (const [src, off, len] of blocks) {
      if (len > scratch.length) scratch = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const n = readSync(src, scratch, got, len - got, off + got);
        if (n === 0) throw new Error(`unexpected end of file reading ${len} bytes at ${off}`);
        got += n;
      }
      out.write(scratch.subarray(0, len));
    }
    out.flush();
    closeSync(fd);
    renameSync(temp, target);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    if (e instanceof SimError) throw e;
    throw runError(`could not write ${target}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Rewrite a file in run order from its index. */
function finalizeFile(path: string, header: string, index: BlockIndex): void {
  const src = openSync(path, 'r');
  try {
    writeOrdered(path, header, blocksInOrder(src, index));
  } finally {
    closeSync(src);
  }
}

function* blocksInOrder(src: number, index: BlockIndex): Generator<[number, number, number]> {
  for (let s = 0; s < index.offset.length; s++) if (index.offset[s]! >= 0) yield [src, index.offset[s]!, index.length[s]!];
}

// ---------------------------------------------------------------------------
// Manifest

export interface SweepManifest {
  program: string;
  version: string;
  node: string;
  /** Fingerprint of the model code that wrote the results (program.ts); absent in manifests of older versions. */
  code?: string;
  command: 'sweep' | 'merge';
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

/**
 * What is at an output path: nothing, or a directory (empty or not). A file,
 * or a path through a file, is an input error naming `flag`.
 */
export function outputDirState(out: string, flag = '--out'): 'missing' | 'empty' | 'used' {
  let st;
  try {
    st = statSync(out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    const why = code === 'ENOTDIR' ? 'a part of the path is a file, not a directory' : code === 'EACCES' ? 'permission denied' : errorText(e);
    throw inputError(`${flag} ${out}: ${why}; choose another ${flag}`, [{ file: out, path: '', message: why }]);
  }
  if (!st.isDirectory()) {
    throw inputError(`${flag} ${out} is a file, not a directory; choose another ${flag}`, [{ file: out, path: '', message: 'is a file, not a directory' }]);
  }
  return readdirSync(out).length === 0 ? 'empty' : 'used';
}

// ---------------------------------------------------------------------------
// Running

export interface SweepOptions {
  sweepFile: string;
  /** Output directory (created). */
  out: string;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /** Continue the runs already in `out` (or start afresh when it has none). */
  resume?: boolean;
  shard?: Shard;
  /** After every finished run, and once before the first: runs done (including earlier ones) of `total` in this shard. */
  onProgress?: (done: number, total: number, failed: number) => void;
  /** Abort: stop starting runs, terminate the workers, leave `out` resumable; resolves with `aborted: true`. */
  signal?: AbortSignal;
  /** Tests only: run in this thread with this runner instead of worker threads. */
  runner?: Runner;
  /** Monotone milliseconds for the wall time (default performance.now). */
  now?: () => number;
  program?: ProgramInfo;
  /** Fingerprint of the model code (default codeFingerprint(); tests pass others). */
  code?: string;
}

export interface SweepResult {
  out: string;
  name: string;
  hash: string;
  shard: Shard;
  /** Runs in the whole sweep and in this shard. */
  runsTotal: number;
  runs: number;
  /** Runs of the shard finished without error / with an error, in total. */
  completed: number;
  failed: number;
  /** Runs found done in `out` before this invocation. */
  skipped: number;
  /** Runs this invocation finished. */
  ran: number;
  /** Stopped by the signal. */
  aborted: boolean;
  /** Runs whose worker thread died twice (pool.ts), in run-id order: not recorded; the sweep stopped as interrupted. */
  lost: { runId: number; reason: string }[];
  wallTimeSeconds: number;
}

export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const sweep = loadSweepFile(opts.sweepFile, { shard: opts.shard ?? WHOLE });
  return runLoadedSweep(sweep, opts, started);
}

export async function runLoadedSweep(sweep: Sweep, opts: Omit<SweepOptions, 'sweepFile'> & { sweepFile?: string }, started?: number): Promise<SweepResult> {
  const now = opts.now ?? (() => performance.now());
  const t0 = started ?? now();
  const shard = validateShard(opts.shard ?? WHOLE);
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isSafeInteger(workers) || workers < 1) {
    throw inputError(`--workers: expected a whole number of at least 1, got ${workers}`, [{ file: '--workers', path: '', message: `expected a whole number of at least 1, got ${workers}` }]);
  }
  const checked = sweep.checked;
  if (checked.count > 1 && (checked.index !== shard.index || checked.count !== shard.count)) {
    throw runError(`sweep: the sweep file was checked for shard ${checked.index}/${checked.count}, not ${shard.index}/${shard.count}; load it with {shard}`);
  }
  const plan = planSweep(sweep);
  const out = opts.out;
  const runsPath = join(out, RUNS_FILE);
  const errorsPath = join(out, ERRORS_FILE);
  const runsHeader = headerLine(plan.runColumns);
  const errorsHeader = headerLine(plan.errorColumns);
  const slots = shardSize(plan.total, shard);

  // The output directory: fresh, or resumed with the same sweep, code and shard.
  const code = opts.code ?? codeFingerprint();
  const existing = outputDirState(out) === 'missing' ? [] : [RUNS_FILE, ERRORS_FILE, MANIFEST_FILE].filter((f) => existsSync(join(out, f)));
  if (existing.length > 0 && !opts.resume) {
    throw inputError(`${out} already holds sweep results (${existing.join(', ')}); use --resume to continue them, or choose another --out`, [
      { file: out, path: '', message: 'already holds sweep results; use --resume to continue them, or choose another --out' },
    ]);
  }
  if (existing.length > 0) {
    const m = readManifest(out);
    if (!m) throw inputError(`${out}: has ${existing.join(', ')} but no ${MANIFEST_FILE}; cannot tell which sweep wrote them`, [{ file: join(out, MANIFEST_FILE), path: '', message: 'missing' }]);
    if (m.sweep_hash !== sweep.hash) {
      throw inputError(`${out} holds results of a different sweep (hash ${m.sweep_hash.slice(0, 12)}, this sweep ${sweep.hash.slice(0, 12)}); choose another --out`, [
        { file: join(out, MANIFEST_FILE), path: 'sweep_hash', message: `expected ${sweep.hash}, got ${m.sweep_hash}` },
      ]);
    }
    if (m.shard.index !== shard.index || m.shard.count !== shard.count) {
      throw inputError(`${out} holds shard ${m.shard.index}/${m.shard.count}, not ${shard.index}/${shard.count}`, [
        { file: join(out, MANIFEST_FILE), path: 'shard', message: `expected ${shard.index}/${shard.count}, got ${m.shard.index}/${m.shard.count}` },
      ]);
    }
    checkCode(m, out, code, 'cannot resume', 'start the sweep afresh with another --out');
  }
  mkdirSync(out, { recursive: true });
  removeStaleTemps(out);

  // What is done already: complete blocks; torn tails cut off.
  const done = new Uint8Array(slots); // 0 to do, 1 ok, 2 failed
  const prepare = (path: string, header: string, mark: 1 | 2, rowsOf?: (id: number) => number) => {
    if (!existsSync(path) || isTornHeader(path, header)) {
      writeFileSync(path, header);
      return;
    }
    const index = indexBlocks(path, header, plan.total, shard, rowsOf);
    if (index.goodEnd < index.size) truncate(path, index.goodEnd);
    for (let s = 0; s < slots; s++) if (index.offset[s]! >= 0 && done[s] === 0) done[s] = mark;
  };
  prepare(runsPath, runsHeader, 1, plan.rowsOf);
  prepare(errorsPath, errorsHeader, 2, () => 1);
  let completed = 0;
  let failed = 0;
  for (const d of done) (d === 1 ? completed++ : d === 2 ? failed++ : 0);
  const skipped = completed + failed;

  const program = opts.program ?? readProgramInfo();
  const manifest = (status: SweepManifest['status']): SweepManifest => ({
    program: program.name,
    version: program.version,
    node: process.version,
    code,
    command: 'sweep',
    sweep_file: opts.sweepFile ?? sweep.file,
    sweep_name: sweep.name,
    sweep_hash: sweep.hash,
    base_scenario: sweep.base.file,
    shard,
    seed: sweep.seed,
    replicates: sweep.replicates,
    design: sweep.design,
    parameters: plan.parameters,
    metrics: sweep.metrics,
    points: plan.points,
    runs_total: plan.total,
    runs: slots,
    completed,
    failed,
    status,
    workers,
    wall_time_seconds: Math.round(now() - t0) / 1000,
  });
  writeManifest(out, manifest('running'));

  // The runs still to do, W at a time.
  const signal = opts.signal;
  let aborted = signal?.aborted ?? false;
  let pool: TaskPool | undefined;
  const onAbort = () => {
    aborted = true;
    void pool?.close();
  };
  let ran = 0;
  let failure: unknown;
  const lost: SweepResult['lost'] = [];
  try {
    signal?.addEventListener('abort', onAbort, { once: true });
    pool = opts.runner ? createInlinePool(opts.runner) : createThreadPool(workers);
    const tasks = pool;
    opts.onProgress?.(skipped, slots, failed);
    let cached: { point: number; scenario: Scenario } | undefined;
    const inFlight = new Set<Promise<void>>();
    for (const id of shardRunIds(plan.total, shard)) {
      if (aborted || failure !== undefined || lost.length > 0) break;
      if (done[shardSlot(id, shard)] !== 0) continue;
      const point = pointOf(id, sweep.replicates);
      if (cached?.point !== point) cached = { point, scenario: resolvePoint(sweep, point) };
      const task = { runId: id, scenario: cached.scenario, seed: sweep.seed, replicate: replicateOf(id, sweep.replicates), metrics: sweep.metrics };
      const p: Promise<void> = tasks
        .run(task)
        .then((result) => {
          if (aborted) return;
          if ('lost' in result) {
            lost.push({ runId: id, reason: result.lost });
            return;
          }
          const { file, text } = formatResult(sweep, plan, result);
          appendFileSync(file === 'runs' ? runsPath : errorsPath, text);
          done[shardSlot(id, shard)] = file === 'runs' ? 1 : 2;
          if (file === 'runs') completed++;
          else failed++;
          ran++;
          opts.onProgress?.(completed + failed, slots, failed);
        })
        .catch((e: unknown) => {
          if (!aborted) failure ??= e;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= tasks.size) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool?.close();
  }
  lost.sort((a, b) => a.runId - b.runId);

  if (failure !== undefined || aborted || lost.length > 0) {
    writeManifest(out, manifest('interrupted'));
    if (failure !== undefined) throw failure instanceof SimError ? failure : runError(`sweep failed: ${errorText(failure)}`);
  } else {
    finalizeFile(runsPath, runsHeader, indexBlocks(runsPath, runsHeader, plan.total, shard, plan.rowsOf));
    finalizeFile(errorsPath, errorsHeader, indexBlocks(errorsPath, errorsHeader, plan.total, shard, () => 1));
    writeManifest(out, manifest('complete'));
  }
  return {
    out,
    name: sweep.name,
    hash: sweep.hash,
    shard,
    runsTotal: plan.total,
    runs: slots,
    completed,
    failed,
    skipped,
    ran,
    aborted: aborted && failure === undefined,
    lost,
    wallTimeSeconds: Math.round(now() - t0) / 1000,
  };
}

/** A header cut short when the file was created (a kill right then): start the file again. */
function isTornHeader(path: string, header: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size >= Buffer.byteLength(header)) return false;
    const buf = Buffer.alloc(size);
    readSync(fd, buf, 0, size, 0);
    return header.startsWith(buf.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

function truncate(path: string, size: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** Temp files of a final ordering that was killed before its rename. */
function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (/^\.(runs|errors)\.csv\.tmp-/.test(name)) rmSync(join(dir, name), { force: true });
  }
}
