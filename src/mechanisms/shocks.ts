/**
 * Mechanism 5 (shocks and relapse): illness is drawn in the household step
 * (household.ts); here are village disasters (correlated within a village,
 * offset by agricultural insurance) and the scenario's timed events: an
 * epidemic year, a regional disaster, a price crash, the withdrawal of
 * assistance after the deadline.
 */
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import { agePriceCrashes, crashPrice } from './markets.ts';

/** A village's disaster this month. */
export function villageDisasters(m: Model): void {
  const vil = m.villages;
  const rng = m.rng;
  const tick = m.tick;
  const d = m.s.disasters;
  if (m.month === 0) vil.disasterLoss.fill(0);
  for (let v = 0; v < vil.n; v++) {
    const u = rng.u(SITE.villageDisaster, v, tick);
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
  const tick = m.tick;
  for (let i = 0; i < hh.n; i++) {
    if (hh.migrant[i] === 1 && m.rng.u(SITE.epidemicReturn, i, tick) < share) hh.migrant[i] = 0;
  }
}

function regionalDisaster(m: Model, severity: number, share: number): void {
  const vil = m.villages;
  const tick = m.tick;
  const loss = Math.min(1, severity);
  for (let v = 0; v < vil.n; v++) {
    if (m.rng.u(SITE.regionalDisaster, v, tick) < share && vil.disasterLoss[v]! < loss) {
      if (vil.disasterLoss[v] === 0) m.stats.disasterVillages += 1;
      vil.disasterLoss[v] = loss;
    }
  }
}
