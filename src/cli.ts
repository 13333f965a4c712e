#!/usr/bin/env node
// Entry point: wire the real process to `main`. All logic lives in cli/main.ts
// so tests can call it with fake streams; the exit status is set, never
// forced with process.exit, so pending output is flushed.
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  stderrColumns: process.stderr.columns,
  cwd: process.cwd(),
  env: process.env,
});
