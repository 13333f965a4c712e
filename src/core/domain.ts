/**
 * The fixed vocabularies of the model: programmes, causes of poverty, the
 * actor kinds a household can trust, health states. Indices into typed-array
 * columns use the position in these lists, so their order is part of the
 * model (append, never reorder).
 */

export const PROGRAMMES = [
  'industry', // productive assets / industry support for those who can work
  'employment', // public-welfare posts and organised labour export
  'training', // skills training ("Dew Programme")
  'credit', // poverty microcredit (interest subsidy, risk-compensation fund)
  'relocation', // ex-situ relocation from harsh locations
  'health', // medical assistance on top of basic insurance
  'social_security', // minimum living guarantee (dibao) for those without labour
  'education', // education cost support
  'ecological', // ecological compensation and forest-ranger jobs
] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const P = Object.fromEntries(PROGRAMMES.map((p, i) => [p, i])) as Record<Programme, number>;

export const CAUSES = [
  'illness',
  'disability',
  'lack_skills',
  'lack_labour',
  'lack_funds',
  'harsh_location',
  'disaster',
  'education_costs',
] as const;
export type Cause = (typeof CAUSES)[number];
export const C = Object.fromEntries(CAUSES.map((c, i) => [c, i])) as Record<Cause, number>;

/** Actor kinds a household holds trust towards (columns of the trust matrix). */
export const TRUST_TARGETS = ['government', 'enterprise', 'social', 'elite'] as const;
export const T = { government: 0, enterprise: 1, social: 2, elite: 3 } as const;

export const HEALTHY = 0;
export const CHRONIC = 1;
export const SERIOUS = 2;

/** Sentinel for "no programme" / "no employer" in integer columns. */
export const NONE = -1;
