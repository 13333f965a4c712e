/**
 * Canonical JSON and hashing, for the scenario hash in manifest.json: two
 * scenarios that are equal as data hash equal, whatever their key order.
 */
import { createHash } from 'node:crypto';
import { runError } from '../core/errors.ts';

/**
 * JSON with object keys sorted (by UTF-16 code units, i.e. default sort) at
 * every depth, no whitespace, arrays in order. Follows JSON.stringify for
 * undefined (dropped in objects, null in arrays) and toJSON (e.g. Date), but
 * throws on non-finite numbers and bigint instead of writing null / failing
 * obscurely, so a hash never silently covers a lossy value.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, path: string): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw runError(`canonicalJson: ${path} is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return '[' + value.map((v, i) => (skipped(v) ? 'null' : encode(v, `${path}[${i}]`))).join(',') + ']';
      }
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        const v = obj[key];
        if (!skipped(v)) parts.push(JSON.stringify(key) + ':' + encode(v, `${path}.${key}`));
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      throw runError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot represent`);
  }
}

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
