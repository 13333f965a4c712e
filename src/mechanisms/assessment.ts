/**
 * Mechanism 8 (exit assessment under deadline pressure): a registered
 * household observed above the line (plus a margin) in `sustained_years`
 * consecutive assessments is declared out of poverty. As the deadline nears,
 * pressure lowers the bar; supervision verifies a share of exits against
 * true income and reverses false ones. False exits that get through show up
 * later as relapses.
 */
import type { Model } from '../core/model.ts';
import { SITE } from '../core/rng.ts';
import { supervision } from './budget.ts';

export function assessExits(m: Model): void {
  const a = m.s.assessment;
  if (m.year < a.first_year) return;
  const hh = m.hh;
  const t = m.yearTick;
  const line = m.now.line;
  const bar = line * (1 + a.exit_margin - m.now.pressure * a.leniency);
  const sustained = a.sustained_years;
  const st = m.stats;
  for (const c of m.counties) {
    const verify = a.verification * supervision(m);
    for (let i = c.hhStart; i < c.hhEnd; i++) {
      if (hh.registered[i] !== 1 || hh.observed[i]! < bar) {
        hh.aboveBar[i] = 0; // the run of years above the bar is broken
        continue;
      }
      if (hh.aboveBar[i]! < 255) hh.aboveBar[i]! += 1;
      // Not yet sustained: stays registered (and out of the re-check's removals).
      if (hh.aboveBar[i]! < sustained) continue;
      const trulyPoor = hh.income[i]! < line;
      if (trulyPoor && m.rng.u(SITE.exitVerification, i, t) < verify) {
        st.reversedExits += hh.weight[i]!;
        hh.verifiedPoor[i] = 1;
        hh.aboveBar[i] = 0; // verification found it poor: the run starts again
        continue;
      }
      hh.registered[i] = 0;
      hh.aboveBar[i] = 0;
      hh.everExited[i] = 1;
      hh.relapseOpen[i] = 1;
      hh.leftRegistry[i] = 1;
      st.exits += hh.weight[i]!;
      st.exitsPeople += hh.weight[i]! * hh.size[i]!;
      if (trulyPoor) st.falseExits += hh.weight[i]!;
    }
  }
}
