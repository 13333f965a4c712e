/**
 * The channels of a difference between two resolved scenarios a and b
 * (decompose, issue 12 item 3), and the scenario of every subset of them.
 *
 * A channel is a group of field settings that is either at a's value (off)
 * or at b's (on):
 *  - every field path at which a and b differ (leaves; arrays are leaves),
 *    other than name, description, seed, replicates and
 *    governance.arrangement, is its own channel named by its path;
 *  - when governance.arrangement differs, the switch itself is not one
 *    channel but the places where the arrangement changes behaviour, the
 *    rows of ARRANGEMENT_TABLE (src/mechanisms/arrangement.ts, docs/ODD.md
 *    §1.1). Every subset is run multi-centre; a place is on where the
 *    multi-centre side has it (b multi: on = active; a multi: on = neutral)
 *    and otherwise set to its neutral setting (ARRANGEMENT_NEUTRAL). Rows
 *    whose neutral settings share a field (the two delay rows:
 *    governance.coordination_delay) cannot be switched apart and form one
 *    channel, named by both places.
 * With every place neutral the two arrangements give identical runs
 * (test/mechanisms/mechanisms.test.ts), so the all-off subset is scenario a
 * and the all-on subset is scenario b: the channels add up to b − a.
 * Where a path channel and a neutral setting touch the same field, the
 * neutral setting is applied last.
 */
import { inputError } from '../core/errors.ts';
import { ARRANGEMENT_TABLE } from '../mechanisms/arrangement.ts';
import type { Scenario } from '../scenario/schema.ts';

/** Fields that name or size a run rather than describe the model. */
const NOT_CHANNELS = new Set(['name', 'description', 'seed', 'replicates', 'governance.arrangement']);

/**
 * The neutral setting of every ARRANGEMENT_TABLE row (its `neutral` text) as
 * field paths and values; test/experiments/decompose.test.ts keeps the keys
 * equal to the table's places.
 */
export const ARRANGEMENT_NEUTRAL: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'interest-linkage contracts': {
    'lever_effects.csr_weight.at0': 0,
    'lever_effects.csr_weight.at1': 0,
    'lever_effects.targeting_share.at0': 0,
    'lever_effects.targeting_share.at1': 0,
    'enterprises.members_per_firm': 0,
    'enterprises.dividend_share': 0,
  },
  'firm subsidy': { 'enterprises.subsidy_share': 0 },
  'delay: firms': { 'governance.coordination_delay': 0 },
  'delay: social watch': { 'governance.coordination_delay': 0 },
  'donations and service': { 'lever_effects.donation_base.at0': 0, 'lever_effects.donation_base.at1': 0 },
  displacement: { 'lever_effects.duplication.at0': 0, 'lever_effects.duplication.at1': 0 },
  'information reach': { 'social_organisations.information_reach': 0 },
  'needs reports': { 'information.social_report_noise_reduction': 0 },
  'social watch': { 'budget.social_watch': 0 },
};

export interface Channel {
  name: string;
  kind: 'field' | 'arrangement';
  /** field: the one path; arrangement: the neutral settings' paths. */
  paths: string[];
  /** arrangement: the ARRANGEMENT_TABLE places it switches; field: none. */
  places: string[];
}

export interface ChannelGame {
  channels: Channel[];
  /** The scenario of a subset (bit i set = channel i on, at b's setting). */
  scenarioFor(mask: number): Scenario;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Leaf paths (arrays are leaves) at which a and b differ, in a's key order then b's. */
export function differingPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differingPaths(a[k], b[k], prefix === '' ? k : `${prefix}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}

function getPath(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);
}

function setPath(o: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = structuredClone(value);
}

/** The arrangement channels: ARRANGEMENT_TABLE rows, merged where their neutral settings share a field. */
export function arrangementChannels(): Channel[] {
  const groups: { places: string[]; paths: Set<string> }[] = [];
  for (const row of ARRANGEMENT_TABLE) {
    const neutral = ARRANGEMENT_NEUTRAL[row.place];
    if (neutral === undefined) throw inputError(`decompose: no neutral setting for the arrangement place '${row.place}' (src/experiments/channels.ts)`);
    const paths = Object.keys(neutral);
    const hit = groups.filter((g) => paths.some((p) => g.paths.has(p)));
    const merged = { places: [...hit.flatMap((g) => g.places), row.place], paths: new Set([...hit.flatMap((g) => [...g.paths]), ...paths]) };
    for (const g of hit) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  // Table order (by each group's first place).
  const rank = (place: string) => ARRANGEMENT_TABLE.findIndex((r) => r.place === place);
  groups.sort((x, y) => rank(x.places[0]!) - rank(y.places[0]!));
  return groups.map((g) => ({ name: g.places.join(' + '), kind: 'arrangement', paths: [...g.paths], places: g.places }));
}

/** The channels between a and b and the scenario of each subset. Throws when they do not differ. */
export function channelGame(a: Scenario, b: Scenario): ChannelGame {
  const fieldPaths = differingPaths(a, b).filter((p) => !NOT_CHANNELS.has(p));
  const arrA = a.governance.arrangement;
  const arrB = b.governance.arrangement;
  const arrangement = arrA !== arrB ? arrangementChannels() : [];
  const channels: Channel[] = [...fieldPaths.map((p): Channel => ({ name: p, kind: 'field', paths: [p], places: [] })), ...arrangement];
  if (channels.length === 0) throw inputError('decompose: the two scenarios do not differ (apart from name, description, seed and replicates); there is nothing to decompose');
  if (channels.length > 30) throw inputError(`decompose: ${channels.length} channels (differing fields); at most 30 can be decomposed`);
  const bIsMulti = arrB === 'multi';
  const scenarioFor = (mask: number): Scenario => {
    const s = structuredClone(b) as unknown as Obj;
    if (arrangement.length > 0) setPath(s, 'governance.arrangement', 'multi');
    channels.forEach((c, i) => {
      const on = (mask & (1 << i)) !== 0;
      if (c.kind === 'field') setPath(s, c.paths[0]!, getPath(on ? b : a, c.paths[0]!));
    });
    channels.forEach((c, i) => {
      if (c.kind !== 'arrangement') return;
      const active = (mask & (1 << i)) !== 0 ? bIsMulti : !bIsMulti;
      if (active) return;
      for (const place of c.places) {
        for (const [path, value] of Object.entries(ARRANGEMENT_NEUTRAL[place]!)) setPath(s, path, value);
      }
    });
    return s as unknown as Scenario;
  };
  return { channels, scenarioFor };
}
