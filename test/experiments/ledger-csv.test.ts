// Issue 13, item 7: ledger.csv alone reconciles. Its amounts are exact (yuan
// with two decimals from the ledger's integer fen), so a reader summing the
// file gets, to the fen, every holder's yearly net equal to the change of its
// balance in the books, and each year's money from sources equal to what
// reached sinks plus what the holders kept.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';
import { ACCOUNTS, HOLDERS, SINKS, SOURCES } from '../../src/core/ledger.ts';
import { runReplicate } from '../../src/experiments/run.ts';
import { loadScenarioFile } from '../../src/scenario/scenario.ts';
import { formatYuan } from '../../src/io/csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'pgs-ledger-'));
const SET = ['--set', 'time.start_year=2014', '--set', 'time.end_year=2016', '--set', 'population.households=4000'];

describe('ledger.csv reconciles on its own', () => {
  it('formatYuan writes fen exactly', () => {
    expect([0.05, -0.05, 12.5, 105165000, 37970051721.37, -0].map((x) => formatYuan(x))).toEqual(['0.05', '-0.05', '12.50', '105165000.00', '37970051721.37', '0.00']);
  });

  it('per holder and per year, to the fen', async () => {
    const out = join(dir, 'out');
    const io: Io = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, stderrIsTTY: false, cwd: process.cwd(), env: {} };
    expect(await main(['run', 'scenarios/baseline.yaml', '--seed', '7', '--replicates', '1', '--out', out, ...SET], io)).toBe(0);

    // Net flow in fen by (year, account), from the file only.
    const net = new Map<string, bigint>();
    const add = (k: string, v: bigint) => net.set(k, (net.get(k) ?? 0n) + v);
    const received = new Map<string, bigint>();
    const lines = readFileSync(join(out, 'ledger.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('scenario,replicate,year,payer,payee,purpose,amount_yuan');
    for (const line of lines.slice(1)) {
      const [, , year, payer, payee, , amount] = line.split(',') as string[];
      expect(amount).toMatch(/^-?\d+\.\d\d$/);
      const fen = BigInt(amount!.replace('.', ''));
      add(`${year}|${payer}`, -fen);
      add(`${year}|${payee}`, fen);
      received.set(`${year}|${payee}`, (received.get(`${year}|${payee}`) ?? 0n) + fen);
    }

    // The books: each holder's balance at the end of every reported year.
    const scenario = loadScenarioFile('scenarios/baseline.yaml', SET.filter((_, i) => i % 2 === 1));
    const balances: Map<string, bigint>[] = [];
    let model: ReturnType<typeof runReplicate>['model'] | undefined;
    const snapshot = () => balances.push(new Map(HOLDERS.map((h) => [h, model!.ledger.fen(ACCOUNTS.indexOf(h))])));
    // runReplicate calls onYear after each reported year; the model is reached through onTick.
    runReplicate(scenario, 7, 0, { onTick: (m) => (model = m as typeof model), onYear: snapshot });

    const years = [2014, 2015, 2016];
    for (const [k, year] of years.entries()) {
      expect(received.get(`${year}|central`) ?? 0n).toBeGreaterThan(0n);
      if (k > 0) {
        for (const h of HOLDERS) {
          expect(net.get(`${year}|${h}`) ?? 0n, `${h} ${year}: net flow = change of balance`).toBe(balances[k]!.get(h)! - balances[k - 1]!.get(h)!);
        }
      }
      // Money in from sources = money out to sinks + what the holders kept.
      const sum = (names: readonly string[]) => names.reduce((s, a) => s + (net.get(`${year}|${a}`) ?? 0n), 0n);
      expect(-sum(SOURCES)).toBe(sum(SINKS) + sum(HOLDERS));
    }
  }, 60_000);
});
