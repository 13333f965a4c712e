/**
 * Household state as typed-array columns, one array per attribute, allocated
 * once. Households are stored sorted by village (and villages by county), so a
 * village or a county is a contiguous index range.
 *
 * Money columns are in yuan for ONE simulated household (not weighted); the
 * weight says how many real households it stands for.
 */
import { PROGRAMMES, TRUST_TARGETS } from './domain.ts';

export const NPROG = PROGRAMMES.length;
export const NTRUST = TRUST_TARGETS.length;

export class Households {
  readonly n: number;
  // identity and structure
  readonly village: Int32Array;
  readonly weight: Float64Array;
  readonly size: Uint8Array; // people
  readonly labour: Uint8Array; // adults able to work
  readonly children: Uint8Array; // children in school
  readonly disabled: Uint8Array;
  readonly eliteKin: Uint8Array;
  // capabilities and attitudes (0-1)
  readonly skill: Float32Array;
  readonly aspiration: Float32Array;
  readonly awareness: Float32Array; // n * NPROG
  readonly trust: Float32Array; // n * NTRUST
  // assets and production
  readonly land: Float32Array; // farm potential (multiplier, mean 1)
  readonly productivity: Float32Array; // gain from support, >= 0
  readonly harshness: Float32Array; // share of farm output lost to location
  readonly product: Uint8Array; // 1 = grows the county's main product, 0 = the staple
  readonly farmMult: Float32Array; // this year's farm multiplier (derived yearly)
  readonly luck: Float32Array; // this year's farm luck
  // health and shocks
  readonly health: Uint8Array; // HEALTHY / CHRONIC / SERIOUS
  readonly insured: Uint8Array; // basic medical insurance
  readonly agInsured: Uint8Array;
  // work
  readonly employer: Int32Array; // firm index or NONE
  readonly employed: Uint8Array; // 1 when employer !== NONE (read by the hot loop)
  readonly migrant: Uint8Array; // one adult works away
  // programme status
  readonly registered: Uint8Array;
  readonly everExited: Uint8Array;
  readonly relapseOpen: Uint8Array; // exited and not yet counted as relapsed
  readonly leftRegistry: Uint8Array; // left the registry this January (1 exit, 2 re-check removal)
  readonly verifiedPoor: Uint8Array; // exit reversed by verification this January
  readonly aboveBar: Uint8Array; // consecutive assessments a registered household was observed above the exit bar
  readonly poorLast: Uint8Array; // truly poor last year
  readonly trueCause: Uint8Array;
  readonly recordedCause: Uint8Array;
  readonly plan: Int8Array; // programme index or NONE
  readonly planLast: Int8Array; // last year's plan (a renewed cash entitlement continues from January)
  readonly cashFrom: Uint8Array; // month from which this year's programme cash flows
  readonly relocated: Uint8Array;
  readonly coop: Int32Array; // NONE, or firm index (>= 0) for firm co-ops, or -(2 + village) for elite co-ops
  readonly trained: Uint8Array; // trained this year
  // money flows this year (per simulated household, yuan)
  readonly cashGov: Float32Array; // monthly net cash from government programmes
  readonly cashSo: Float32Array; // monthly cash from social organisations
  readonly grant: Float32Array; // this year's capital programme grant (industry, training, relocation)
  readonly reimbExtra: Float32Array; // extra medical reimbursement share
  readonly promisedGov: Float32Array;
  readonly deliveredGov: Float32Array;
  readonly promisedEnt: Float32Array;
  readonly deliveredEnt: Float32Array;
  readonly promisedSo: Float32Array;
  readonly deliveredSo: Float32Array;
  readonly captured: Float32Array;
  // Float32 is enough for one household's year of income; money that must
  // agree with the ledger (savings) is Float64.
  readonly incFarm: Float32Array;
  readonly incWage: Float32Array;
  /** Net cash per month that is fixed for a stretch of the year: transfers, pensions, loan returns, less school costs. */
  readonly fixedMonthly: Float32Array;
  readonly incTransfer: Float64Array;
  readonly incProperty: Float64Array;
  readonly costMedical: Float64Array;
  readonly costEducation: Float64Array;
  readonly savings: Float64Array;
  readonly loan: Float32Array; // outstanding microloan principal
  readonly loanReturn: Float32Array; // this year's return rate on the loan
  // income as measured
  readonly income: Float64Array; // last completed year's net income per person (true)
  readonly incomeBefore: Float64Array; // the year before that
  readonly observed: Float64Array; // registry's observation of `income`
  readonly dibaoLast: Float32Array; // last year's minimum-living-guarantee cash per person (the registry paid it, so knows it)
  readonly guaranteeMonthly: Float32Array; // this year's minimum-living-guarantee cash per month, whole household (0: not a recipient)

  constructor(n: number) {
    this.n = n;
    this.village = new Int32Array(n);
    this.weight = new Float64Array(n);
    this.size = new Uint8Array(n);
    this.labour = new Uint8Array(n);
    this.children = new Uint8Array(n);
    this.disabled = new Uint8Array(n);
    this.eliteKin = new Uint8Array(n);
    this.skill = new Float32Array(n);
    this.aspiration = new Float32Array(n);
    this.awareness = new Float32Array(n * NPROG);
    this.trust = new Float32Array(n * NTRUST);
    this.land = new Float32Array(n);
    this.productivity = new Float32Array(n);
    this.harshness = new Float32Array(n);
    this.product = new Uint8Array(n);
    this.farmMult = new Float32Array(n);
    this.luck = new Float32Array(n);
    this.health = new Uint8Array(n);
    this.insured = new Uint8Array(n);
    this.agInsured = new Uint8Array(n);
    this.employer = new Int32Array(n).fill(-1);
    this.employed = new Uint8Array(n);
    this.migrant = new Uint8Array(n);
    this.registered = new Uint8Array(n);
    this.everExited = new Uint8Array(n);
    this.relapseOpen = new Uint8Array(n);
    this.leftRegistry = new Uint8Array(n);
    this.verifiedPoor = new Uint8Array(n);
    this.aboveBar = new Uint8Array(n);
    this.poorLast = new Uint8Array(n);
    this.trueCause = new Uint8Array(n);
    this.recordedCause = new Uint8Array(n);
    this.plan = new Int8Array(n).fill(-1);
    this.planLast = new Int8Array(n).fill(-1);
    this.cashFrom = new Uint8Array(n);
    this.relocated = new Uint8Array(n);
    this.coop = new Int32Array(n).fill(-1);
    this.trained = new Uint8Array(n);
    this.cashGov = new Float32Array(n);
    this.cashSo = new Float32Array(n);
    this.grant = new Float32Array(n);
    this.reimbExtra = new Float32Array(n);
    this.promisedGov = new Float32Array(n);
    this.deliveredGov = new Float32Array(n);
    this.promisedEnt = new Float32Array(n);
    this.deliveredEnt = new Float32Array(n);
    this.promisedSo = new Float32Array(n);
    this.deliveredSo = new Float32Array(n);
    this.captured = new Float32Array(n);
    this.incFarm = new Float32Array(n);
    this.incWage = new Float32Array(n);
    this.fixedMonthly = new Float32Array(n);
    this.incTransfer = new Float64Array(n);
    this.incProperty = new Float64Array(n);
    this.costMedical = new Float64Array(n);
    this.costEducation = new Float64Array(n);
    this.savings = new Float64Array(n);
    this.loan = new Float32Array(n);
    this.loanReturn = new Float32Array(n);
    this.income = new Float64Array(n);
    this.incomeBefore = new Float64Array(n);
    this.observed = new Float64Array(n);
    this.dibaoLast = new Float32Array(n);
    this.guaranteeMonthly = new Float32Array(n);
  }

  /** Set household i's employer (or NONE), keeping the `employed` flag in step. */
  setEmployer(i: number, firm: number): void {
    this.employer[i] = firm;
    this.employed[i] = firm === -1 ? 0 : 1;
  }

  /** Net income per person of the year being accumulated (true, not observed). */
  yearIncomePerPerson(i: number, subtractCosts: boolean): number {
    let y = this.incFarm[i]! + this.incWage[i]! + this.incTransfer[i]! + this.incProperty[i]!;
    if (subtractCosts) y -= this.costMedical[i]! + this.costEducation[i]!;
    return y / this.size[i]!;
  }
}
