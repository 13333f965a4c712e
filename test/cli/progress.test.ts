import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.ts';

function fakes() {
  let t = 0;
  const written: string[] = [];
  return {
    clock: { now: () => t, advance: (ms: number) => (t += ms) },
    stream: { write: (s: string) => written.push(s) },
    written,
  };
}

describe('progress', () => {
  it('stays silent during the first 1.5 s', () => {
    const f = fakes();
    const p = createProgress({ stream: f.stream, enabled: true, now: f.clock.now, label: 'base' });
    f.clock.advance(1000);
    p.update(1, 10);
    f.clock.advance(499);
    p.update(2, 10);
    p.finish();
    expect(f.written).toEqual([]);
  });

  it('draws with \\r after the delay, throttles redraws, and clears at the end', () => {
    const f = fakes();
    const p = createProgress({ stream: f.stream, enabled: true, now: f.clock.now, label: 'base' });
    f.clock.advance(2000);
    p.update(4, 10);
    expect(f.written).toEqual(['\rbase [########............] 4/10 (40%) 2 s, ~3 s left']);
    f.clock.advance(50); // within the 100 ms throttle
    p.update(5, 10);
    expect(f.written).toHaveLength(1);
    f.clock.advance(8000);
    p.update(10, 10);
    // padded to the previous line's width so no stale characters remain
    expect(f.written[1]).toBe('\r' + 'base [####################] 10/10 (100%) 10 s'.padEnd('base [########............] 4/10 (40%) 2 s, ~3 s left'.length));
    p.finish();
    p.finish(); // idempotent
    expect(f.written).toHaveLength(3);
    expect(f.written[2]).toMatch(/^\r +\r$/);
    expect(f.written[2]!.length - 2).toBe('base [########............] 4/10 (40%) 2 s, ~3 s left'.length);
    p.update(10, 10); // after finish: nothing
    expect(f.written).toHaveLength(3);
  });

  it('shows a rate in units per second that ignores work done before (resume)', () => {
    const f = fakes();
    const p = createProgress({ stream: f.stream, enabled: true, now: f.clock.now, label: 'sweep', unit: 'runs', initial: 10 });
    f.clock.advance(2000);
    p.update(14, 30);
    expect(f.written[0]).toBe('\rsweep [#########...........] 14/30 (46%) 2 s, 2.0 runs/s, ~8 s left');
  });

  it('fits the line to the terminal width: the label gives way first, then the tail', () => {
    const f = fakes();
    const long = 'a-sweep-with-a-very-long-name-indeed';
    const p = createProgress({ stream: f.stream, enabled: true, now: f.clock.now, label: long, unit: 'runs', columns: 80 });
    f.clock.advance(2000);
    p.update(14, 30);
    const line = f.written[0]!.slice(1);
    expect(line.length).toBe(79); // one column spare: no wrap
    expect(line).toMatch(/^a-sweep-with-a-v… \[/);
    expect(line).toMatch(/ 14\/30 \(46%\) 2 s, 7\.0 runs\/s, ~3 s left$/);
    const narrow = fakes();
    const q = createProgress({ stream: narrow.stream, enabled: true, now: narrow.clock.now, label: long, columns: 20 });
    narrow.clock.advance(2000);
    q.update(1, 2);
    expect(narrow.written[0]!.slice(1)).toHaveLength(19);
    expect(narrow.written[0]!.endsWith('…')).toBe(true);
    // Unknown width, or wide enough: unchanged.
    const wide = fakes();
    createProgress({ stream: wide.stream, enabled: true, now: wide.clock.now, label: 'base', columns: 200 });
    const r = createProgress({ stream: wide.stream, enabled: true, now: wide.clock.now, label: 'base' });
    wide.clock.advance(2000);
    r.update(4, 10);
    expect(wide.written).toEqual(['\rbase [########............] 4/10 (40%) 2 s, ~3 s left']);
  });

  it('never draws when stderr is not a terminal', () => {
    const f = fakes();
    const p = createProgress({ stream: f.stream, enabled: false, now: f.clock.now });
    f.clock.advance(60_000);
    p.update(1, 2);
    p.finish();
    expect(f.written).toEqual([]);
  });
});
