// ajv as a strict user runs it: strict mode (unknown keywords, union types,
// loose tuples and required fields are errors), told only of the annotation
// keywords our schemas document (scenario/fields.ts JSON_SCHEMA_ANNOTATIONS).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { JSON_SCHEMA_ANNOTATIONS } from '../../src/scenario/fields.ts';

export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addVocabulary([...JSON_SCHEMA_ANNOTATIONS]);
  return ajv;
}
