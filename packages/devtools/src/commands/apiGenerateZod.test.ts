import { z } from 'zod';
import {
  dependencyOrder,
  JsonSchema,
  zodModule,
  zodOf,
  zodSchemaName,
} from './apiGenerateZod';

/** Runs the emitted module with the real zod and returns its schemas. */
function load(schemas: Record<string, JsonSchema>): Record<string, z.ZodType> {
  const body = zodModule(schemas)
    .replace("import { z } from 'zod';", '')
    .replace(/export const (\w+) =/g, 'const $1 = out.$1 =');
  const out: Record<string, z.ZodType> = {};
  // eslint-disable-next-line no-new-func
  new Function('z', 'out', body)(z, out);
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('the zod emitter', () => {
  const schemas = load({
    Status: { type: 'string', enum: ['ok', 'down'] },
    Item: {
      type: 'object',
      description: 'An item',
      required: ['id', 'status', 'note', 'at'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        status: ref('Status'),
        note: { type: ['string', 'null'], maxLength: 5 },
        at: { type: 'string', format: 'date-time' },
        count: { type: 'integer', minimum: 0, maximum: 3 },
        flag: { type: 'boolean', enum: [true] },
        size: { type: 'number', default: 1 },
      },
    },
    Strict: {
      type: 'object',
      additionalProperties: false,
      required: ['a'],
      properties: { a: { type: 'string', pattern: '^a+$', minLength: 1 } },
    },
    Facts: { type: 'object', additionalProperties: { type: 'boolean' } },
    Anything: { type: 'object' },
    Page: {
      type: 'object',
      required: ['items', 'outcome'],
      properties: {
        items: { type: 'array', items: ref('Item'), minItems: 1, maxItems: 2 },
        outcome: { oneOf: [{ type: 'null' }, ref('Strict')] },
        either: { anyOf: [ref('Strict'), ref('Facts')] },
        kind: { const: 'page' },
      },
    },
    Tagged: {
      allOf: [
        ref('Strict'),
        {
          type: 'object',
          required: ['t'],
          properties: { t: { type: 'string' } },
        },
      ],
    },
    Counts: {
      type: 'object',
      required: ['n'],
      properties: { n: { type: 'number' } },
      additionalProperties: { type: 'number' },
    },
    Mixed: { type: ['string', 'number'] },
    Free: { description: 'anything at all' },
    Enumerated: { enum: [1, 2] },
    Shaped: { properties: { x: { type: 'string' } } },
  });
  const item = {
    id: '0b6a9b8e-5b0c-4a5e-9c1e-0d3c0c6e7f10',
    status: 'ok',
    note: null,
    at: '2026-01-02T03:04:05.000Z',
  };

  it('names each schema after its component', () => {
    expect(zodSchemaName('ParityResponse')).toBe('parityResponseSchema');
    expect(Object.keys(schemas)).toContain('itemSchema');
  });

  it('accepts what the JSON Schema accepts and fills defaults', () => {
    expect(schemas.itemSchema.parse({ ...item, extra: 1 })).toEqual({
      ...item,
      extra: 1,
      size: 1,
    });
    expect(schemas.itemSchema.description).toBe('An item');
    expect(
      schemas.pageSchema.safeParse({ items: [item], outcome: { a: 'aa' } })
        .success,
    ).toBe(true);
    expect(
      schemas.pageSchema.safeParse({ items: [item], outcome: null }).success,
    ).toBe(true);
    expect(schemas.factsSchema.parse({ x: true })).toEqual({ x: true });
    expect(schemas.anythingSchema.parse({ y: [1] })).toEqual({ y: [1] });
    expect(schemas.taggedSchema.parse({ a: 'a', t: 'x' })).toEqual({
      a: 'a',
      t: 'x',
    });
    expect(schemas.countsSchema.parse({ n: 1, m: 2 })).toEqual({ n: 1, m: 2 });
    expect(schemas.mixedSchema.parse(3)).toBe(3);
    expect(schemas.freeSchema.parse({ any: 'thing' })).toEqual({
      any: 'thing',
    });
    expect(schemas.enumeratedSchema.parse(2)).toBe(2);
    expect(schemas.shapedSchema.parse({ x: 'y' })).toEqual({ x: 'y' });
  });

  it('rejects what the JSON Schema rejects', () => {
    const bad = (schema: string, value: unknown) =>
      expect(schemas[schema].safeParse(value).success).toBe(false);
    bad('itemSchema', { ...item, id: 'not-a-uuid' });
    bad('itemSchema', { ...item, status: 'up' });
    bad('itemSchema', { ...item, note: 'too long' });
    bad('itemSchema', { ...item, at: 'yesterday' });
    bad('itemSchema', { ...item, count: 4 });
    bad('itemSchema', { ...item, count: 1.5 });
    bad('itemSchema', { ...item, flag: false });
    bad('itemSchema', { id: item.id, status: 'ok', at: item.at });
    bad('strictSchema', { a: 'a', b: 1 });
    bad('strictSchema', { a: 'b' });
    bad('strictSchema', { a: '' });
    bad('factsSchema', { x: 'yes' });
    bad('pageSchema', { items: [], outcome: null });
    bad('pageSchema', { items: [item, item, item], outcome: null });
    bad('pageSchema', { items: [item], outcome: null, kind: 'other' });
    bad('taggedSchema', { a: 'a' });
    bad('countsSchema', { n: 1, m: 'two' });
    bad('mixedSchema', true);
    bad('enumeratedSchema', 3);
  });

  it('orders schemas after the ones they use', () => {
    expect(
      dependencyOrder({ B: ref('A'), A: { type: 'string' }, C: ref('B') }),
    ).toEqual(['A', 'B', 'C']);
  });

  it('refuses what it cannot express instead of guessing', () => {
    expect(() => zodOf({ type: 'string', format: 'email' }, 'X')).toThrow(
      /format email/,
    );
    expect(() => zodOf({ type: 'string', 'x-odd': 1 }, 'X.y')).toThrow(
      'X.y: unsupported keyword x-odd',
    );
    expect(() => zodOf({ type: 'array' }, 'X')).toThrow(/needs items/);
    expect(() => zodOf({ type: 'tuple' }, 'X')).toThrow(/type tuple/);
    expect(() => zodOf({ $ref: '#/components/responses/E' }, 'X')).toThrow(
      /unsupported \$ref/,
    );
    expect(() => dependencyOrder({ A: ref('B'), B: ref('A') })).toThrow(
      /cyclic schemas are not supported: A → B → A/,
    );
    expect(() => dependencyOrder({ A: ref('Missing') })).toThrow(
      /no schema Missing/,
    );
  });
});
