/**
 * Mechanism 5 (shocks and relapse): illness is drawn in the household step
 * (household.ts); here are village disasters (correlated within a village,
 * offset by agricultural insurance) and the scenario's timed events: an
 * epidemic year, a regional disaster, a price crash, the withdrawal of
 * assistance after the deadline.
 */
import type { Model } from '../core/model.ts';
import { agePriceCrashes, crashPrice } from './markets.ts';

/** One shock draw per village per month, used or not. */
export function villageDisasters(m: Model): void {
  const vil = m.villages;
  const shocks = m.rng.shocks;
  const d = m.s.disasters;
  if (m.month === 0) vil.disasterLoss.fill(0);
  for (let v = 0; v < vil.n; v++) {
    const u = shocks.next();
    if (u < d.monthly_hazard && vil.disasterLoss[v]! < d.loss_share) {
      if (m.reporting && vil.disasterLoss[v] === 0) m.stats.disasterVillages += 1;
      vil.disasterLoss[v] = d.loss_share;
    }
  }
}

export function applyEvents(m: Model): void {
  if (m.epidemicMonthsLeft > 0 && --m.epidemicMonthsLeft === 0) m.illnessMultiplier = 1;
  agePriceCrashes(m);
  for (const e of m.s.events) {
    if (e.year !== m.year || e.month - 1 !== m.month) continue;
    switch (e.kind) {
      case 'epidemic':
        startEpidemic(m, e.severity, e.share, e.months);
        break;
      case 'disaster':
        regionalDisaster(m, e.severity, e.share);
        break;
      case 'price_crash': {
        const k = e.product === '' ? -1 : m.s.market.products.findIndex((p) => p.name === e.product);
        if (e.product === '' || k >= 0) crashPrice(m, k, Math.min(1, e.severity), e.months);
        break;
      }
      case 'assistance_withdrawal':
        m.assistanceWithdrawn = true;
        break;
    }
  }
}

function startEpidemic(m: Model, severity: number, share: number, months: number): void {
  m.illnessMultiplier = Math.max(1, severity);
  m.epidemicMonthsLeft = months;
  // Migrants lose their jobs and come home.
  const hh = m.hh;
  const shocks = m.rng.shocks;
  for (let i = 0; i < hh.n; i++) {
    const u = shocks.next();
    if (hh.migrant[i] === 1 && u < share) hh.migrant[i] = 0;
  }
}

function regionalDisaster(m: Model, severity: number, share: number): void {
  const vil = m.villages;
  const shocks = m.rng.shocks;
  const loss = Math.min(1, severity);
  for (let v = 0; v < vil.n; v++) {
    if (shocks.next() < share && vil.disasterLoss[v]! < loss) {
      if (vil.disasterLoss[v] === 0) m.stats.disasterVillages += 1;
      vil.disasterLoss[v] = loss;
    }
  }
}
