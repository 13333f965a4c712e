/**
 * schema/sweep.schema.json from SweepSchema, so editors can validate and
 * complete sweep files (`# yaml-language-server:
 * $schema=../schema/sweep.schema.json`). Regenerate with
 * `npx tsx src/experiments/sweep-schema.ts`; a test checks the committed
 * file is current. Cross-field rules (scenario paths, parameter paths that
 * exist, values each field accepts) are the loader's, not the schema's.
 */
import { schemaFileText, writeSchemaWhenRun } from '../scenario/export-schema.ts';
import { jsonSchemaDocument } from '../scenario/fields.ts';
import { SweepSchema } from './sweep-file.ts';

export const SWEEP_SCHEMA_FILE = 'schema/sweep.schema.json';

export function sweepJsonSchemaText(): string {
  return schemaFileText(
    jsonSchemaDocument(
      SweepSchema,
      'Poverty governance sweep',
      'A parameter sweep (sim sweep): a base scenario with fixed overrides, the parameters and their levels or ranges, the design, replicates and metrics.',
    ),
  );
}

writeSchemaWhenRun(import.meta.url, SWEEP_SCHEMA_FILE, sweepJsonSchemaText);
