/**
 * schema/sweep.schema.json from SweepSchema, so editors can validate and
 * complete sweep files (`# yaml-language-server:
 * $schema=../schema/sweep.schema.json`). Regenerate with
 * `npx tsx src/experiments/sweep-schema.ts`; a test checks the committed
 * file is current. Cross-field rules (scenario paths, parameter paths that
 * exist, values each field accepts) are the loader's, not the schema's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { jsonSchemaDocument } from '../scenario/fields.ts';
import { SweepSchema } from './sweep-file.ts';

export const SWEEP_SCHEMA_FILE = 'schema/sweep.schema.json';

export function sweepJsonSchemaText(): string {
  const doc = jsonSchemaDocument(
    SweepSchema,
    'Poverty governance sweep',
    'A parameter sweep (sim sweep): a base scenario with fixed overrides, the parameters and their levels or ranges, the design, replicates and metrics.',
  );
  return JSON.stringify(doc, null, 2) + '\n';
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const out = resolve(root, SWEEP_SCHEMA_FILE);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, sweepJsonSchemaText());
  console.log(`wrote ${SWEEP_SCHEMA_FILE}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
