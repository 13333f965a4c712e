// Keyed draws keep paired runs paired (src/core/rng.ts, docs/ODD.md 4.9, issue 12 item 4):
// a timed event or a switched channel changes no draw that does not belong to it.
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/core/model.ts';
import { runReplicate } from '../../src/experiments/run.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { small } from '../helpers/scenarios.ts';

interface Trace {
  health: Uint8Array[]; // every household's health state after every month
  luck: Float32Array[]; // every household's yearly luck
  disasters: Float32Array[]; // every village's disaster loss after every month
}

function trace(s: Scenario): Trace {
  const t: Trace = { health: [], luck: [], disasters: [] };
  runReplicate(s, 11, 0, {
    onTick: (m: Model) => {
      t.health.push(m.hh.health.slice());
      t.disasters.push(m.villages.disasterLoss.slice());
      if (m.month === 0) t.luck.push(m.hh.luck.slice());
    },
  });
  return t;
}

const base = { time: { start_year: 2014, end_year: 2017 } };

describe('paired runs face the same shocks', () => {
  const a = trace(small(base));

  it('after a regional disaster: the same illness and luck for every household in every month, and every ordinary village disaster still happens', () => {
    const b = trace(small({ ...base, events: [{ kind: 'disaster', year: 2015, month: 7, share: 0.5, severity: 0.6 }] }));
    expect(b.health).toEqual(a.health);
    expect(b.luck).toEqual(a.luck);
    let hitByEvent = 0;
    for (let k = 0; k < a.disasters.length; k++) {
      for (let v = 0; v < a.disasters[k]!.length; v++) {
        // Where the baseline had a disaster, so does the shocked run (at least as large).
        expect(b.disasters[k]![v]!).toBeGreaterThanOrEqual(a.disasters[k]![v]!);
        if (b.disasters[k]![v]! > a.disasters[k]![v]!) hitByEvent++;
      }
    }
    expect(hitByEvent).toBeGreaterThan(0); // the event did something
  });

  it('with a channel switched off (social watch) or another arrangement: the same illness, luck and disasters', () => {
    for (const patch of [{ budget: { social_watch: 0 } }, { governance: { arrangement: 'single' } }]) {
      const b = trace(small({ ...base, ...patch }));
      expect(b.health).toEqual(a.health);
      expect(b.luck).toEqual(a.luck);
      expect(b.disasters).toEqual(a.disasters);
    }
  });

  it('an epidemic raises illness without reshuffling it: every household ill in the baseline in the epidemic month is ill there too', () => {
    const b = trace(small({ ...base, events: [{ kind: 'epidemic', year: 2016, month: 3, months: 2, severity: 3, share: 0.3 }] }));
    // Before the epidemic the runs are identical.
    const onset = (2016 - 2013) * 12 + 2; // ticks: warm-up year 2013, then 2014..; March 2016 is index onset
    for (let k = 0; k < onset; k++) expect(b.health[k]).toEqual(a.health[k]);
    // In its first month, a healthy household falls ill whenever it would have without the epidemic.
    const before = a.health[onset - 1]!;
    let more = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] !== 0) continue;
      if (a.health[onset]![i] !== 0) expect(b.health[onset]![i]).not.toBe(0);
      if (a.health[onset]![i] === 0 && b.health[onset]![i] !== 0) more++;
    }
    expect(more).toBeGreaterThan(0);
  });
});
