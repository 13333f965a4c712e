/**
 * Village public works and idle funds (mechanism 1, the county's leftover):
 * what no programme could place this January (allocation.ts) is the idle
 * pool. The county spends part of it on village projects (roads, water,
 * power, housing: the "village-based" approach of 004 2.1.5), which build a
 * per-village infrastructure stock that raises farm output and local casual
 * earnings after a lag and depreciates. Idle money is aged oldest-first; what
 * has stayed unplaced for `budget.idle_return_years` budget years in a row
 * goes back to the level above (the rule in force from 2015), out of the
 * poverty funds through the `recovered` sink, so the books still balance.
 */
import { infrastructureEffect } from '../core/farm.ts';
import { A, PU } from '../core/ledger.ts';
import type { Model } from '../core/model.ts';
import { IDLE_VINTAGES, WORKS_PIPELINE, type County } from '../core/world.ts';

/** Step 12, after the programmes are filled: stock matures, works are built, idle funds age and lapse. */
export function publicWorks(m: Model): void {
  matureInfrastructure(m);
  const share = m.s.public_works.spend_share;
  for (const c of m.counties) {
    // What the allocation placed came out of the oldest money first.
    consumeOldest(c.idleVintage, c.poolAtAllocation - c.pool);
    const spend = c.pool > 0 ? c.pool * share : 0;
    if (spend > 0) {
      buildWorks(m, c, spend);
      c.pool -= spend;
      consumeOldest(c.idleVintage, spend);
    }
    ageIdle(c);
    returnIdle(m, c);
  }
  updateAccess(m);
  m.ledger.post();
}

/** Last years' works that come into effect this year join the stock, which depreciates. */
function matureInfrastructure(m: Model): void {
  const vil = m.villages;
  const keep = 1 - m.s.public_works.depreciation;
  const slot = m.year % WORKS_PIPELINE;
  for (let v = 0; v < vil.n; v++) {
    const k = v * WORKS_PIPELINE + slot;
    vil.infra[v] = vil.infra[v]! * keep + vil.infraPipeline[k]!;
    vil.infraPipeline[k] = 0;
  }
}

/**
 * Spend `spend` yuan on the county's villages in proportion to their
 * registered households (every household where nobody is registered):
 * poor villages get more per household. Elites capture part at the village,
 * as of any public money delivered there; the rest is built.
 */
function buildWorks(m: Model, c: County, spend: number): void {
  const hh = m.hh;
  const vil = m.villages;
  const pw = m.s.public_works;
  const L = m.ledger;
  const v0 = c.villageStart;
  const target = new Float64Array(c.villageEnd - v0);
  let total = 0;
  for (let i = c.hhStart; i < c.hhEnd; i++) {
    if (hh.registered[i] !== 1) continue;
    target[hh.village[i]! - v0]! += hh.weight[i]!;
    total += hh.weight[i]!;
  }
  if (total === 0) {
    for (let v = v0; v < c.villageEnd; v++) {
      target[v - v0] = vil.weight[v]!;
      total += vil.weight[v]!;
    }
  }
  if (total === 0) return;
  const lag = pw.lag_years;
  const slot = (m.year + lag) % WORKS_PIPELINE;
  for (let v = v0; v < c.villageEnd; v++) {
    const amount = (spend * target[v - v0]!) / total;
    if (amount === 0 || vil.weight[v]! === 0) continue;
    const captured = amount * vil.capture[v]!;
    const built = amount - captured;
    L.add(A.county, A.elite_capture, PU.public_works, captured);
    L.add(A.county, A.infrastructure, PU.public_works, built);
    const units = built / (pw.cost_per_unit * vil.weight[v]!);
    if (lag === 0) vil.infra[v]! += units;
    else vil.infraPipeline[v * WORKS_PIPELINE + slot]! += units;
  }
  m.stats.publicWorks += spend;
  m.stats.publicSpent += spend;
}

/** Take `amount` out of the idle vintages, oldest first. */
function consumeOldest(vintage: Float64Array, amount: number): void {
  for (let k = vintage.length - 1; k >= 0 && amount > 0; k--) {
    const take = Math.min(vintage[k]!, amount);
    vintage[k]! -= take;
    amount -= take;
  }
}

/**
 * What is still in the pool has now stayed unplaced at one more allocation:
 * old vintages move up, new money enters vintage 0. The vintages never hold
 * more than the pool (an overdraft repaid from it counts as spending the oldest).
 */
function ageIdle(c: County): void {
  const v = c.idleVintage;
  const last = IDLE_VINTAGES - 1;
  let old = 0;
  for (let k = 0; k <= last; k++) old += v[k]!;
  const pool = Math.max(0, c.pool);
  if (old > pool) {
    consumeOldest(v, old - pool);
    old = pool;
  }
  v[last]! += v[last - 1]!;
  for (let k = last - 1; k >= 1; k--) v[k] = v[k - 1]!;
  v[0] = pool - old;
}

/** Money unplaced at `idle_return_years` allocations in a row goes back to the level above. */
function returnIdle(m: Model, c: County): void {
  const b = m.s.budget;
  const n = b.idle_return_years;
  if (n === 0 || m.year < b.idle_return_from) return;
  const v = c.idleVintage;
  let back = 0;
  for (let k = Math.min(n, IDLE_VINTAGES) - 1; k < IDLE_VINTAGES; k++) {
    back += v[k]!;
    v[k] = 0;
  }
  if (back <= 0) return;
  c.pool -= back;
  m.ledger.add(A.county, A.recovered, PU.idle_return, back);
}

/** Market access from the stock in effect: the multiplier of local casual earnings. */
function updateAccess(m: Model): void {
  const vil = m.villages;
  const gain = m.s.public_works.wage_gain;
  for (let v = 0; v < vil.n; v++) vil.access[v] = 1 + gain * infrastructureEffect(vil.infra[v]!);
}
