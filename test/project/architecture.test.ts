// The core does no I/O and knows nothing of the edges: modules of the model,
// engine and metrics never import the CLI, the report writers, the file
// loader, or Node's fs/process-level modules. In src/experiments, running
// and comparing scenarios and designing sweeps are pure too; the sweep's
// file and thread handling (sweep, merge, pool, worker, sweep-file) is edge.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE_DIRS = ['src/core', 'src/agents', 'src/mechanisms', 'src/metrics'];
const PURE_EXPERIMENTS = ['src/experiments/run.ts', 'src/experiments/compare.ts', 'src/experiments/design.ts'];
const FORBIDDEN = [/from ['"].*\/cli\//, /from ['"].*\/report\//, /from ['"].*scenario\/load(\.ts)?['"]/, /from ['"]node:(fs|child_process|worker_threads)['"]/, /from ['"](fs|child_process)['"]/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('architecture', () => {
  it('running, comparing and designing experiments are pure', () => {
    for (const f of PURE_EXPERIMENTS) {
      const text = readFileSync(f, 'utf8');
      for (const re of FORBIDDEN) expect(re.test(text), `${f} matches ${re}`).toBe(false);
    }
  });

  for (const dir of CORE_DIRS) {
    it(`${dir} imports nothing from the edges`, () => {
      for (const f of files(dir)) {
        const text = readFileSync(f, 'utf8');
        for (const re of FORBIDDEN) expect(re.test(text), `${f} matches ${re}`).toBe(false);
        expect(/Math\.random|Date\.now|new Date\(/.test(text), `${f} uses Math.random or the clock`).toBe(false);
      }
    });
  }
});
