/**
 * Mechanism 6 (aspiration): a household's will to get out of poverty moves
 * towards its neighbours' and is pulled up by elites' example and by
 * campaigns; it rises after success and training and falls after failure.
 * It scales effort (farm output) and willingness to apply for loans, jobs and
 * training.
 */
import type { Model } from '../core/model.ts';

export function updateAspiration(m: Model): void {
  const hh = m.hh;
  const vil = m.villages;
  const a = m.s.aspiration;
  const roleModel = m.s.elites.role_model;
  const publicity = m.eff.publicity_aspiration;
  for (let i = 0; i < hh.n; i++) {
    const v = hh.village[i]!;
    let x = hh.aspiration[i]!;
    x += a.neighbour_pull * (vil.meanAspiration[v]! - x);
    x += roleModel * Math.min(1, vil.elites[v]! / 2) * (1 - x);
    x += publicity * (1 - x);
    const now = hh.income[i]!;
    const before = hh.incomeBefore[i]!;
    if (now > before * 1.05) x += a.success_gain;
    else if (now < before * 0.9) x -= a.failure_drop;
    if (hh.trained[i] === 1) x += a.training_gain;
    hh.aspiration[i] = x < 0 ? 0 : x > 1 ? 1 : x;
  }
}
