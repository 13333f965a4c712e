/**
 * A one-line progress display on stderr for long runs. It appears only on a
 * terminal and only after the run has lasted `delayMs`, so quick runs, pipes
 * and CI logs stay clean. The clock is injected: wall time is used for this
 * display only and never reaches the model.
 */
export interface ProgressOptions {
  stream: { write(s: string): unknown };
  /** Draw at all? (stderr is a TTY) */
  enabled: boolean;
  /** Milliseconds, monotone (e.g. performance.now). */
  now: () => number;
  label?: string;
  /** Stay silent until the run has lasted this long. */
  delayMs?: number;
  /** Minimum time between redraws. */
  intervalMs?: number;
  /** Name of the units counted, for the rate (e.g. 'runs'); no rate shown when absent. */
  unit?: string;
  /** Units already done before this invocation (a resumed sweep): not counted in the rate. */
  initial?: number;
  /** Width of the terminal, when known (stderr.columns): the line is cut to fit, so it never wraps. */
  columns?: number;
}

export interface Progress {
  /** `done` of `total` units of work are finished. Cheap when nothing is drawn. */
  update(done: number, total: number): void;
  /** Erase the line, if one was drawn. Idempotent. */
  finish(): void;
}

export function createProgress(opts: ProgressOptions): Progress {
  const { stream, enabled, now } = opts;
  const delayMs = opts.delayMs ?? 1500;
  const intervalMs = opts.intervalMs ?? 100;
  const label = opts.label ?? 'running';
  const start = now();
  const initial = opts.initial ?? 0;
  // One column less than the terminal: a line that fills the last column wraps on some terminals.
  const maxWidth = opts.columns !== undefined && Number.isFinite(opts.columns) && opts.columns > 1 ? Math.floor(opts.columns) - 1 : Infinity;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawnWidth = 0;
  let finished = false;

  return {
    update(done, total) {
      if (!enabled || finished) return;
      const t = now();
      if (t - start < delayMs || t - lastDraw < intervalMs) return;
      lastDraw = t;
      const draw = (l: string) => render(l, done, total, (t - start) / 1000, done - initial, opts.unit);
      let line = draw(label);
      if (line.length > maxWidth) {
        // The label (e.g. a long sweep name) gives way first, then the tail.
        const room = maxWidth - (line.length - label.length);
        line = fit(room >= 4 ? draw(fit(label, room)) : line, maxWidth);
      }
      // Pad with spaces so a shorter line fully covers the previous one.
      stream.write('\r' + line.padEnd(drawnWidth));
      drawnWidth = Math.max(drawnWidth, line.length);
    },
    finish() {
      if (finished) return;
      finished = true;
      if (drawnWidth > 0) stream.write('\r' + ' '.repeat(drawnWidth) + '\r');
    },
  };
}

function render(label: string, done: number, total: number, elapsedS: number, doneHere: number, unit?: string): string {
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const pct = Math.floor(share * 100);
  const width = 20;
  const filled = Math.round(share * width);
  let line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} (${pct}%) ${Math.round(elapsedS)} s`;
  const rate = elapsedS > 0 ? doneHere / elapsedS : 0;
  if (unit !== undefined && rate > 0) line += `, ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} ${unit}/s`;
  if (rate > 0 && done < total) line += `, ~${Math.ceil((total - done) / rate)} s left`;
  return line;
}

/** The line cut to `width` characters, ending in "…" when cut. */
function fit(line: string, width: number): string {
  return line.length <= width ? line : line.slice(0, Math.max(0, width - 1)) + '…';
}
