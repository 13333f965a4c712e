// Every bundled scenario validates and runs (reduced: 2 years, 2000
// households, one replicate, fixed seed) to finite output.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiments/run.ts';
import { TRAJECTORY_COLUMNS } from '../../src/metrics/catalogue.ts';
import { loadScenarioFile } from '../../src/scenario/scenario.ts';
import { loadSweepFile } from '../../src/experiments/sweep-file.ts';
import { loadSensitivityFile } from '../../src/experiments/sensitivity/sensitivity-file.ts';
import { nonFinite } from '../helpers/scenarios.ts';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .sort();
// Sweep files (sweep-*.yaml) and sensitivity files (sensitivity-*.yaml) are not scenarios: they are checked below.
const files = all.filter((f) => !f.startsWith('sweep-') && !f.startsWith('sensitivity-'));
const sweeps = all.filter((f) => f.startsWith('sweep-'));
const analyses = all.filter((f) => f.startsWith('sensitivity-'));

describe('bundled scenarios', () => {
  it('there is at least the baseline', () => {
    expect(files).toContain('baseline.yaml');
  });

  for (const file of files) {
    it(`${file} validates and runs two reduced years`, () => {
      const path = join(dir, file);
      const full = loadScenarioFile(path);
      const start = full.time.start_year;
      const s = loadScenarioFile(path, ['population.households=2000', `time.end_year=${start + 1}`]);
      expect(s.name).toBe(full.name);
      expect(s.population.households).toBe(2000);
      const out = runScenario(s, { seed: 1, replicates: 1 });
      expect(out.trajectory.map((r) => r['year'])).toEqual([start, start + 1]);
      for (const row of out.trajectory) {
        expect(Object.keys(row).sort()).toEqual([...TRAJECTORY_COLUMNS].sort());
        expect(nonFinite(row), `${file} ${row['year']}`).toEqual([]);
      }
      expect(out.ledger.length).toBeGreaterThan(0);
      for (const row of out.ledger) expect(nonFinite(row)).toEqual([]);
    });
  }

  for (const file of sweeps) {
    it(`${file} is a valid sweep whose every design point validates`, () => {
      const sweep = loadSweepFile(join(dir, file));
      expect(sweep.points.length).toBeGreaterThan(0);
      expect(sweep.metrics.length).toBeGreaterThan(0);
    });
  }

  for (const file of analyses) {
    it(`${file} is a valid sensitivity analysis whose every design point validates`, () => {
      const a = loadSensitivityFile(join(dir, file));
      expect(a.points.length).toBeGreaterThan(0);
      expect(a.metrics.length).toBeGreaterThan(0);
    });
  }
});
