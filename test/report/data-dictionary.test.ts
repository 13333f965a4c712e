// The data dictionary: docs/outputs.md is current, every written column is
// documented, and run/compare folders carry a datapackage.json that
// describes their files (read back and checked against the CSVs).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { TRAJECTORY_COLUMNS } from '../../src/metrics/catalogue.ts';
import { LEDGER_COLUMNS } from '../../src/experiments/run.ts';
import { DIFFERENCE_COLUMNS } from '../../src/experiments/compare.ts';
import { LEDGER_FIELDS, OUTPUTS_DOC_FILE, differenceFields, outputsMarkdown, packageName, trajectoryFields } from '../../src/report/data-dictionary.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('docs/outputs.md', () => {
  it('is what `npm run docs` generates (run it after changing the catalogue or an output file)', () => {
    expect(readFileSync(join(ROOT, OUTPUTS_DOC_FILE), 'utf8')).toBe(outputsMarkdown());
  });
  it('documents every column the writers use, in file order', () => {
    expect(trajectoryFields().map((f) => f.name)).toEqual([...TRAJECTORY_COLUMNS]);
    expect(LEDGER_FIELDS.map((f) => f.name)).toEqual(LEDGER_COLUMNS);
    expect(differenceFields().map((f) => f.name)).toEqual(DIFFERENCE_COLUMNS);
    const md = outputsMarkdown();
    for (const c of [...TRAJECTORY_COLUMNS, ...LEDGER_COLUMNS, ...DIFFERENCE_COLUMNS, 'run_id', 'distance', 'model_mean', 'final.<metric>.clipped']) {
      expect(md, c).toContain(`| \`${c}\` |`);
    }
    for (const f of trajectoryFields()) if (f.name !== 'scenario') expect(f.unit, f.name).not.toBe('');
  });
});

// Frictionless Table Schema types and what a CSV cell of each may hold ('' is the missing value).
const CELL: Record<string, RegExp> = {
  string: /^[\s\S]*$/,
  integer: /^-?\d+$/,
  number: /^-?\d+(\.\d+)?$/,
  boolean: /^(true|false)$/,
  any: /^[\s\S]*$/,
};

interface Field {
  name: string;
  type: string;
  unit?: string;
  description: string;
}
interface Resource {
  name: string;
  path: string;
  profile: string;
  format: string;
  mediatype: string;
  schema?: { fields: Field[]; missingValues: string[]; primaryKey?: string[] };
}

/** Check a datapackage.json against the folder it describes; returns the package. */
function checkPackage(dir: string): { name: string; resources: Resource[] } {
  const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as { name: string; profile: string; resources: Resource[] };
  expect(pkg.name).toMatch(/^[a-z0-9._-]+$/);
  expect(pkg.profile).toBe('tabular-data-package');
  const names = pkg.resources.map((r) => r.name);
  expect(new Set(names).size).toBe(names.length);
  for (const r of pkg.resources) {
    expect(r.name).toMatch(/^[a-z0-9._-]+$/);
    expect(existsSync(join(dir, r.path)), r.path).toBe(true);
    if (r.format !== 'csv') {
      expect(r.schema).toBeUndefined();
      JSON.parse(readFileSync(join(dir, r.path), 'utf8'));
      continue;
    }
    expect(r.profile).toBe('tabular-data-resource');
    expect(r.mediatype).toBe('text/csv');
    const schema = r.schema!;
    expect(schema.missingValues).toEqual(['']);
    const csv = parseCsv(readFileSync(join(dir, r.path), 'utf8'), r.path);
    expect(csv.columns).toEqual(schema.fields.map((f) => f.name));
    for (const f of schema.fields) {
      expect(Object.keys(CELL), `${r.path} ${f.name}`).toContain(f.type);
      expect(f.description.length, `${r.path} ${f.name}`).toBeGreaterThan(10);
      for (const row of csv.rows) {
        const v = row[f.name]!;
        if (v !== '') expect(v, `${r.path} ${f.name}`).toMatch(CELL[f.type]!);
      }
    }
    for (const k of schema.primaryKey ?? []) expect(csv.columns).toContain(k);
    if (schema.primaryKey) {
      const keys = csv.rows.map((row) => JSON.stringify(schema.primaryKey!.map((k) => row[k])));
      expect(new Set(keys).size).toBe(keys.length);
    }
  }
  return pkg;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'datapackage-'));
  const small = 'population: {households: 400, villages_per_county: 4}\ntime: {start_year: 2014, end_year: 2015}\nreplicates: 2\n';
  writeFileSync(join(dir, 'a.yaml'), `name: Multi centre\n${small}`);
  writeFileSync(join(dir, 'b.yaml'), `name: single\ngovernance: {arrangement: single}\n${small}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): Io {
  return { stdout: { write: () => true }, stderr: { write: () => true }, stderrIsTTY: false, cwd: dir, env: {} } as unknown as Io;
}

describe('datapackage.json', () => {
  it('describes a run folder: trajectory, ledger, summary and manifest, with units', async () => {
    expect(await main(['run', 'a.yaml', '--out', 'run'], io())).toBe(0);
    const pkg = checkPackage(join(dir, 'run'));
    expect(pkg.name).toBe('run-multi-centre');
    expect(pkg.resources.map((r) => r.path)).toEqual(['trajectory.csv', 'ledger.csv', 'summary.json', 'manifest.json']);
    const hc = pkg.resources[0]!.schema!.fields.find((f) => f.name === 'headcount_ratio')!;
    expect(hc).toMatchObject({ type: 'number', unit: 'share of people (0–1)' });
    expect(pkg.resources[1]!.schema!.fields.find((f) => f.name === 'amount_yuan')!.unit).toBe('yuan per year');
  }, 60_000);

  it('describes a compare folder: comparison and differences (empty p-values are missing values)', async () => {
    expect(await main(['compare', 'a.yaml', 'b.yaml', '--out', 'cmp'], io())).toBe(0);
    const pkg = checkPackage(join(dir, 'cmp'));
    expect(pkg.resources.map((r) => r.path)).toEqual(['comparison.csv', 'differences.csv', 'manifest.json']);
    const p = pkg.resources[1]!.schema!.fields.find((f) => f.name === 'p_value')!;
    expect(p.type).toBe('number');
  }, 60_000);

  it('names packages as Frictionless requires', () => {
    expect(packageName('Guizhou: 2014/2020')).toBe('guizhou-2014-2020');
    expect(packageName('!!!')).toBe('results');
  });
});
