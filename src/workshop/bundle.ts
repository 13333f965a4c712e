/**
 * Bundling the workshop page's scripts with esbuild: the worker (the model
 * core, the scenario loader and the CSV writer, exactly the modules `run`
 * imports) and the page (controls, charts, state). Node built-ins the core's
 * loader imports for its file handling are replaced by shims/: the browser
 * gets scenarios as text.
 */
import { build, type Plugin } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** `node:fs`, `node:path`, `node:module` → the shims; any other Node built-in fails the build, so none slips in. */
const nodeShims: Plugin = {
  name: 'workshop-node-shims',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      const name = args.path.slice('node:'.length);
      if (['fs', 'path', 'module'].includes(name)) return { path: join(HERE, 'shims', `${name}.ts`) };
      return { errors: [{ text: `${args.path} (imported by ${args.importer}) has no browser shim; the workshop page bundles only the pure core` }] };
    });
  },
};

/** One entry point as a single minified IIFE script. */
async function bundle(entry: string, inject: string[] = []): Promise<string> {
  const r = await build({
    entryPoints: [join(HERE, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    inject,
    plugins: [nodeShims],
  });
  return r.outputFiles[0]!.text;
}

export interface Scripts {
  worker: string;
  page: string;
}

export async function bundleScripts(): Promise<Scripts> {
  const [worker, page] = await Promise.all([bundle('worker.ts', [join(HERE, 'shims', 'process.ts')]), bundle('page/main.ts')]);
  return { worker, page };
}
