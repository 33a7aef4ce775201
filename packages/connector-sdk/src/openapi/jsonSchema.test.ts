import { compileSchema, RefResolver } from './jsonSchema';

const noRefs: RefResolver = ref => {
  throw new Error(`unexpected ${ref}`);
};

function check(schema: unknown, value: unknown, resolve = noRefs) {
  return compileSchema(schema, resolve)(value, 'body');
}

describe('compileSchema', () => {
  it('checks types, nullable and enums with ajv-like messages', () => {
    expect(check({ type: 'integer' }, 2)).toEqual([]);
    expect(check({ type: 'integer' }, 2.5)).toEqual(['body must be integer']);
    expect(check({ type: 'number' }, Number.NaN)).toEqual([
      'body must be number',
    ]);
    expect(check({ type: 'string', nullable: true }, null)).toEqual([]);
    expect(check({ type: 'string', nullable: true }, 3)).toEqual([
      'body must be string,null',
    ]);
    expect(check({ type: 'object' }, [])).toEqual(['body must be object']);
    expect(check({ type: 'array' }, {})).toEqual(['body must be array']);
    expect(check({ enum: ['db', 'ldap'] }, 'oauth')).toEqual([
      'body must be equal to one of the allowed values',
    ]);
    expect(check({}, { anything: true })).toEqual([]);
    expect(check(true, 1)).toEqual([]);
  });

  it('reads OpenAPI 3.1 type lists with null', () => {
    const schema = { type: ['string', 'null'] };
    expect(check(schema, 'x')).toEqual([]);
    expect(check(schema, null)).toEqual([]);
    expect(check(schema, 1)).toEqual(['body must be string,null']);
    expect(check({ type: 'null' }, undefined)).toEqual(['body must be null']);
    expect(() => check({ type: [] }, 1)).toThrow(
      '#: type must be one of string, number, integer, boolean, object, array, null, or a list of them',
    );
    expect(() => check({ type: ['string', 'date'] }, 1)).toThrow(
      /type must be one of/,
    );
  });

  it('checks oneOf (exactly one) and allOf (every one)', () => {
    const oneOf = {
      oneOf: [
        { type: 'string' },
        { type: 'string', minLength: 3 },
        { type: 'integer' },
      ],
    };
    expect(check(oneOf, 'ab')).toEqual([]);
    expect(check(oneOf, 7)).toEqual([]);
    expect(check(oneOf, 'abc')).toEqual([
      'body must match exactly one schema in oneOf',
    ]);
    expect(check(oneOf, true)).toEqual([
      'body must match exactly one schema in oneOf',
    ]);
    const allOf = {
      allOf: [
        { type: 'object', required: ['a'] },
        { type: 'object', properties: { b: { type: 'integer' } } },
      ],
    };
    expect(check(allOf, { a: 1, b: 2 })).toEqual([]);
    expect(check(allOf, { b: 'x' })).toEqual([
      "body must have required property 'a'",
      'body/b must be integer',
    ]);
    expect(() => check({ allOf: [] }, 1)).toThrow(
      '#: allOf must be a list of schemas',
    );
  });

  it('checks string and number constraints and formats', () => {
    const ref = {
      type: 'string',
      minLength: 2,
      maxLength: 3,
      pattern: '^[a-z]+$',
    };
    expect(check(ref, 'abc')).toEqual([]);
    expect(check(ref, 'a')).toEqual([
      'body must NOT have fewer than 2 characters',
    ]);
    expect(check(ref, 'abcd')).toEqual([
      'body must NOT have more than 3 characters',
    ]);
    expect(check(ref, 'A1')).toEqual(['body must match pattern "^[a-z]+$"']);
    expect(check({ type: 'number', minimum: 1, maximum: 250 }, 300)).toEqual([
      'body must be <= 250',
    ]);
    expect(check({ type: 'number', minimum: 1 }, 0)).toEqual([
      'body must be >= 1',
    ]);
    expect(
      check(
        { type: 'string', format: 'date-time' },
        '2026-01-05T09:00:00.000Z',
      ),
    ).toEqual([]);
    expect(check({ type: 'string', format: 'date-time' }, 'yesterday')).toEqual(
      ['body must match format "date-time"'],
    );
    expect(
      check(
        { type: 'string', format: 'uuid' },
        '00000000-0000-4000-8001-000000000001',
      ),
    ).toEqual([]);
    expect(check({ type: 'string', format: 'uuid' }, 'nope')).toEqual([
      'body must match format "uuid"',
    ]);
  });

  it('checks objects: required, properties, additional properties', () => {
    const schema = {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: { type: 'string' }, 'a/b': { type: 'integer' } },
    };
    expect(check(schema, { id: 'x', 'a/b': 1 })).toEqual([]);
    expect(check(schema, { 'a/b': 'one', extra: 1 })).toEqual([
      "body must have required property 'id'",
      'body/a~1b must be integer',
      'body must NOT have additional properties (extra)',
    ]);
    expect(
      check(
        { type: 'object', additionalProperties: { type: 'string' } },
        { a: 'x', b: 2 },
      ),
    ).toEqual(['body/b must be string']);
    expect(check({ type: 'object', properties: {} }, { free: 1 })).toEqual([]);
  });

  it('checks arrays and anyOf', () => {
    const list = {
      type: 'array',
      items: { type: 'integer' },
      minItems: 1,
      maxItems: 2,
    };
    expect(check(list, [1, 'two'])).toEqual(['body/1 must be integer']);
    expect(check(list, [])).toEqual(['body must NOT have fewer than 1 items']);
    expect(check(list, [1, 2, 3])).toEqual([
      'body must NOT have more than 2 items',
    ]);
    const either = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    expect(check(either, 1)).toEqual([]);
    expect(check(either, true)).toEqual(['body must match a schema in anyOf']);
  });

  it('follows $refs, also recursive ones', () => {
    const components: Record<string, unknown> = {
      node: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/node' } },
        },
      },
    };
    const resolve = (ref: string) => components[ref.slice(2)];
    expect(
      check(
        { $ref: '#/node' },
        { name: 'a', children: [{ name: 'b', children: [] }] },
        resolve,
      ),
    ).toEqual([]);
    expect(
      check({ $ref: '#/node' }, { children: [{ name: 2 }] }, resolve),
    ).toEqual(['body/children/0/name must be string']);
  });

  it('refuses what it would not check, naming the place', () => {
    expect(() =>
      compileSchema({ type: 'string', not: {} }, noRefs, '#/x'),
    ).toThrow("#/x: the keyword 'not' is not supported");
    expect(() =>
      compileSchema({ type: 'string', format: 'email' }, noRefs),
    ).toThrow("the format 'email' is not supported");
    expect(() => compileSchema({ type: ['string', 'uuid'] }, noRefs)).toThrow(
      'type must be one of',
    );
    expect(() => compileSchema('string', noRefs, '#/y')).toThrow(
      '#/y: a schema must be an object',
    );
    expect(() =>
      compileSchema(
        { description: 'd', example: 1, 'x-note': 'n', readOnly: true },
        noRefs,
      ),
    ).not.toThrow();
  });
});
