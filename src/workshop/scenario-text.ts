/**
 * The scenario file a "download scenario" saves. Pure (the yaml library
 * only): runs in the page's worker and in tests.
 */
import { isSeq, parseDocument as parseYaml } from 'yaml';
import type { WhatIf } from './protocol.ts';

/**
 * The base text with every override written at its path (comments and the
 * rest of the file kept), and the seed and replicates: `validate` accepts it
 * and `run --seed N` on it runs this what-if.
 */
export function scenarioYaml(text: string, w: WhatIf): string {
  const doc = parseYaml(text);
  const sets: [string, unknown][] = [...Object.entries(w.overrides), ['seed', w.seed], ['replicates', w.replicates]];
  for (const [dotted, value] of sets) {
    const path: (string | number)[] = [];
    for (const k of dotted.split('.')) {
      const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
      path.push(isSeq(parent) && /^\d+$/.test(k) ? Number(k) : /^-?\d+$/.test(k) ? Number(k) : k);
    }
    doc.setIn(path, doc.createNode(value, { flow: Array.isArray(value) || typeof value === 'object' }));
  }
  return String(doc);
}

