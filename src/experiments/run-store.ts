/**
 * The run store: runs.csv and errors.csv of a sweep output directory, at the
 * byte level. Shared by the sweep (append a finished run's block, cut a torn
 * tail, rewrite in run order at the end) and merge (read blocks from several
 * directories into one file).
 *
 * A file is a header line, then blocks: consecutive records with one run_id
 * (a run's rows in runs.csv, its one line in errors.csv). Records are found
 * quote-aware by streaming the file in 1 MiB chunks, and a file is indexed
 * by the byte offsets of its complete blocks (a few bytes per run), so
 * memory does not grow with the number of rows.
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError, runError, SimError } from '../core/errors.ts';
import { shardSize, shardSlot, type Shard } from './design.ts';
import { errorText } from './pool.ts';

export const RUNS_FILE = 'runs.csv';
export const ERRORS_FILE = 'errors.csv';

// ---------------------------------------------------------------------------
// Reading: records (quote-aware), grouped into runs.

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

/** The header line of a sweep CSV, with its newline. */
export function readHeader(path: string): string {
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

// ---------------------------------------------------------------------------
// Writing in run order (the end of a sweep, merge)

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
export function finalizeFile(path: string, header: string, index: BlockIndex): void {
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
// Appending (a sweep, fresh or resumed)

/**
 * Make `path` ready for appending blocks: a missing file, or one whose header
 * was cut short by a kill right when it was created, starts afresh with the
 * header (undefined: nothing done yet); otherwise its complete blocks are
 * indexed (indexBlocks) and a torn tail is cut off.
 */
export function openForAppend(path: string, header: string, total: number, shard: Shard, rowsOf?: (id: number) => number): BlockIndex | undefined {
  if (!existsSync(path) || isTornHeader(path, header)) {
    writeFileSync(path, header);
    return undefined;
  }
  const index = indexBlocks(path, header, total, shard, rowsOf);
  if (index.goodEnd < index.size) truncate(path, index.goodEnd);
  return index;
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

// ---------------------------------------------------------------------------
// The output directory

/** Temp files of a final ordering that was killed before its rename. */
export function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (/^\.(runs|errors)\.csv\.tmp-/.test(name)) rmSync(join(dir, name), { force: true });
  }
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
