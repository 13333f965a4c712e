/**
 * The few organisational agents and the places households live in. Villages
 * are columns too (there may be hundreds of thousands); counties, firms and
 * social organisations are plain objects.
 */
import { type Households, NPROG } from './households.ts';

/** Years of public works under construction kept per village: the largest lag is WORKS_PIPELINE - 1. */
export const WORKS_PIPELINE = 4;
/** Vintages of idle county funds tracked (years unplaced); older money stays in the last. */
export const IDLE_VINTAGES = 10;

export class Villages {
  readonly n: number;
  readonly county: Int32Array;
  readonly start: Int32Array; // first household index
  readonly end: Int32Array; // one past the last
  readonly harsh: Uint8Array;
  readonly eco: Uint8Array;
  readonly elites: Float32Array;
  readonly contact: Float32Array; // cadre contact 0-1
  readonly transparency: Float32Array;
  readonly capture: Float32Array; // share of village-delivered benefits captured
  readonly disasterLoss: Float32Array; // share of output lost since the disaster this year
  readonly weight: Float64Array; // represented households
  /** Public-works infrastructure stock in effect (units per household; public-works.ts). */
  readonly infra: Float64Array;
  /** Stock under construction, by the year it comes into effect (n * WORKS_PIPELINE, slot = year mod WORKS_PIPELINE). */
  readonly infraPipeline: Float64Array;
  /** Multiplier of local casual earnings from market access (1 without infrastructure). */
  readonly access: Float64Array;
  /** Mean awareness by programme (n * NPROG), as neighbours saw it after last year's update. */
  readonly meanAwareness: Float32Array;
  /** This year's productivity gain of the elite co-operative (before the organiser's capture; elite.ts). */
  readonly coopGain: Float64Array;
  meansReady = false;

  constructor(n: number) {
    this.n = n;
    this.county = new Int32Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.harsh = new Uint8Array(n);
    this.eco = new Uint8Array(n);
    this.elites = new Float32Array(n);
    this.contact = new Float32Array(n);
    this.transparency = new Float32Array(n);
    this.capture = new Float32Array(n);
    this.disasterLoss = new Float32Array(n);
    this.weight = new Float64Array(n);
    this.infra = new Float64Array(n);
    this.infraPipeline = new Float64Array(n * WORKS_PIPELINE);
    this.access = new Float64Array(n).fill(1);
    this.meanAwareness = new Float32Array(n * NPROG);
    this.coopGain = new Float64Array(n);
  }
}

/** A leading enterprise in one county. */
export interface Firm {
  id: number;
  county: number;
  /** Year and candidate of its entry (firmBirthKey): keys its draws, whatever other firms exist. */
  birth: number;
  /** Productivity draw of this firm (multiplies output per worker). */
  efficiency: number;
  /** Capital in yuan (mirrors part of the ledger's enterprise account). */
  capital: number;
  /** Jobs in simulated households (a job = one worker of one simulated household; slots.ts). */
  jobs: number;
  /** Uniform fixed at entry that rounds its jobs kept for registered households (a share set by a lever each year) to simulated households (slots.ts). */
  targetedDraw: number;
  /** Co-operative places in simulated households (`members_per_firm` is in represented households; slots.ts). */
  memberPlaces: number;
  /** Simulated households employed, and their total weight. */
  employees: number;
  employeesWeight: number;
  /** Interest-linkage contract (enterprise + cooperative + poor household). */
  linked: boolean;
  /** Co-operative members: simulated households and their total weight. */
  members: number;
  membersWeight: number;
  /** This year's productivity gain of its co-operative members' farms (may be negative: enterprise.ts). */
  coopGain: number;
  subsidy: number;
  /** Dividend per member (per unit weight) paid last year: what members expect. */
  lastDividend: number;
  revenueYear: number;
  costsYear: number;
  /** Revenue one worker would have brought this year, summed over the months the firm had no worker (its books are then empty). */
  revenuePerWorkerIdle: number;
  lossYears: number;
  active: boolean;
}

/** A social organisation working in one county (multi-centre only). */
export interface SocialOrg {
  county: number;
  funds: number;
}

export interface County {
  id: number;
  villageStart: number;
  villageEnd: number;
  hhStart: number;
  hhEnd: number;
  weight: number; // represented households
  /** Local advantage per product (multiplies yield). */
  advantage: Float64Array;
  mainProduct: number;
  /** Money not placed in any programme: this year's arrivals before allocation, idle funds after it (yuan). */
  pool: number;
  /**
   * Programme funds held by the county (yuan), by programme. The credit
   * programme's funds pay interest subsidies and compensate defaults.
   * Unspent money returns to the pool at the next allocation.
   */
  funds: Float64Array;
  /** This year's allocation shares and last year's (for stability). */
  allocation: Float64Array;
  previousAllocation: Float64Array;
  /**
   * Monthly cash programmes: per-month totals (weighted, yuan) fixed at
   * planning, indexed [programme] for entitlements renewed from last year
   * (paid from January) and [NPROG + programme] for new ones (paid from the
   * delivery month).
   */
  monthlyGross: Float64Array;
  monthlyNet: Float64Array;
  /** Share of need each programme pays this year (funds / need, at most 1), fixed at planning. */
  fill: Float64Array;
  monthlyCaptured: Float64Array;
  monthlyWasted: Float64Array;
  firms: Firm[];
  orgs: SocialOrg[];
  /** Lender's confidence in poor borrowers (scales credit supply). */
  lenderConfidence: number;
  /** Enterprises' trust in the stability of policy. */
  policyTrust: number;
  /** Donors' trust in the county's social organisations. */
  donorTrust: number;
  /** Social organisations' monthly cash aid in this county (weighted, yuan). */
  monthlySoCash: number;
  /** Industry money set aside for firms with interest-linkage contracts (paid out in January). */
  subsidyPot: number;
  /** The pool once last year's programme funds are back in it, before this January's placing (allocation.ts). */
  poolAtAllocation: number;
  /** Idle pool by vintage: [k] has stayed unplaced at k + 1 allocations in a row (public-works.ts). */
  idleVintage: Float64Array;
}

/** The synthesised population a model starts from (src/agents/population.ts). */
export interface Population {
  hh: Households;
  villages: Villages;
  counties: County[];
  /** Represented households per simulated household (every household's weight). */
  householdWeight: number;
}

/** What a county holds on its own books (pool, programme funds, firm subsidies), yuan. */
export function countyBooks(c: County): number {
  let total = c.pool + c.subsidyPot;
  for (let p = 0; p < c.funds.length; p++) total += c.funds[p]!;
  return total;
}

/**
 * An initial value that makes V8 give a numeric field a double
 * representation from the start: -0 is a heap number, not a small integer.
 * A field first stored as a small integer (0, 1) and later as a fraction
 * changes the object's map, which deoptimises every function compiled
 * against the old one (the hot loops reading m.stats, counties, firms).
 * Store the real value (+0, 1) right after; a double field stays double.
 */
export const DOUBLE = -0;

/** Events counted during a year, read by the data collector at year end. */
export class YearStats {
  exits = DOUBLE; // declared exits, weighted households
  exitsPeople = DOUBLE;
  falseExits = DOUBLE;
  reversedExits = DOUBLE;
  relapses = DOUBLE; // previously exited households that are poor again
  entries = DOUBLE; // first entry into poverty
  registeredNew = DOUBLE;
  registeredNewPeople = DOUBLE;
  recheckAdded = DOUBLE; // additions a re-check made beyond the year's ordinary registration
  recheckAddedPeople = DOUBLE;
  recheckRemoved = DOUBLE; // registered households a re-check removed as wrongly registered
  recheckRemovedPeople = DOUBLE;
  // Targeting when the registry decides (January, after identification), weighted households.
  decidedRegistered = DOUBLE;
  decidedRegisteredNonPoor = DOUBLE; // registered, last year's true income at or above the line
  decidedPoor = DOUBLE; // last year's true income below the line
  decidedPoorLeftOut = DOUBLE;
  loansIssued = DOUBLE;
  loanDefaults = DOUBLE;
  relocations = DOUBLE;
  trained = DOUBLE;
  firmEntries = DOUBLE;
  firmExits = DOUBLE;
  soServed = DOUBLE;
  handedOver = DOUBLE; // planned households the county handed over to a social organisation (displacement)
  illnessEpisodes = DOUBLE;
  disasterVillages = DOUBLE; // villages hit at least once this year (a count, not weighted)
  planMatched = DOUBLE; // weighted plans whose programme fits the true cause best
  planTotal = DOUBLE;
  publicSpent = DOUBLE; // public money that left government accounts towards households, yuan
  guaranteeEligible = DOUBLE; // households whose true own income is below the guarantee's standard (January)
  guaranteeExcluded = DOUBLE; // ... of which not enrolled
  guaranteeRecipients = DOUBLE; // households enrolled in the guarantee (January)
  guaranteeRecipientsPeople = DOUBLE;
  guaranteeIncluded = DOUBLE; // recipients whose true own income is at or above the standard
  publicWorks = DOUBLE; // county money spent on village public works (capture included), yuan

  constructor() {
    this.reset();
  }

  reset(): void {
    for (const k of Object.keys(this) as (keyof YearStats)[]) {
      if (typeof this[k] === 'number') (this as unknown as Record<string, number>)[k] = 0;
    }
  }
}

/** A firm's birth key: the year it entered and its place among that year's candidates in its county. */
export function firmBirthKey(year: number, candidate: number): number {
  return year * 4096 + candidate;
}
