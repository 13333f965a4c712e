/**
 * Running a scenario: replicates of the model, each with its own streams
 * derived from (seed, replicate), the data collector reading each year, and
 * the ledger's year closed into rows. Pure: no I/O; the CLI writes the files.
 *
 * replicates.ts runs them on worker threads instead (`run --workers`).
 */
import type { Model } from '../core/model.ts';
import { createModel, step } from '../schedule.ts';
import { runError } from '../core/errors.ts';
import { Collector } from '../metrics/collect.ts';
import { HEADLINE, TRAJECTORY_COLUMNS } from '../metrics/catalogue.ts';
import type { Scenario } from '../scenario/schema.ts';

export type Row = Record<string, string | number>;

export interface RunOptions {
  seed: number;
  replicates: number;
  /** Called after every simulated year of every replicate. */
  onProgress?: (done: number, total: number) => void;
  /** Called after every tick (tests use it to check invariants). */
  onTick?: (model: Model) => void;
  /** Called with each trajectory row as its year closes (the workshop page draws as it runs). */
  onRow?: (row: Row) => void;
}

export interface RunOutput {
  trajectoryColumns: string[];
  trajectory: Row[];
  ledgerColumns: string[];
  ledger: Row[];
  headline: string[];
}

export const LEDGER_COLUMNS = ['scenario', 'replicate', 'year', 'payer', 'payee', 'purpose', 'amount_yuan'];

/** One replicate: warm-up year, then every simulated year. */
export function runReplicate(s: Scenario, seed: number, replicate: number, opts: Pick<RunOptions, 'onTick'> & { onYear?: (row: Row) => void } = {}) {
  const model = createModel(s, seed, replicate);
  const collector = new Collector(s.name, replicate);
  const trajectory: Row[] = [];
  const ledger: Row[] = [];
  while (!model.finished) {
    const year = model.year;
    for (let t = 0; t < 12; t++) {
      step(model);
      opts.onTick?.(model);
    }
    if (year < s.time.start_year) {
      model.ledger.closeYear(); // the warm-up year is not reported
      collector.setBaseline(model);
      continue;
    }
    const row = collector.collect(model) as Row; // the row of the year just closed
    trajectory.push(row);
    for (const r of model.ledger.closeYear()) {
      ledger.push({ scenario: s.name, replicate, year, payer: r.payer, payee: r.payee, purpose: r.purpose, amount_yuan: r.yuan });
    }
    opts.onYear?.(row);
  }
  if (model.ledger.imbalanceFen() !== 0) throw runError(`ledger does not balance in replicate ${replicate}`);
  return { model, trajectory, ledger };
}

export function runScenario(s: Scenario, opts: RunOptions): RunOutput {
  const years = s.time.end_year - s.time.start_year + 1;
  const total = years * opts.replicates;
  let done = 0;
  const trajectory: Row[] = [];
  const ledger: Row[] = [];
  for (let r = 0; r < opts.replicates; r++) {
    const out = runReplicate(s, opts.seed, r, {
      onTick: opts.onTick,
      onYear: (row) => {
        opts.onRow?.(row);
        opts.onProgress?.(++done, total);
      },
    });
    trajectory.push(...out.trajectory);
    ledger.push(...out.ledger);
    out.model.hh.release(); // the next replicate's columns reuse its buffers
  }
  return {
    trajectoryColumns: [...TRAJECTORY_COLUMNS],
    trajectory,
    ledgerColumns: LEDGER_COLUMNS,
    ledger,
    headline: HEADLINE,
  };
}
