/**
 * Migration and organised labour export (counterpart assistance, brief
 * §4.9): migrants return or leave; registered working households aware of
 * the employment programme fill the export places the assistance lever
 * opens. Then each household's farm multiplier for the year.
 */
import { P, SERIOUS } from '../core/domain.ts';
import { computeFarmMultipliers } from '../core/farm.ts';
import { NPROG, FROM_Q } from '../core/households.ts';
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';

export function migrate(m: Model): void {
  const hh = m.hh;
  const s = m.s;
  const rng = m.rng;
  const t = m.yearTick;
  const e = s.economy;
  const minAsp = s.aspiration.min_to_apply * e.migration_aspiration_factor;
  const minAware = s.information.uptake_awareness;
  const { migrant, labour, employed, health, skill, aspiration, registered, weight, awareness } = hh;
  // Labour export: places for registered working households (assistance lever).
  let exportPlaces = 0;
  if (m.programmesActive) {
    let poorWorking = 0;
    for (let i = 0; i < hh.n; i++) if (registered[i] === 1 && labour[i]! > 0) poorWorking += weight[i]!;
    exportPlaces = m.eff.labour_export * poorWorking;
  }
  let exported = 0;
  const epidemic = m.epidemicMonthsLeft > 0;
  const migrationRow = rng.row(SITE.migration, t);
  for (let i = 0; i < hh.n; i++) {
    const u = rng.uAt(migrationRow, i);
    if (migrant[i] === 1) {
      if (u < e.migration_return) migrant[i] = 0;
      continue;
    }
    if (labour[i]! - employed[i]! < 1 || health[i] === SERIOUS || epidemic) continue;
    if (skill[i]! < e.migration_min_skill || aspiration[i]! < minAsp) continue;
    if (u < e.migration_base) migrant[i] = 1;
    else if (exported < exportPlaces && registered[i] === 1 && awareness[i * NPROG + P.employment]! * FROM_Q > minAware) {
      migrant[i] = 1;
      exported += weight[i]!;
    }
  }
  computeFarmMultipliers(m);
}
