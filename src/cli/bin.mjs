#!/usr/bin/env node
// The `sim` command (package.json "bin"): registers tsx's loader in this
// process and runs the TypeScript entry point, so `npx sim run ...` works
// after `npm ci` with no build step. One process, no child: signals and the
// exit status are the CLI's own (`npx tsx src/cli.ts` spawns a child instead).
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
