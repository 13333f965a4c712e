/**
 * Local elites: village cadres of standing, people who got rich first,
 * skilled technicians. They are role models (aspiration.ts), relay
 * information (information.ts), organise co-operatives ("capable person +
 * cooperative + poor household", here), and where transparency is low capture
 * part of what is meant for the poor (budget.ts, identification.ts, and the
 * organiser's share of co-operative gains in household.ts).
 */
import { NONE, P, T } from '../core/domain.ts';
import { NPROG, NTRUST, FROM_Q } from '../core/households.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import { slots } from '../core/slots.ts';

/** Elites invite neighbours who trust them into co-operatives; members who lose trust leave. */
export function elitesOrganise(m: Model): void {
  if (!m.s.governance.elites) return;
  const hh = m.hh;
  const vil = m.villages;
  const gate = m.s.trust.participation_gate;
  const perElite = m.s.elites.coop_members;
  const exitBelow = gate * m.s.elites.coop_exit_factor;
  const minAware = m.s.information.uptake_awareness;
  const el = m.s.elites;
  const t = m.yearTick;
  for (let v = 0; v < vil.n; v++) {
    const code = -(2 + v);
    // This year's gain of the village's co-operative: price of the county's product against
    // its listed price, plus luck (one draw per village a year); may be negative.
    const k = m.counties[vil.county[v]!]!.mainProduct;
    const priceRatio = m.prices[k]! / m.s.market.products[k]!.price;
    vil.coopGain[v] = Math.max(-1, el.coop_productivity * priceRatio + el.coop_gain_sd * m.rng.normal(SITE.eliteCoopGain, v, t));
    let members = 0;
    for (let i = vil.start[v]!; i < vil.end[v]!; i++) {
      if (hh.coop[i] !== code) continue;
      if (hh.trust[i * NTRUST + T.elite]! * FROM_Q < exitBelow) hh.coop[i] = NONE;
      else members++;
    }
    // Places in simulated households, rounded with one draw per village for the run (slots.ts).
    const capacity = slots(vil.elites[v]! * perElite, m.householdWeight, m.rng.u(SITE.eliteCoopSlots, v, 0));
    for (let i = vil.start[v]!; i < vil.end[v]! && members < capacity; i++) {
      if (hh.coop[i] !== NONE || hh.labour[i] === 0) continue;
      if (hh.trust[i * NTRUST + T.elite]! * FROM_Q < gate) continue;
      if (hh.awareness[i * NPROG + P.industry]! * FROM_Q < minAware) continue;
      hh.coop[i] = code;
      hh.product[i] = 1;
      members++;
    }
  }
}
