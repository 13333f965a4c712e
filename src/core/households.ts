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

/**
 * Trust and awareness are shares in [0, 1] stored as 16-bit fixed point (Q is
 * 1; resolution 1.5e-5): read `x * FROM_Q`, write `toQ(x)`. Half the bytes of
 * a Float32 for the two widest columns (12 values per household).
 */
export const Q = 65535;
export const FROM_Q = 1 / Q;
export function toQ(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 65535 : roundQ(x * 65535); // Q as a literal: V8 reloads a module binding at every use
}

/**
 * Math.round(y) for 0 <= y < 2^31, bit for bit, at a third of its cost in
 * V8's optimised code (the awareness update ran 2.5 times faster). y + 0.5 is
 * exact for y >= 0.5 and rounds below 1 for y < 0.5, except for the largest
 * double below 0.5, which it rounds up to 1 (Math.round gives 0).
 */
export function roundQ(y: number): number {
  return y === 0.49999999999999994 ? 0 : (y + 0.5) | 0;
}

type TypedArray = Float64Array | Float32Array | Int32Array | Uint16Array | Uint8Array | Int8Array;
type TypedArrayOf<T extends TypedArray> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

// Buffers of the last released households (release()), by byte length, for
// the next population's columns: a run of replicates then holds one
// population's buffers instead of two until the collector frees the last
// one's. A new population empties the pool, so nothing is kept for long.
const free = new Map<number, ArrayBuffer[]>();

function takeColumn<T extends TypedArray>(Ctor: TypedArrayOf<T>, length: number): T {
  const bytes = length * Ctor.BYTES_PER_ELEMENT;
  const buffer = free.get(bytes)?.pop();
  if (buffer === undefined) return new Ctor(new ArrayBuffer(bytes), 0, length);
  const a = new Ctor(buffer, 0, length);
  a.fill(0); // as a new column
  return a;
}

export class Households {
  readonly n: number;
  /** The columns' buffers, handed back by release(). */
  private readonly buffers: ArrayBuffer[];
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
  readonly awareness: Uint16Array; // n * NPROG, fixed point (Q)
  readonly trust: Uint16Array; // n * NTRUST, fixed point (Q)
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
  // Float32 (7 significant digits) is enough for one household's year of
  // income and costs; money that must agree with the ledger (savings) and the
  // weight are Float64.
  readonly incFarm: Float32Array;
  readonly incWage: Float32Array;
  /** Net cash per month that is fixed for a stretch of the year: transfers, pensions, loan returns, less school costs. */
  readonly fixedMonthly: Float32Array;
  readonly incTransfer: Float32Array;
  readonly incProperty: Float32Array;
  readonly costMedical: Float32Array;
  readonly costEducation: Float32Array;
  readonly savings: Float64Array;
  readonly loan: Float32Array; // outstanding microloan principal
  readonly loanReturn: Float32Array; // this year's return rate on the loan
  // income as measured
  readonly income: Float32Array; // last completed year's net income per person (true)
  readonly incomeBefore: Float32Array; // the year before that
  readonly observed: Float32Array; // registry's observation of `income`
  readonly dibaoLast: Float32Array; // last year's minimum-living-guarantee cash per person (the registry paid it, so knows it)
  readonly guaranteeMonthly: Float32Array; // this year's minimum-living-guarantee cash per month, whole household (0: not a recipient)

  constructor(n: number) {
    this.n = n;
    this.buffers = [];
    const column = <T extends TypedArray>(Ctor: TypedArrayOf<T>, length: number): T => {
      const a = takeColumn(Ctor, length);
      this.buffers.push(a.buffer as ArrayBuffer);
      return a;
    };
    this.village = column(Int32Array, n);
    this.weight = column(Float64Array, n);
    this.size = column(Uint8Array, n);
    this.labour = column(Uint8Array, n);
    this.children = column(Uint8Array, n);
    this.disabled = column(Uint8Array, n);
    this.eliteKin = column(Uint8Array, n);
    this.skill = column(Float32Array, n);
    this.aspiration = column(Float32Array, n);
    this.awareness = column(Uint16Array, n * NPROG);
    this.trust = column(Uint16Array, n * NTRUST);
    this.land = column(Float32Array, n);
    this.productivity = column(Float32Array, n);
    this.harshness = column(Float32Array, n);
    this.product = column(Uint8Array, n);
    this.farmMult = column(Float32Array, n);
    this.luck = column(Float32Array, n);
    this.health = column(Uint8Array, n);
    this.insured = column(Uint8Array, n);
    this.agInsured = column(Uint8Array, n);
    this.employer = column(Int32Array, n).fill(-1);
    this.employed = column(Uint8Array, n);
    this.migrant = column(Uint8Array, n);
    this.registered = column(Uint8Array, n);
    this.everExited = column(Uint8Array, n);
    this.relapseOpen = column(Uint8Array, n);
    this.leftRegistry = column(Uint8Array, n);
    this.verifiedPoor = column(Uint8Array, n);
    this.aboveBar = column(Uint8Array, n);
    this.poorLast = column(Uint8Array, n);
    this.trueCause = column(Uint8Array, n);
    this.recordedCause = column(Uint8Array, n);
    this.plan = column(Int8Array, n).fill(-1);
    this.planLast = column(Int8Array, n).fill(-1);
    this.cashFrom = column(Uint8Array, n);
    this.relocated = column(Uint8Array, n);
    this.coop = column(Int32Array, n).fill(-1);
    this.trained = column(Uint8Array, n);
    this.cashGov = column(Float32Array, n);
    this.cashSo = column(Float32Array, n);
    this.grant = column(Float32Array, n);
    this.reimbExtra = column(Float32Array, n);
    this.promisedGov = column(Float32Array, n);
    this.deliveredGov = column(Float32Array, n);
    this.promisedEnt = column(Float32Array, n);
    this.deliveredEnt = column(Float32Array, n);
    this.promisedSo = column(Float32Array, n);
    this.deliveredSo = column(Float32Array, n);
    this.captured = column(Float32Array, n);
    this.incFarm = column(Float32Array, n);
    this.incWage = column(Float32Array, n);
    this.fixedMonthly = column(Float32Array, n);
    this.incTransfer = column(Float32Array, n);
    this.incProperty = column(Float32Array, n);
    this.costMedical = column(Float32Array, n);
    this.costEducation = column(Float32Array, n);
    this.savings = column(Float64Array, n);
    this.loan = column(Float32Array, n);
    this.loanReturn = column(Float32Array, n);
    this.income = column(Float32Array, n);
    this.incomeBefore = column(Float32Array, n);
    this.observed = column(Float32Array, n);
    this.dibaoLast = column(Float32Array, n);
    this.guaranteeMonthly = column(Float32Array, n);
    free.clear(); // buffers this population did not take (another size) are garbage
  }

  /**
   * Hands the columns' buffers to the next Households of the same size: call
   * only when nothing reads this population again (runScenario, between
   * replicates). Its columns then change under it.
   */
  release(): void {
    free.clear(); // the pool holds one population at most
    for (const b of this.buffers.splice(0)) {
      const list = free.get(b.byteLength);
      if (list === undefined) free.set(b.byteLength, [b]);
      else list.push(b);
    }
  }

  /** Set household i's employer (or NONE), keeping the `employed` flag in step. */
  setEmployer(i: number, firm: number): void {
    this.employer[i] = firm;
    this.employed[i] = firm === -1 ? 0 : 1;
  }

  /** setEmployer(i, NONE) for every household in [from, to), as two fills. */
  releaseEmployers(from: number, to: number): void {
    this.employer.fill(-1, from, to);
    this.employed.fill(0, from, to);
  }
}
