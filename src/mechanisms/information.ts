/**
 * Information (section 3 of the brief): policy information reaches a
 * household through village cadres after losing fidelity at each of the three
 * hops down the hierarchy ("filtered through layers", 003 V.C), through the
 * platform's direct channel (technology), through campaigns (publicity), and
 * from elites and neighbours. Enterprises carry market information about
 * industry and jobs; social organisations about training, health, schooling.
 */
import { P, T } from '../core/domain.ts';
import { NPROG, NTRUST, FROM_Q, toQ, Q } from '../core/households.ts';
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
  const level = new Float64Array(NPROG);
  const aw = hh.awareness;
  const trust = hh.trust;
  const planOf = hh.plan;
  const means = vil.meanAwareness; // each village's mean before this update
  const sums = new Float64Array(NPROG); // the village's mean after it, for next year
  const diffusion = inf.neighbour_diffusion;
  if (!vil.meansReady) computeMeans(m);
  for (const c of m.counties) {
    const firms = c.firms.filter((f) => f.active).length;
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
      const from = vil.start[v]!;
      const to = vil.end[v]!;
      // Neighbours see the village as it was before anyone updates; awareness
      // changes only here, so last update's means are still current.
      const vo = v * NPROG;
      for (let p = 0; p < NPROG; p++) level[p] = keep * (diffusion * means[vo + p]! + (1 - diffusion));
      sums.fill(0);
      for (let i = from; i < to; i++) {
        const tGov = trust[i * NTRUST + T.government]! * FROM_Q;
        const tElite = trust[i * NTRUST + T.elite]! * FROM_Q;
        const miss = (1 - fidelity * contact * tGov) * outside * (1 - relay * tElite);
        const o = i * NPROG;
        for (let p = 0; p < NPROG; p++) {
          const a = toQ(level[p]! - miss * slope[p]! * (1 - aw[o + p]! * FROM_Q));
          aw[o + p] = a;
          sums[p]! += a * FROM_Q;
        }
        // Households enrolled in a programme know it.
        const plan = planOf[i]!;
        if (plan >= 0) {
          sums[plan]! += 1 - aw[o + plan]! * FROM_Q;
          aw[o + plan] = Q;
        }
      }
      if (to > from) for (let p = 0; p < NPROG; p++) means[vo + p] = sums[p]! / (to - from);
    }
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
