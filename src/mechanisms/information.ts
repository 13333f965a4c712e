/**
 * Information (section 3 of the brief): policy information reaches a
 * household through village cadres after losing fidelity at each of the three
 * hops down the hierarchy ("filtered through layers", 003 V.C), through the
 * platform's direct channel (technology), through campaigns (publicity), and
 * from elites and neighbours. Enterprises carry market information about
 * industry and jobs; social organisations about training, health, schooling.
 */
import { P, T } from '../core/domain.ts';
import { type Households, NPROG, NTRUST, FROM_Q, Q, roundQ } from '../core/households.ts';
import type { Model } from '../core/model.ts';

export function spreadInformation(m: Model): void {
  const hh = m.hh;
  const vil = m.villages;
  const inf = m.s.information;
  const perLevel = 1 - inf.loss_per_level;
  const fidelity = perLevel * perLevel * perLevel; // three levels between centre and village
  const platform = m.eff.platform_fidelity * m.now.platformAccess;
  const publicity = m.eff.publicity_reach;
  const keep = 1 - inf.forgetting;
  const outside = (1 - platform) * (1 - publicity); // channels that do not depend on the household
  const extra = new Float64Array(NPROG);
  const slope = new Float64Array(NPROG);
  const means = vil.meanAwareness; // each village's mean before this update
  const missOf = m.scratch; // each household's miss, for the programme passes
  const diffusion = inf.neighbour_diffusion;
  if (!vil.meansReady) computeMeans(m);
  const counties = m.counties;
  for (let ci = 0; ci < counties.length; ci++) {
    const c = counties[ci]!;
    let firms = 0;
    for (let f = 0; f < c.firms.length; f++) if (c.firms[f]!.active) firms++;
    extra.fill(0);
    const firmReach = Math.min(0.5, 0.1 * firms);
    extra[P.industry] = firmReach;
    extra[P.employment] = firmReach;
    if (m.socialOrgsActive) {
      const reach = m.s.social_organisations.information_reach;
      extra[P.training] = reach;
      extra[P.health] = reach;
      extra[P.education] = reach;
    }
    // One update, a' = keep * ((1 - d) * (1 - (1 - a) * miss * notExtra) + d * mean), written as
    // a' = level_p - miss * slope_p * (1 - a): the per-county and per-village parts are hoisted.
    // It stays in [0, 1] whenever a, miss, notExtra, d, keep and the mean do.
    for (let p = 0; p < NPROG; p++) slope[p] = keep * (1 - diffusion) * (1 - extra[p]!);
    for (let v = c.villageStart; v < c.villageEnd; v++) {
      const contact = vil.contact[v]!;
      const relay = Math.min(1, inf.elite_relay * vil.elites[v]!);
      updateVillage(hh, means, missOf, slope, v, vil.start[v]!, vil.end[v]!, fidelity * contact, outside, relay, keep, diffusion);
    }
  }
}

/**
 * One village's update. A function of its own, called per village, so that
 * V8 compiles it after a few villages like any hot function instead of by
 * on-stack replacement of a loop that runs once a year. Imported constants
 * are copied into locals: V8 reloads a module binding on every use (and
 * unboxes FROM_Q each time), which cost two thirds of this loop.
 */
function updateVillage(
  hh: Households, means: Float32Array, missOf: Float64Array, slope: Float64Array,
  v: number, from: number, to: number, reach: number, outside: number, relay: number, keep: number, diffusion: number,
): void {
  const aw = hh.awareness;
  const trust = hh.trust;
  const planOf = hh.plan;
  const fromQ = FROM_Q;
  const q = Q;
  const nTrust = NTRUST;
  const nProg = NPROG;
  const gov = T.government;
  const elite = T.elite;
  for (let i = from; i < to; i++) {
    const tGov = trust[i * nTrust + gov]! * fromQ;
    const tElite = trust[i * nTrust + elite]! * fromQ;
    missOf[i] = (1 - reach * tGov) * outside * (1 - relay * tElite);
  }
  // Programme by programme over the village (its rows stay in cache), so
  // the level, slope and running sum live in registers. Neighbours see the
  // village as it was before anyone updates; awareness changes only here,
  // so last update's means are still current.
  const vo = v * nProg;
  for (let p = 0; p < nProg; p++) {
    const level = keep * (diffusion * means[vo + p]! + (1 - diffusion));
    const sl = slope[p]!;
    let sum = 0; // the village's mean after the update, for next year
    for (let i = from; i < to; i++) {
      const k = i * nProg + p;
      const x = level - missOf[i]! * sl * (1 - aw[k]! * fromQ);
      const a = x <= 0 ? 0 : x >= 1 ? q : roundQ(x * q); // toQ(x)
      sum += a * fromQ;
      if (planOf[i] === p) {
        // Households enrolled in a programme know it.
        sum += 1 - a * fromQ;
        aw[k] = q;
      } else aw[k] = a;
    }
    if (to > from) means[vo + p] = sum / (to - from);
  }
}

/** Village means of awareness from scratch (first update of a run). */
function computeMeans(m: Model): void {
  const hh = m.hh;
  const vil = m.villages;
  for (let v = 0; v < vil.n; v++) {
    const from = vil.start[v]!;
    const to = vil.end[v]!;
    for (let p = 0; p < NPROG; p++) {
      let a = 0;
      for (let i = from; i < to; i++) a += hh.awareness[i * NPROG + p]! * FROM_Q;
      vil.meanAwareness[v * NPROG + p] = to > from ? a / (to - from) : 0;
    }
  }
  vil.meansReady = true;
}
