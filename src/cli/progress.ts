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
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawnWidth = 0;
  let finished = false;

  return {
    update(done, total) {
      if (!enabled || finished) return;
      const t = now();
      if (t - start < delayMs || t - lastDraw < intervalMs) return;
      lastDraw = t;
      const line = render(label, done, total, (t - start) / 1000);
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

function render(label: string, done: number, total: number, elapsedS: number): string {
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const pct = Math.floor(share * 100);
  let line = `${label}: ${done}/${total} (${pct}%) ${Math.round(elapsedS)} s`;
  if (done > 0 && done < total) line += `, ~${Math.ceil((elapsedS * (total - done)) / done)} s left`;
  return line;
}
