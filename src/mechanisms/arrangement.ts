/**
 * The symmetry audit (issue 12): every place where `governance.arrangement`
 * changes behaviour (a use of Model.multiCentre or Model.socialOrgsActive in
 * src/), what each arrangement gets there, what it costs and who pays.
 * docs/ODD.md §1.1 reproduces the table and test/docs/arrangement.test.ts
 * keeps the table, the code and the ODD in step: a new use of either flag
 * must be added here (and to the ODD) with its cost.
 */

export interface ArrangementPlace {
  /** Source file, from the repository root. */
  file: string;
  /** Text on the one line of `file` that uses the flag. */
  code: string;
  /** Short name of the place (the ODD row's second cell). */
  place: string;
  multi: string;
  single: string;
  cost: string;
  payer: string;
  /** The setting at which the channel does nothing (the identical-runs test uses them all). */
  neutral: string;
}

export const ARRANGEMENT_TABLE: readonly ArrangementPlace[] = [
  {
    file: 'src/agents/enterprise.ts',
    code: 'const linkedMode = m.multiCentre',
    place: 'interest-linkage contracts',
    multi: 'entering firms count the subsidy and CSR in their margin; linked firms hire registered workers first and take co-operative members (gain by firm efficiency and price, luck; dividends from profit)',
    single: 'firms enter on the market margin and hire at market terms; no co-operative',
    cost: 'co-operative years can lose (gain below 0); subsidy from the industry pot (next row)',
    payer: 'members bear losses; firms\' owners cover theirs',
    neutral: 'csr_weight 0, targeting_share 0, members_per_firm 0, dividend_share 0',
  },
  {
    file: 'src/mechanisms/allocation.ts',
    code: 'if (m.multiCentre && s.governance.enterprises) {',
    place: 'firm subsidy',
    multi: 'subsidy_share of the industry programme goes to linked firms',
    single: 'the whole industry programme goes to households',
    cost: 'paid from the same pot as household grants (no gross-up); coordination_loss of it is lost',
    payer: 'households planned for industry (smaller grants)',
    neutral: 'enterprises.subsidy_share 0',
  },
  {
    file: 'src/mechanisms/allocation.ts',
    code: 'if (m.multiCentre && s.governance.enterprises && s.enterprises.subsidy_share > 0) actors++',
    place: 'delay: firms',
    multi: 'nothing',
    single: 'nothing',
    cost: 'coordination_delay months more before every programme\'s money arrives',
    payer: 'every planned household (fewer months of support)',
    neutral: 'governance.coordination_delay 0 (or subsidy_share 0)',
  },
  {
    file: 'src/mechanisms/allocation.ts',
    code: 'if (m.socialOrgsActive && s.budget.social_watch > 0) actors++',
    place: 'delay: social watch',
    multi: 'nothing',
    single: 'nothing',
    cost: 'coordination_delay months more before every programme\'s money arrives',
    payer: 'every planned household (fewer months of support)',
    neutral: 'governance.coordination_delay 0 (or social_watch 0)',
  },
  {
    file: 'src/agents/social-organisation.ts',
    code: 'if (!m.socialOrgsActive) continue;',
    place: 'donations and service',
    multi: 'donations (private money) serve households the organisations see as poor, part cash, part training',
    single: 'no donations, no service',
    cost: 'coordination_loss of donations; duplication sends aid to households government already serves',
    payer: 'donors; poor households left unserved',
    neutral: 'donation_base 0 (lever_effects at0 = at1 = 0)',
  },
  {
    file: 'src/mechanisms/matching.ts',
    code: 'if (!m.socialOrgsActive || !m.programmesActive) return;',
    place: 'displacement',
    multi: 'nothing gained: a planned household an organisation serves is handed over',
    single: 'no hand-over: the county keeps every plan',
    cost: 'the county withdraws the year\'s help (cash, grant, medical top-up) of planned households organisations serve (duplication); the money waits a year in the pool',
    payer: 'handed-over households (the organisations\' aid replaces, not adds to, the county\'s)',
    neutral: 'lever_effects.duplication at0 = at1 = 0',
  },
  {
    file: 'src/mechanisms/information.ts',
    code: 'if (m.socialOrgsActive) {',
    place: 'information reach',
    multi: 'social_organisations.information_reach added to awareness of training, health, education',
    single: 'cadres, platform, publicity, elites and neighbours only',
    cost: 'none modelled',
    payer: '-',
    neutral: 'social_organisations.information_reach 0',
  },
  {
    file: 'src/mechanisms/identification.ts',
    code: 'if (m.socialOrgsActive) sd *=',
    place: 'needs reports',
    multi: 'registry noise cut by social_report_noise_reduction',
    single: 'no cut',
    cost: 'coordination_loss of the cut is lost between actors',
    payer: 'households mis-registered',
    neutral: 'information.social_report_noise_reduction 0',
  },
  {
    file: 'src/mechanisms/budget.ts',
    code: 'const watch = m.socialOrgsActive ?',
    place: 'social watch',
    multi: 'social_watch adds supervision (leakage, exit verification) and village transparency (capture)',
    single: 'government supervision, fund synergy and platform only',
    cost: 'responsibility shifting: coordination_loss of both the government\'s supervision and the watch is lost',
    payer: 'all public money (leakage), households (capture, false exits)',
    neutral: 'budget.social_watch 0',
  },
];
