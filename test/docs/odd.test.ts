// docs/ODD.md must not drift from the code: its lever table has one row per
// entry of LEVER_TABLE, in order, naming the lever and the mechanism
// parameter and giving the default values at lever 0 and lever 1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEVER_TABLE } from '../../src/mechanisms/levers.ts';
import { defaultScenario } from '../../src/scenario/scenario.ts';
import { markdownTableRows } from '../helpers/markdown.ts';

const ODD = readFileSync(new URL('../../docs/ODD.md', import.meta.url), 'utf8');
const HEADER = '| lever | mechanism parameter | at lever 0 | at lever 1 | mechanism |';


describe('docs/ODD.md lever table', () => {
  const rows = markdownTableRows(ODD, HEADER);
  const defaults = defaultScenario().lever_effects;

  it('has the table header and one row per LEVER_TABLE entry', () => {
    expect(ODD).toContain(HEADER);
    expect(rows.length).toBe(LEVER_TABLE.length);
  });

  it.each(LEVER_TABLE.map((e, i) => [i, e.lever, e.param] as const))('row %i: `%s` moves `%s` with the default values', (i, lever, param) => {
    const { at0, at1 } = defaults[param];
    const row = rows.find((r) => r.join('|').includes(`\`${lever}\``) && r.join('|').includes(`\`${param}\``));
    expect(row, `no table row with \`${lever}\` and \`${param}\``).toBeDefined();
    expect(row![0]).toBe(`\`${lever}\``);
    expect(row![1]).toBe(`\`${param}\``);
    expect(Number(row![2])).toBe(at0);
    expect(Number(row![3])).toBe(at1);
    // Same order as LEVER_TABLE.
    expect(rows.indexOf(row!)).toBe(i);
  });

  it('covers every lever-moved parameter of the scenario schema', () => {
    const params = new Set(LEVER_TABLE.map((e) => e.param));
    for (const p of Object.keys(defaults)) expect(params.has(p as (typeof LEVER_TABLE)[number]['param'])).toBe(true);
  });
});
