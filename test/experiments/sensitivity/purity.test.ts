// The estimators and the design are pure: no files, threads, clock or
// Math.random; their only randomness is seedrandom streams named from the seed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PURE = ['sobol-sequence.ts', 'saltelli.ts', 'morris.ts', 'bootstrap.ts', 'analysis.ts', 'test-functions.ts'];

describe('sensitivity estimators are pure', () => {
  for (const f of PURE) {
    it(f, () => {
      const text = readFileSync(new URL(`../../../src/experiments/sensitivity/${f}`, import.meta.url), 'utf8');
      expect(/from ['"]node:/.test(text), `${f} imports a node module`).toBe(false);
      expect(/from ['"].*\/(cli|report|io)\//.test(text), `${f} imports an edge`).toBe(false);
      expect(/Math\.random|Date\.now|new Date\(|performance\.now/.test(text), `${f} uses Math.random or the clock`).toBe(false);
    });
  }
});
