import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  bool, childSchema, describeExpected, enumOf, jsonSchemaDocument, knownKeys, num, schemaAt, section, share, str, suggest, unwrap,
} from '../../src/scenario/fields.ts';
import { timeSeries } from '../../src/scenario/expressions.ts';

const S = z.strictObject({
  name: str('Name.', 'x'),
  on: bool('Switch.', true),
  mode: enumOf(['fast', 'slow'] as const, 'Mode.', 'slow'),
  levers: section('Levers.', { technology: share('Tech.', 0.5), count: num({ description: 'Count.', unit: 'people', min: 1, int: true, default: 3 }) }),
  budget: timeSeries({ description: 'Budget.', unit: 'yuan', min: 0, max: 1e12, default: 100 }),
});

describe('field builders', () => {
  it('fill every default, including inside sections (prefault, not default)', () => {
    expect(S.parse({})).toEqual({ name: 'x', on: true, mode: 'slow', levers: { technology: 0.5, count: 3 }, budget: 100 });
    expect(S.parse({ levers: { technology: 0.9 } }).levers).toEqual({ technology: 0.9, count: 3 });
  });

  it('enforce range, integers and strictness', () => {
    expect(S.safeParse({ levers: { technology: 1.5 } }).success).toBe(false);
    expect(S.safeParse({ levers: { count: 2.5 } }).success).toBe(false);
    expect(S.safeParse({ levers: { count: 0 } }).success).toBe(false);
    expect(S.safeParse({ levers: { other: 1 } }).success).toBe(false);
    expect(S.safeParse({ mode: 'medium' }).success).toBe(false);
  });

  it('reject a default outside its own range when the schema is built', () => {
    expect(() => num({ description: 'bad', min: 0, max: 1, default: 2 })).toThrow(/schema bug/);
    expect(() => timeSeries({ description: 'bad', default: 'yeer' })).toThrow(/schema bug/);
  });

  it('put description and unit (x- names, and in markdownDescription) into the JSON Schema; defaults make fields optional', () => {
    const js = jsonSchemaDocument(S, 'T', 'D') as any;
    expect(Object.keys(js).slice(0, 3)).toEqual(['$schema', 'title', 'description']);
    const tech = js.properties.levers.properties.technology;
    expect(tech).toMatchObject({ description: 'Tech.', 'x-unit': 'share', minimum: 0, maximum: 1, default: 0.5, type: 'number' });
    expect(tech.markdownDescription).toBe('Tech.\n\nUnit: **share**');
    expect(js.properties.levers.properties.count).toMatchObject({ type: 'integer', 'x-unit': 'people' });
    expect(js.properties.levers.additionalProperties).toBe(false);
    expect(js.required ?? []).toEqual([]);
    expect(js.properties.budget).toMatchObject({ 'x-unit': 'yuan', 'x-timeSeries': { min: 0, max: 1e12 } });
    expect(JSON.stringify(js)).not.toMatch(/"(unit|timeSeries)":/);
    // number, expression, table, and the CSV column reference the loader resolves
    expect(js.properties.budget.anyOf).toHaveLength(4);
    expect(js.properties.budget.anyOf[3]).toMatchObject({ required: ['csv', 'column'], additionalProperties: false });
  });
});

describe('schema walking', () => {
  it('finds children through wrappers, records and unions', () => {
    expect(knownKeys(S)).toEqual(['name', 'on', 'mode', 'levers', 'budget']);
    expect(knownKeys(S.shape.levers)).toEqual(['technology', 'count']);
    expect(childSchema(S, 'nope')).toBeUndefined();
    expect(schemaAt(S, ['levers', 'technology'])).toBe(S.shape.levers.unwrap().shape.technology);
    expect(schemaAt(S, ['budget', '2015'])).toBeDefined(); // the table branch of a series
    expect(schemaAt(S, ['budget', 'x'])).toBeUndefined();
    expect(unwrap(S.shape.budget).meta.timeSeries).toEqual({ min: 0, max: 1e12 });
  });

  it('describes what is expected in words', () => {
    expect(describeExpected(schemaAt(S, ['levers', 'technology'])!)).toBe('a number between 0 and 1');
    expect(describeExpected(schemaAt(S, ['levers', 'count'])!)).toBe('a whole number of at least 1');
    expect(describeExpected(S.shape.mode)).toBe('one of "fast", "slow"');
    expect(describeExpected(S.shape.on)).toBe('true or false');
    expect(describeExpected(S.shape.budget)).toBe('a number between 0 and 1e12, an expression of year, a table {year: value} or a CSV column {csv: file, column: name}');
  });

  it('suggests close names only', () => {
    expect(suggest('levrs', ['levers', 'budget'])).toBe('levers');
    expect(suggest('technolgy', ['technology', 'fund'])).toBe('technology');
    expect(suggest('zzz', ['levers', 'budget'])).toBeUndefined();
  });
});
