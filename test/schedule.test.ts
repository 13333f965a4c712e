// The schedule (src/schedule.ts): one numbered list of steps, mirrored by the
// file's header comment and by docs/ODD.md section 3. These tests keep the three
// in agreement, so a step added in one place and not the others fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MONTH, YEAR_END, YEAR_ROUND, createModel, step } from '../src/schedule.ts';
import { small } from './helpers/scenarios.ts';

const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
const ALL = [...YEAR_ROUND, ...MONTH, ...YEAR_END];

/** Numbers of the top-level items of a numbered list ("  12. ..." or " *   12. ..."). */
function listedNumbers(text: string, item: RegExp): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const m = item.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

const STEPS = Array.from({ length: 29 }, (_, k) => k + 1);

describe('the schedule', () => {
  it('runs steps 2 to 29 in order, each name once', () => {
    const numbers = ALL.map((s) => s.n);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect([1, ...new Set(numbers)]).toEqual(STEPS);
    expect(new Set(ALL.map((s) => s.name)).size).toBe(ALL.length);
    expect(YEAR_ROUND.at(-1)!.n).toBeLessThan(MONTH[0]!.n);
    expect(MONTH.at(-1)!.n).toBeLessThan(YEAR_END[0]!.n);
  });

  it('the header of src/schedule.ts numbers the same steps', () => {
    const header = read('../src/schedule.ts').split('*/')[0]!;
    expect(listedNumbers(header, /^ \*\s+(\d+)\.\s/)).toEqual(STEPS);
  });

  it('docs/ODD.md section 3 numbers the same steps', () => {
    const odd = read('../docs/ODD.md');
    const section = odd.slice(odd.indexOf('## 3. Process overview'), odd.indexOf('## 4. Design concepts'));
    expect(listedNumbers(section, /^(\d+)\.\s/)).toEqual(STEPS);
  });

  it('only the warm-up steps act in the warm-up year: no registration, no programme money', () => {
    const m = createModel(small(), 3, 0);
    for (let k = 0; k < 12; k++) step(m);
    expect(m.reporting).toBe(true); // the clock is now at start_year
    let registered = 0;
    for (let i = 0; i < m.hh.n; i++) registered += m.hh.registered[i]!;
    expect(registered).toBe(0);
    expect(m.firms.length).toBe(0);
    expect(m.counties.every((c) => c.pool === 0)).toBe(true);
  });
});
