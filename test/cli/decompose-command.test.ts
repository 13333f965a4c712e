// decompose: parsing, and the handler end to end on a tiny pair (in-process pool).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import type { Io } from '../../src/cli/main.ts';
import { decompose } from '../../src/cli/commands/decompose.ts';
import { createInlinePool } from '../../src/experiments/pool.ts';
import { readProgramInfo } from '../../src/experiments/program.ts';
import { executeRun } from '../../src/experiments/worker.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'decompose-cli-'));
  const small = 'population: {households: 400, villages_per_county: 5}\ntime: {start_year: 2014, end_year: 2015}\nreplicates: 2\n';
  writeFileSync(join(dir, 'single.yaml'), `name: single\ngovernance: {arrangement: single}\n${small}`);
  writeFileSync(join(dir, 'multi.yaml'), `name: multi\n${small}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decompose command', () => {
  it('parses two scenarios and its flags', () => {
    const c = parseArgs(['decompose', 'a.yaml', 'b.yaml', '--orders', '4', '--seed', '3'], { version: '0' });
    expect(c).toEqual({ kind: 'decompose', scenarios: ['a.yaml', 'b.yaml'], seed: 3, replicates: undefined, orders: 4, out: undefined, overrides: [], workers: undefined, report: false });
    expect(() => parseArgs(['decompose', 'a.yaml'], { version: '0' })).toThrow(/two scenario files/);
  });

  it('writes contributions.csv whose channels add up to the total, and prints the final year', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: false, cwd: dir, env: {} };
    await decompose(
      { scenarios: ['single.yaml', 'multi.yaml'], seed: undefined, replicates: undefined, orders: 4, out: 'dec', overrides: [], workers: undefined, report: true },
      { io, program: readProgramInfo(), now: () => 0 },
      { pool: createInlinePool(executeRun) },
    );
    expect(err.join('')).toBe('');
    expect(out.join('')).toMatch(/^Shapley decomposition of multi - single, 2015 \(seed 42, 2 replicates, 4 sampled orders/);
    const lines = readFileSync(join(dir, 'dec', 'contributions.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('channel,year,metric,contribution,lo,hi');
    const rows = lines.slice(1).map((l) => l.split(','));
    const at = (year: string, metric: string) => rows.filter((r) => r[1] === year && r[2] === metric);
    const hr = at('2015', 'headcount_ratio');
    expect(hr).toHaveLength(9); // 8 arrangement channels + total
    const total = Number(hr.find((r) => r[0] === 'total')![3]);
    const sum = hr.filter((r) => r[0] !== 'total').reduce((s, r) => s + Number(r[3]), 0);
    expect(sum).toBeCloseTo(total, 8);
    const manifest = JSON.parse(readFileSync(join(dir, 'dec', 'manifest.json'), 'utf8'));
    expect(manifest.orders).toMatchObject({ exact: false, count: 4 });
    expect(manifest.difference).toBe('multi - single');
    // --report: the waterfall's spec and SVG; its bars end at the total.
    const spec = JSON.parse(readFileSync(join(dir, 'dec', 'waterfall-headcount_ratio.vl.json'), 'utf8'));
    const bars = spec.data.values as { channel: string; start: number; end: number }[];
    expect(bars).toHaveLength(9);
    expect(bars[7]!.end).toBeCloseTo(bars[8]!.end, 6);
    expect(readFileSync(join(dir, 'dec', 'waterfall-headcount_ratio.svg'), 'utf8')).toMatch(/^<svg/);
    // report.html: a row per channel and the total, with the CSV's numbers, and the waterfall inline.
    const html = readFileSync(join(dir, 'dec', 'report.html'), 'utf8');
    expect(html).toContain("Content-Security-Policy");
    expect(html).not.toContain('<script');
    const htmlRows = [...html.matchAll(/<tr[^>]*data-metric="headcount_ratio" data-channel="([^"]+)"/g)].map((m) => m[1]);
    expect(htmlRows).toEqual(hr.map((r) => r[0]));
    expect(html).toMatch(/<section id="metric-headcount_ratio">[\s\S]*<svg/);
  });
});
