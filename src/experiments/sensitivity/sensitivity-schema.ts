/**
 * schema/sensitivity.schema.json from SensitivitySchema, so editors can
 * validate and complete sensitivity files (`# yaml-language-server:
 * $schema=../schema/sensitivity.schema.json`). Regenerate with
 * `npx tsx src/experiments/sensitivity/sensitivity-schema.ts`; a test checks
 * the committed file is current. Cross-field rules (a power of two, years the
 * base simulates, scenario paths) are the loader's, not the schema's.
 */
import { schemaFileText, writeSchemaWhenRun } from '../../scenario/export-schema.ts';
import { jsonSchemaDocument } from '../../scenario/fields.ts';
import { SensitivitySchema } from './sensitivity-file.ts';

export const SENSITIVITY_SCHEMA_FILE = 'schema/sensitivity.schema.json';

export function sensitivityJsonSchemaText(): string {
  return schemaFileText(
    jsonSchemaDocument(
      SensitivitySchema,
      'Poverty governance sensitivity analysis',
      'A global sensitivity analysis (sim sensitivity): a base scenario with fixed overrides, or an analytic test model; the parameters and their uniform ranges; Morris or Sobol; replicates; metrics.',
    ),
  );
}

writeSchemaWhenRun(import.meta.url, SENSITIVITY_SCHEMA_FILE, sensitivityJsonSchemaText);
