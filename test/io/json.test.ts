import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/io/json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 0, y: 'x' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,1,{"y":"x","z":0}]},"b":1}',
    );
  });
  it('is independent of key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: 'a' } })).toBe(canonicalJson({ y: { q: 'a', p: true }, x: 1 }));
  });
  it('drops undefined in objects and writes null for it in arrays, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });
  it('throws on non-finite numbers and bigint', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('$.a[1] is NaN');
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(/Infinity/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });
  it('round-trips through JSON.parse', () => {
    const v = { s: 'é"\n', n: -0.5, t: [true, false], o: {} };
    expect(JSON.parse(canonicalJson(v))).toEqual(v);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
