// The core does no I/O and knows nothing of the edges: modules of the model,
// engine and metrics never import the CLI, the report writers, the file
// loader, or Node's fs/process-level modules. In src/experiments, running
// and comparing scenarios and designing sweeps are pure too; the sweep's
// file and thread handling (sweep, merge, pool, worker, sweep-file) is edge.
// Inside the model the layers point one way: the schedule calls agents and
// mechanisms, which act on the state in src/core; the core calls none of
// them, and agents and mechanisms share no functions (types only).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
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
        // The engine's transcendental functions differ between engines in the last bit: the model uses core/libm.ts.
        const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        if (!f.endsWith('libm.ts')) expect(/Math\.(exp|expm1|log|log1p|log2|log10|pow|cbrt|hypot|sinh|cosh|tanh|atan2?)\b|\*\*/.test(code), `${f} calls the engine's Math.exp/log/pow or **`).toBe(false);
      }
    });
  }
});

interface Import {
  /** The imported module, relative to the repository root (e.g. src/core/model.ts), or the bare specifier. */
  target: string;
  typeOnly: boolean;
}

/** Static imports and re-exports of a source file (multi-line ones included). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[4]!;
    const names = m[3]!;
    // `import { type A, type B }` is type-only too.
    const braced = /^\{([\s\S]*)\}$/.exec(names.trim());
    const allTypes = braced !== null && braced[1]!.split(',').map((x) => x.trim()).filter((x) => x !== '').every((x) => x.startsWith('type '));
    const target = spec.startsWith('.') ? normalize(join(dirname(file), spec)) : spec;
    out.push({ target, typeOnly: m[2] !== undefined || allTypes });
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({ target: m[1]!.startsWith('.') ? normalize(join(dirname(file), m[1]!)) : m[1]!, typeOnly: false });
  return out;
}

const within = (target: string, dir: string) => !relative(dir, target).startsWith('..') && relative(dir, target) !== '';

describe('architecture: the layers of the model', () => {
  it('the import parser sees what it must (multi-line, type-only, inline type)', () => {
    const imports = importsOf('src/schedule.ts');
    expect(imports.map((i) => i.target)).toContain('src/core/model.ts');
    expect(imports.find((i) => i.target === 'src/scenario/schema.ts')?.typeOnly).toBe(true);
    expect(imports.find((i) => i.target === 'src/agents/enterprise.ts')?.typeOnly).toBe(false);
    expect(importsOf('src/core/model.ts').find((i) => i.target === 'src/core/world.ts')?.typeOnly).toBe(false); // { type County, ..., YearStats }
  });

  it('src/schedule.ts imports only the state, agents, mechanisms and scenario types', () => {
    const allowed = ['src/core', 'src/agents', 'src/mechanisms', 'src/scenario'];
    const imports = importsOf('src/schedule.ts');
    expect(imports.length).toBeGreaterThan(5);
    for (const { target } of imports) {
      expect(allowed.some((d) => within(target, d)), `src/schedule.ts imports ${target}`).toBe(true);
      for (const edge of ['src/cli', 'src/report', 'src/io', 'src/experiments', 'src/metrics']) expect(within(target, edge), `src/schedule.ts imports ${target}`).toBe(false);
    }
    const text = readFileSync('src/schedule.ts', 'utf8');
    for (const re of FORBIDDEN) expect(re.test(text), `src/schedule.ts matches ${re}`).toBe(false);
    expect(/Math\.random|Date\.now|new Date\(/.test(text)).toBe(false);
  });

  it('nothing in src/core imports agents, mechanisms or the schedule', () => {
    const core = files('src/core');
    expect(core.length).toBeGreaterThan(3);
    for (const f of core) {
      for (const { target } of importsOf(f)) {
        expect(within(target, 'src/agents') || within(target, 'src/mechanisms') || target === 'src/schedule.ts', `${f} imports ${target}`).toBe(false);
      }
    }
  });

  it('agents and mechanisms import no functions from each other (types only) and never the schedule', () => {
    const pairs: [string, string][] = [
      ['src/agents', 'src/mechanisms'],
      ['src/mechanisms', 'src/agents'],
    ];
    for (const [from, to] of pairs) {
      const fs = files(from);
      expect(fs.length).toBeGreaterThan(3);
      for (const f of fs) {
        for (const { target, typeOnly } of importsOf(f)) {
          if (within(target, to)) expect(typeOnly, `${f} imports values from ${target}`).toBe(true);
          expect(target, `${f} imports the schedule`).not.toBe('src/schedule.ts');
        }
      }
    }
  });
});
