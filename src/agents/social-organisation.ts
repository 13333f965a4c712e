/**
 * Social organisations (multi-centre only): foundations, volunteer groups,
 * universities and counterpart units. They raise donations that depend on
 * publicity and donors' trust, lose part to coordination, and serve poor
 * households they find through their own local knowledge (often ones the
 * registry missed, unless duplication sends them to households already
 * served). A household takes their help only if it trusts them enough
 * (trust.participation_gate, as for a firm's job, a co-operative, a loan or
 * relocation). Their aid is part cash, part training. Their presence also cuts
 * registry noise (needs reported upward) and adds social watch over funds
 * (see identification.ts and budget.ts).
 */
import { CAUSES, P, T } from '../core/domain.ts';
import { FROM_Q, NTRUST } from '../core/households.ts';
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import * as libm from '../core/libm.ts';

const NC = CAUSES.length;

export function socialOrgsYear(m: Model): void {
  const so = m.s.social_organisations;
  const hh = m.hh;
  const L = m.ledger;
  const rng = m.rng;
  const t = m.yearTick;
  const line = m.now.line;
  const M = m.matchMatrix;
  // Row draws: rng.normal(site, i, t) and rng.u(site, i, t) bit for bit, a third of the hashing.
  const observationRow = rng.row(SITE.socialOrgObservation, t);
  const duplicationRow = rng.row(SITE.socialOrgDuplication, t);
  const { income, trust, plan, weight } = hh;
  for (const c of m.counties) {
    c.monthlySoCash = 0;
    if (!m.socialOrgsActive) continue;
    while (c.orgs.length < so.per_county) c.orgs.push({ county: c.id, funds: 0 });
    const raised = m.eff.donation_base * c.weight * c.donorTrust;
    const lost = raised * m.eff.coordination_loss;
    L.add(A.donations, A.social_org, PU.donation, raised);
    L.add(A.social_org, A.coordination, PU.aid, lost);
    const budget = raised - lost;
    for (const o of c.orgs) o.funds += budget / c.orgs.length;
    const funds = c.orgs.reduce((a, o) => a + o.funds, 0);
    const aid = so.aid_per_household;
    if (aid <= 0 || funds <= 0) continue;
    let places = funds / aid; // represented households
    const span = c.hhEnd - c.hhStart;
    const offset = span > 0 ? rng.int(span, SITE.socialOrgRotation, c.id, t) : 0;
    const noise = m.eff.registry_noise * (1 - so.local_knowledge);
    const dup = m.eff.duplication;
    const gate = m.s.trust.participation_gate;
    let spentTraining = 0;
    let spentCash = 0;
    let served = 0;
    for (let k = 0; k < span && places > 0; k++) {
      const i = c.hhStart + ((offset + k) % span);
      const z = rng.normalAt(observationRow, i);
      const u = rng.uAt(duplicationRow, i);
      const seen = income[i]! * libm.exp(noise * z);
      if (seen >= line) continue;
      // Help from an organisation the household does not trust is declined (the firm's rule).
      if (trust[i * NTRUST + T.social]! * FROM_Q < gate) continue;
      // Already served by government: taken only when coordination fails (duplication).
      if (plan[i]! >= 0 && u >= dup) continue;
      const w = weight[i]!;
      if (w > places) break; // the organisations never spend more than they hold
      const training = aid * so.training_share;
      const cash = aid - training;
      hh.cashSo[i] = cash / 12;
      hh.promisedSo[i] = aid;
      hh.deliveredSo[i] = aid;
      const match = M[P.training * NC + hh.trueCause[i]!]!;
      hh.skill[i] = Math.min(1, hh.skill[i]! + m.eff.training_gain * so.training_share * match);
      if (so.training_share > 0) hh.trained[i] = 1;
      spentTraining += w * training;
      spentCash += w * cash;
      served += w;
      places -= w;
    }
    c.monthlySoCash = spentCash / 12;
    L.add(A.social_org, A.services, PU.aid, spentTraining);
    const total = spentTraining + spentCash;
    for (const o of c.orgs) o.funds -= total / c.orgs.length;
    m.stats.soServed += served;
  }
  L.post();
}

/** Monthly cash aid of social organisations (households add it in their step). */
export function socialOrgsMonth(m: Model): void {
  for (const c of m.counties) {
    if (c.monthlySoCash > 0) m.ledger.add(A.social_org, A.household, PU.aid, c.monthlySoCash);
  }
}
