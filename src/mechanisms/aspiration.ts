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
  const publicity = m.eff.publicity_aspiration;
  const success = a.success_threshold;
  const failure = a.failure_threshold;
  const { aspiration, income, incomeBefore, trained } = hh;
  for (let v = 0; v < vil.n; v++) {
    const from = vil.start[v]!;
    const to = vil.end[v]!;
    // Neighbours' mean aspiration, before anyone in the village updates.
    let mean = 0;
    for (let i = from; i < to; i++) mean += aspiration[i]!;
    mean /= Math.max(1, to - from);
    const roleModel = m.s.elites.role_model * Math.min(1, vil.elites[v]! / 2);
    for (let i = from; i < to; i++) {
      let x = aspiration[i]!;
      x += a.neighbour_pull * (mean - x);
      x += roleModel * (1 - x);
      x += publicity * (1 - x);
      const now = income[i]!;
      const before = incomeBefore[i]!;
      if (now > before * success) x += a.success_gain;
      else if (now < before * failure) x -= a.failure_drop;
      if (trained[i] === 1) x += a.training_gain;
      aspiration[i] = x < 0 ? 0 : x > 1 ? 1 : x;
    }
  }
}
