/**
 * The single ledger of funds. Every movement of money is a transfer
 * (payer, payee, purpose, amount) posted in integer fen, so that the books
 * balance exactly: money enters only from declared sources and leaves only to
 * declared sinks, and at every tick
 *     sum(holder balances) - opening = issued by sources - absorbed by sinks.
 *
 * Within a tick, agents add weighted amounts (yuan, float) to a per-tick
 * accumulator (no allocation in hot loops); `post()` rounds each
 * (payer, payee, purpose) cell to fen once and moves the balances. Per-agent
 * balances (a household's savings, a firm's capital) are kept by the agents
 * in yuan and agree with their kind's account to within rounding, which the
 * tests check (at most one fen per million yuan of flows). Balances are exact
 * integers; the per-year report cells are doubles (exact up to 2^53 fen a cell).
 */
import { PROGRAMMES } from './domain.ts';

export const SOURCES = [
  'central_budget', // central special poverty funds
  'provincial_budget',
  'county_budget',
  'external_assistance', // counterpart / east-west pairing
  'donations', // raised by social organisations
  'production', // value households and firms produce and sell
  'outside_wages', // migrant earnings from outside the counties
  'outside_transfers', // pensions, remittances, other private transfers
  'investment', // capital firms bring in
  'deposits', // the lender's loanable funds
  'insurance', // basic medical and agricultural insurance pools
  'supplementary_budget', // appropriations that cover government overdrafts
  'guarantee_budget', // civil affairs: the minimum living guarantee as an entitlement
  'opening_balances', // what households hold when the simulation starts
] as const;

export const HOLDERS = [
  'central',
  'provincial',
  'county',
  'enterprise',
  'social_org',
  'household',
  'lender',
] as const;

export const SINKS = [
  'leakage', // misuse, written off
  'fragmentation', // lost to fragmented, idle funds
  'elite_capture', // taken by local elites
  'coordination', // lost to coordination between many actors
  'mismatch', // spent on a household the programme cannot help
  'services', // training courses, relocation housing, productive assets
  'consumption',
  'medical', // medical bills
  'education', // school costs
  'operating_costs', // firms' other costs and losses
  'outflow', // firms' capital leaving a county
  'infrastructure', // village roads, water, power and housing built by public works
  'recovered', // idle funds recovered by the level above (out of the poverty funds)
] as const;

export type Source = (typeof SOURCES)[number];
export type Holder = (typeof HOLDERS)[number];
export type Sink = (typeof SINKS)[number];
export type Account = Source | Holder | Sink;

export const ACCOUNTS: readonly Account[] = [...SOURCES, ...HOLDERS, ...SINKS];
export const NA = ACCOUNTS.length;
export const FIRST_HOLDER = SOURCES.length;
export const FIRST_SINK = SOURCES.length + HOLDERS.length;

export const PURPOSES = [
  ...PROGRAMMES,
  'allocation', // budget coming down the hierarchy
  'overhead', // losses along the way (leakage, fragmentation, capture, coordination)
  'aid', // social-organisation aid
  'donation',
  'subsidy', // industry subsidies to firms with interest-linkage contracts
  'wages',
  'dividends',
  'farm_output',
  'casual_work',
  'migrant_work',
  'pensions_remittances',
  'sales',
  'firm_costs',
  'capital',
  'loan',
  'repayment',
  'interest_subsidy',
  'risk_compensation',
  'medical_insurance',
  'agri_insurance',
  'living', // household consumption
  'medical_bills',
  'school_costs',
  'public_works', // village public works (public-works.ts)
  'idle_return', // idle funds returned to the level above
] as const;
export type Purpose = (typeof PURPOSES)[number];
export const NP = PURPOSES.length;

const CELLS = NA * NA * NP;
const cell = (from: number, to: number, purpose: number) => (from * NA + to) * NP + purpose;

export class Ledger {
  /**
   * Balance of each account in fen, as exact integers (BigInt: a national
   * scenario's cumulative flows can pass 2^53 fen). Sources run negative,
   * sinks positive.
   */
  readonly balance = new BigInt64Array(NA);
  /** This tick's pending weighted amounts in yuan, and which cells are touched. */
  private readonly pending = new Float64Array(CELLS);
  private readonly touched = new Int32Array(CELLS);
  private readonly isTouched = new Uint8Array(CELLS);
  private nTouched = 0;
  /** Posted fen for the current year, by cell; reset by `closeYear`. */
  private readonly year = new Float64Array(CELLS);
  /** Total posted fen over the run (for the tolerance of per-agent balances). */
  turnover = 0;

  /** Queue a transfer of `yuan` (may be called in hot loops; allocation-free). */
  add(from: number, to: number, purpose: number, yuan: number): void {
    const c = cell(from, to, purpose);
    this.pending[c]! += yuan;
    if (this.isTouched[c] === 0) {
      this.isTouched[c] = 1;
      this.touched[this.nTouched++] = c;
    }
  }

  /**
   * Round every pending cell to fen and move balances.
   */
  post(): void {
    const pending = this.pending;
    // Touched cells in ascending order, so posting order never depends on call order.
    const touched = this.touched.subarray(0, this.nTouched).sort();
    this.nTouched = 0;
    for (let k = 0; k < touched.length; k++) {
      const c = touched[k]!;
      this.isTouched[c] = 0;
      const yuan = pending[c]!;
      if (yuan === 0) continue;
      pending[c] = 0;
      const fen = Math.round(yuan * 100);
      if (fen === 0) continue;
      const purpose = c % NP;
      const pair = (c - purpose) / NP;
      const to = pair % NA;
      const from = (pair - to) / NA;
      const exact = BigInt(fen);
      this.balance[from]! -= exact;
      this.balance[to]! += exact;
      this.year[c]! += fen;
      this.turnover += Math.abs(fen);
    }
  }

  /** Transfer now (outside hot loops): add + post of one cell. */
  transfer(from: number, to: number, purpose: number, yuan: number): void {
    this.add(from, to, purpose, yuan);
    this.post();
  }

  /** Balance of one account in yuan. */
  yuan(a: number): number {
    return Number(this.balance[a]!) / 100;
  }

  /** Balance of one account in fen (exact). */
  fen(a: number): bigint {
    return this.balance[a]!;
  }

  /**
   * Sources issued minus sinks absorbed minus change in holders' balances,
   * in fen: zero when the books balance. Exact in integer fen (all values
   * stay far below 2^53).
   */
  imbalanceFen(): number {
    let issued = 0n;
    let absorbed = 0n;
    let held = 0n;
    for (let a = 0; a < NA; a++) {
      const b = this.balance[a]!;
      if (a < FIRST_HOLDER) issued -= b;
      else if (a < FIRST_SINK) held += b;
      else absorbed += b;
    }
    return Number(issued - absorbed - held);
  }

  /** Rows of this year's posted flows, in a fixed order; then resets the year. */
  closeYear(): { payer: Account; payee: Account; purpose: Purpose; yuan: number }[] {
    const rows: { payer: Account; payee: Account; purpose: Purpose; yuan: number }[] = [];
    for (let c = 0; c < CELLS; c++) {
      const fen = this.year[c]!;
      if (fen === 0) continue;
      const purpose = c % NP;
      const pair = (c - purpose) / NP;
      const to = pair % NA;
      const from = (pair - to) / NA;
      rows.push({ payer: ACCOUNTS[from]!, payee: ACCOUNTS[to]!, purpose: PURPOSES[purpose]!, yuan: fen / 100 });
      this.year[c] = 0;
    }
    return rows;
  }

  /** This year's posted flow from one account to another (all purposes), in yuan. */
  yearFlow(from: number, to: number): number {
    let fen = 0;
    for (let p = 0; p < NP; p++) fen += this.year[cell(from, to, p)]!;
    return fen / 100;
  }

  /** This year's posted flows into an account (all payers and purposes), in yuan. */
  yearInto(to: number): number {
    let yuan = 0;
    for (let from = 0; from < NA; from++) yuan += this.yearFlow(from, to);
    return yuan;
  }

  /** This year's posted flows out of an account (all payees and purposes), in yuan. */
  yearFrom(from: number): number {
    let yuan = 0;
    for (let to = 0; to < NA; to++) yuan += this.yearFlow(from, to);
    return yuan;
  }
}

/** Account ids resolved once, for code that posts in loops. */
export const A = Object.fromEntries(ACCOUNTS.map((a, i) => [a, i])) as Record<Account, number>;
/** Purpose ids resolved once. */
export const PU = Object.fromEntries(PURPOSES.map((p, i) => [p, i])) as Record<Purpose, number>;
