/**
 * Mechanism 9 (counterpart and east-west assistance): paired developed
 * regions send funds, resident cadres and migrant jobs. Funds join the county
 * pools; cadres raise contact (information, observation, trust bridge); jobs
 * are used by organised labour export (household.ts, migrate).
 */
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import * as libm from '../core/libm.ts';

export function applyAssistance(m: Model): void {
  const vil = m.villages;
  const perCadre = m.s.information.cadre_contact;
  const cadres = m.s.information.cadres_per_village + m.eff.extra_cadres;
  for (let v = 0; v < vil.n; v++) {
    // Saturating: more cadres reach more of the village, never more than all of it.
    vil.contact[v] = 1 - libm.exp(-cadres * perCadre);
  }
  const external = m.eff.external_funds * m.now.centralBudget;
  if (external <= 0) return;
  const total = m.s.population.represented_households;
  for (const c of m.counties) {
    const amount = (external * c.weight) / total;
    m.ledger.add(A.external_assistance, A.county, PU.allocation, amount);
    c.pool += amount;
  }
  m.ledger.post();
}
