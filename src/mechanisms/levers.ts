/**
 * The eight synergy levers move mechanism parameters, never outcomes. This
 * table is the single statement of which lever moves which parameter; the
 * value at lever 0 and 1 comes from the scenario (`lever_effects`), and
 * docs/ODD.md reproduces the table (a test keeps the two in step).
 */
import type { Effective } from '../core/model.ts';
import type { YearValues } from '../core/year-values.ts';
import type { LeverEffectName, LeverName, Scenario } from '../scenario/schema.ts';

export interface LeverEffect {
  param: LeverEffectName;
  lever: LeverName;
  mechanism: string;
}

export const LEVER_TABLE: readonly LeverEffect[] = [
  { param: 'targeting_share', lever: 'strategic', mechanism: 'markets (linked firms hire registered households first)' },
  { param: 'allocation_noise', lever: 'strategic', mechanism: 'budget and allocation' },
  { param: 'duplication', lever: 'organisational', mechanism: 'social organisations' },
  { param: 'disbursement_delay', lever: 'organisational', mechanism: 'budget and allocation' },
  { param: 'coordination_loss', lever: 'organisational', mechanism: 'markets (industry subsidies), social organisations (donations), budget (supervision and social watch), identification (needs reports)' },
  { param: 'match_accuracy', lever: 'policy', mechanism: 'matching' },
  { param: 'needs_based_allocation', lever: 'policy', mechanism: 'budget and allocation' },
  { param: 'local_advantage', lever: 'policy', mechanism: 'markets' },
  { param: 'enterprise_hurdle', lever: 'social', mechanism: 'markets' },
  { param: 'csr_weight', lever: 'social', mechanism: 'markets' },
  { param: 'donation_base', lever: 'social', mechanism: 'social organisations' },
  { param: 'fragmentation_loss', lever: 'fund', mechanism: 'budget and allocation' },
  { param: 'fund_supervision', lever: 'fund', mechanism: 'budget and allocation (leakage), assessment (verification of exits)' },
  { param: 'credit_supply', lever: 'fund', mechanism: 'credit' },
  { param: 'registry_noise', lever: 'technology', mechanism: 'identification' },
  { param: 'platform_transparency', lever: 'technology', mechanism: 'budget and allocation (village transparency, elite capture)' },
  { param: 'platform_fidelity', lever: 'technology', mechanism: 'information' },
  { param: 'training_gain', lever: 'technology', mechanism: 'matching (training)' },
  { param: 'publicity_reach', lever: 'publicity', mechanism: 'information' },
  { param: 'publicity_aspiration', lever: 'publicity', mechanism: 'aspiration' },
  { param: 'donor_trust_gain', lever: 'publicity', mechanism: 'trust (donors)' },
  { param: 'external_funds', lever: 'assistance', mechanism: 'counterpart assistance' },
  { param: 'extra_cadres', lever: 'assistance', mechanism: 'counterpart assistance, information, identification (noise), trust (bridge)' },
  { param: 'labour_export', lever: 'assistance', mechanism: 'counterpart assistance' },
];

/**
 * Mechanism parameters for a year's values: the lever settings of that year
 * (levers may be time series) and the credit supply's multiplier, which
 * follows the lender's programme on top of the fund lever. `withdrawn`
 * switches the assistance lever off (timed event "assistance_withdrawal").
 */
export function effectiveParams(s: Scenario, now: Pick<YearValues, 'levers' | 'creditSupply'>, withdrawn = false): Effective {
  const out = {} as Effective;
  for (const { param, lever } of LEVER_TABLE) {
    const level = lever === 'assistance' && withdrawn ? 0 : now.levers[lever];
    const { at0, at1 } = s.lever_effects[param];
    out[param] = at0 + (at1 - at0) * level;
  }
  out.credit_supply *= now.creditSupply;
  return out;
}
