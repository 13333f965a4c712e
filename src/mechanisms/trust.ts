/**
 * Trust (section 3 of the brief): each household's trust in government,
 * enterprises, social organisations and elites rises when what was promised
 * arrives and falls when it does not, losses weighing more than gains (the
 * same rule for every actor; for elites the promise is what was meant for the
 * household and the shortfall what they captured). Cadres, present in either
 * arrangement, pull a household's trust in every other actor that exists up
 * towards its trust in government (the bridge of 003 VI.B). Between
 * organisations: enterprises trust policy when allocations are stable; donors
 * trust social organisations with publicity and transparency.
 */
import { T } from '../core/domain.ts';
import { NTRUST, FROM_Q, toQ } from '../core/households.ts';
import type { Model } from '../core/model.ts';

/**
 * Move trust t after a year in which `delivered` of `promised` arrived. Above
 * the expected share the promise counts as kept and trust gains in proportion;
 * below it trust falls, at the (larger) loss rate.
 */
export function trustAfter(t: number, promised: number, delivered: number, expectation: number, gain: number, loss: number): number {
  if (promised <= 0) return t;
  const r = Math.min(1, Math.max(0, delivered / promised));
  if (r >= expectation) return t + (gain * (1 - t) * (r - expectation)) / Math.max(1e-9, 1 - expectation);
  return t - (loss * t * (expectation - r)) / Math.max(1e-9, expectation);
}

export function updateTrust(m: Model): void {
  // Nothing was promised in the warm-up year.
  if (m.year === m.s.time.start_year) return;
  const hh = m.hh;
  const tr = m.s.trust;
  const vil = m.villages;
  const gain = tr.gain_rate;
  const loss = tr.loss_rate;
  const x = tr.expectation;
  // Cadres exist in both arrangements: they bridge trust to every actor that exists (003 VI.B).
  const gv = m.s.governance;
  const bridgeEnt = gv.enterprises ? tr.bridge : 0;
  const bridgeSo = gv.social_organisations && m.s.social_organisations.per_county > 0 ? tr.bridge : 0;
  const bridgeEl = gv.elites ? tr.bridge : 0;
  // Columns and module constants in locals: V8 reloads a property or an imported binding at every use.
  const { trust, promisedGov, deliveredGov, promisedEnt, deliveredEnt, promisedSo, deliveredSo, captured, village } = hh;
  const contactOf = vil.contact;
  const nTrust = NTRUST;
  const fromQ = FROM_Q;
  const { government, enterprise, social, elite } = T;
  for (let i = 0; i < hh.n; i++) {
    const o = i * nTrust;
    let g = trustAfter(trust[o + government]! * fromQ, promisedGov[i]!, deliveredGov[i]!, x, gain, loss);
    let e = trustAfter(trust[o + enterprise]! * fromQ, promisedEnt[i]!, deliveredEnt[i]!, x, gain, loss);
    let so = trustAfter(trust[o + social]! * fromQ, promisedSo[i]!, deliveredSo[i]!, x, gain, loss);
    // Elites by the same rule: what was meant for the household (promised) against what
    // reached it past the elites' hands (capture felt); it rises when little is captured.
    const felt = captured[i]!;
    let el = trustAfter(trust[o + elite]! * fromQ, promisedGov[i]! + felt, promisedGov[i]!, x, gain, loss);
    const contact = contactOf[village[i]!]!;
    if (g > e) e += bridgeEnt * contact * (g - e);
    if (g > so) so += bridgeSo * contact * (g - so);
    if (g > el) el += bridgeEl * contact * (g - el);
    g = g < 0 ? 0 : g > 1 ? 1 : g;
    trust[o + government] = toQ(g);
    trust[o + enterprise] = toQ(e);
    trust[o + social] = toQ(so);
    trust[o + elite] = toQ(el);
  }
  updateOrganisationTrust(m);
}

/**
 * Enterprises' trust in policy and donors' trust in social organisations, by
 * county. A function of its own: after the household loop, which V8 compiles
 * on the stack, code without type feedback deoptimised updateTrust every year.
 */
function updateOrganisationTrust(m: Model): void {
  const tr = m.s.trust;
  const vil = m.villages;
  const gain = tr.gain_rate;
  const loss = tr.loss_rate;
  for (const c of m.counties) {
    // Policy stability: the swing of allocations between years.
    let swing = 0;
    for (let p = 0; p < c.allocation.length; p++) swing += Math.abs(c.allocation[p]! - c.previousAllocation[p]!);
    swing /= 2;
    c.policyTrust = clamp(c.policyTrust + gain * (1 - c.policyTrust) * (1 - swing) - loss * c.policyTrust * swing);
    // Donors: publicity builds trust; capture scandals erode it.
    let capture = 0;
    for (let v = c.villageStart; v < c.villageEnd; v++) capture += vil.capture[v]!;
    capture /= Math.max(1, c.villageEnd - c.villageStart);
    c.donorTrust = clamp(c.donorTrust + m.eff.donor_trust_gain * (1 - c.donorTrust) - loss * c.donorTrust * capture);
  }
}

const clamp = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
