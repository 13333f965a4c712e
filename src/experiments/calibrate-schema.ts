/**
 * schema/calibration.schema.json from CalibrationSpecSchema, so editors can
 * validate and complete calibration specs (`# yaml-language-server:
 * $schema=../../schema/calibration.schema.json` in
 * scenarios/calibration/*.params.yaml). Regenerate with `npm run schema`; a
 * test checks the committed file is current. Cross-field rules (parameter
 * paths that are numeric fields, bounds the scenario accepts, one of file,
 * series or value per target, the target's files) are the loader's, not the
 * schema's.
 */
import { schemaFileText, writeSchemaWhenRun } from '../scenario/export-schema.ts';
import { jsonSchemaDocument } from '../scenario/fields.ts';
import { CalibrationSpecSchema } from './calibrate-spec.ts';

export const CALIBRATION_SCHEMA_FILE = 'schema/calibration.schema.json';

export function calibrationJsonSchemaText(): string {
  return schemaFileText(
    jsonSchemaDocument(
      CalibrationSpecSchema,
      'Poverty governance calibration spec',
      'A calibration spec (sim calibrate --params): the parameters to fit, dotted scenario paths with the bounds of a uniform prior, and the targets to fit them to (or give --target on the command line).',
    ),
  );
}

writeSchemaWhenRun(import.meta.url, CALIBRATION_SCHEMA_FILE, calibrationJsonSchemaText);
