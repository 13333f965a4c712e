// The symmetry audit (issue 12) must not drift: every line of src/ that uses
// Model.multiCentre or Model.socialOrgsActive is a row of ARRANGEMENT_TABLE
// (with its cost and who pays), and docs/ODD.md reproduces the table row by row.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARRANGEMENT_TABLE } from '../../src/mechanisms/arrangement.ts';
import { markdownTableRows } from '../helpers/markdown.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const ODD = readFileSync(join(ROOT, 'docs/ODD.md'), 'utf8');
const HEADER = '| file | place | multi-centre gets | single-centre gets | what it costs | who pays |';
// Where the flags are defined, and the table itself: not uses.
const DEFINITION = 'src/core/model.ts';
const TABLE = 'src/mechanisms/arrangement.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every line of src/ that reads either flag: [file, line]. */
function flagUses(): [string, string][] {
  const out: [string, string][] = [];
  for (const p of sourceFiles(join(ROOT, 'src'))) {
    const file = relative(ROOT, p);
    if (file === DEFINITION || file === TABLE) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      if (/\b(multiCentre|socialOrgsActive)\b/.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//')) out.push([file, line]);
    }
  }
  return out;
}


describe('arrangement symmetry table', () => {
  const uses = flagUses();

  it('every use of multiCentre / socialOrgsActive in src/ is exactly one row of ARRANGEMENT_TABLE', () => {
    const unlisted = uses.filter(([f, l]) => ARRANGEMENT_TABLE.filter((e) => e.file === f && l.includes(e.code)).length !== 1);
    expect(unlisted.map(([f, l]) => `${f}: ${l.trim()}`)).toEqual([]);
  });

  it('every row of ARRANGEMENT_TABLE is a use in the code', () => {
    const stale = ARRANGEMENT_TABLE.filter((e) => uses.filter(([f, l]) => f === e.file && l.includes(e.code)).length !== 1);
    expect(stale.map((e) => `${e.file}: ${e.code}`)).toEqual([]);
    expect(uses.length).toBe(ARRANGEMENT_TABLE.length);
  });

  it('every row states a cost, who pays and its neutral setting', () => {
    for (const e of ARRANGEMENT_TABLE) {
      expect(e.cost.length, e.place).toBeGreaterThan(0);
      expect(e.payer.length, e.place).toBeGreaterThan(0);
      expect(e.neutral.length, e.place).toBeGreaterThan(0);
    }
  });

  it('docs/ODD.md has the table with one row per entry, in order', () => {
    expect(ODD).toContain(HEADER);
    const rows = markdownTableRows(ODD, HEADER);
    expect(rows.length).toBe(ARRANGEMENT_TABLE.length);
    ARRANGEMENT_TABLE.forEach((e, i) => {
      expect(rows[i]![0]).toBe(`\`${e.file}\``);
      expect(rows[i]![1]).toBe(e.place);
    });
  });
});
