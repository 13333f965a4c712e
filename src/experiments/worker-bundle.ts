/**
 * The sweep worker as one bundled JavaScript file, so that a worker thread
 * loads plain JavaScript instead of registering tsx and compiling each
 * TypeScript module of the model as it starts (worker-entry.mjs). Built with
 * esbuild (as the workshop bundles its scripts, src/workshop/bundle.ts) once
 * per process, into node_modules/.cache, where the packages the bundle leaves
 * external (zod; mathjs, which the expressions load with createRequire)
 * resolve as they do from src/. The code is the same modules, so runs are
 * identical; when the build cannot be written (a read-only install, no
 * source next to this file), the pool falls back to the tsx entry.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let built: URL | null | undefined; // null: tried and failed

/** The bundled worker's file URL, built on first call; undefined when it cannot be built. */
export function bundledWorkerEntry(): URL | undefined {
  if (built === undefined) built = build();
  return built ?? undefined;
}

function build(): URL | null {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const dir = join(here, '..', '..', 'node_modules', '.cache', 'pgs-sweep-worker');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `worker-${process.pid}.mjs`); // one per process: concurrent sweeps never share a file
    // esbuild is loaded here, not imported: pool.ts (which calls this) is in the bundle itself.
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    buildSync({
      entryPoints: [join(here, 'worker.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    process.once('exit', () => rmSync(file, { force: true }));
    return pathToFileURL(file);
  } catch {
    return null;
  }
}
