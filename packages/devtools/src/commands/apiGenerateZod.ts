/**
 * Zod (v4) source for the JSON Schema subset of an OpenAPI 3.1 document's
 * `components.schemas`: types (with `'null'`), enums, const, objects (loose
 * unless `additionalProperties: false`), records, arrays, oneOf/anyOf,
 * allOf, $ref, string formats date-time and uuid, lengths, ranges, patterns,
 * defaults and descriptions. Anything else is an error, never a silent `any`.
 */

/** A JSON Schema object as the document holds it. */
export type JsonSchema = { [key: string]: unknown };

const KNOWN = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'oneOf',
  'anyOf',
  'allOf',
  '$ref',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'default',
  'description',
  'title',
  'example',
]);

const SCHEMA_REF = '#/components/schemas/';

/** `ParityResponse` → `parityResponseSchema`. */
export function zodSchemaName(name: string): string {
  return `${name[0].toLowerCase()}${name.slice(1)}Schema`;
}

/** The component schema a `$ref` names. */
export function refName(ref: string): string {
  if (!ref.startsWith(SCHEMA_REF))
    throw new Error(`unsupported $ref ${ref}: only ${SCHEMA_REF}* is`);
  return ref.slice(SCHEMA_REF.length);
}

const literal = (value: unknown) => JSON.stringify(value);

function check(schema: JsonSchema, at: string) {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) throw new Error(`${at}: unsupported keyword ${key}`);
  }
}

function stringSchema(schema: JsonSchema): string {
  if (schema.format === 'date-time') return 'z.iso.datetime({ offset: true })';
  if (schema.format === 'uuid') return 'z.guid()';
  if (schema.format !== undefined)
    throw new Error(`unsupported string format ${String(schema.format)}`);
  let out = 'z.string()';
  if (typeof schema.minLength === 'number') out += `.min(${schema.minLength})`;
  if (typeof schema.maxLength === 'number') out += `.max(${schema.maxLength})`;
  if (typeof schema.pattern === 'string')
    out += `.regex(new RegExp(${literal(schema.pattern)}))`;
  return out;
}

function numberSchema(schema: JsonSchema, integer: boolean): string {
  let out = integer ? 'z.number().int()' : 'z.number()';
  if (typeof schema.minimum === 'number') out += `.min(${schema.minimum})`;
  if (typeof schema.maximum === 'number') out += `.max(${schema.maximum})`;
  return out;
}

function enumSchema(values: unknown[]): string {
  if (values.every(v => typeof v === 'string'))
    return `z.enum([${values.map(literal).join(', ')}])`;
  const literals = values.map(v => `z.literal(${literal(v)})`);
  return literals.length === 1
    ? literals[0]
    : `z.union([${literals.join(', ')}])`;
}

function objectSchema(schema: JsonSchema, at: string): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const extra = schema.additionalProperties;
  const names = Object.keys(properties);
  if (names.length === 0) {
    if (extra === false) return 'z.strictObject({})';
    const values =
      extra && typeof extra === 'object'
        ? zodOf(extra as JsonSchema, `${at}.additionalProperties`)
        : 'z.unknown()';
    return `z.record(z.string(), ${values})`;
  }
  const shape = names.map(name => {
    const value = zodOf(properties[name], `${at}.${name}`);
    const optional =
      required.has(name) || properties[name].default !== undefined
        ? ''
        : '.optional()';
    return `${literal(name)}: ${value}${optional}`;
  });
  const body = `{ ${shape.join(', ')} }`;
  if (extra === false) return `z.strictObject(${body})`;
  if (extra && typeof extra === 'object')
    return `z.object(${body}).catchall(${zodOf(
      extra as JsonSchema,
      `${at}.additionalProperties`,
    )})`;
  return `z.looseObject(${body})`;
}

function typed(schema: JsonSchema, type: string, at: string): string {
  if (schema.enum) return enumSchema(schema.enum as unknown[]);
  switch (type) {
    case 'string':
      return stringSchema(schema);
    case 'number':
      return numberSchema(schema, false);
    case 'integer':
      return numberSchema(schema, true);
    case 'boolean':
      return 'z.boolean()';
    case 'null':
      return 'z.null()';
    case 'object':
      return objectSchema(schema, at);
    case 'array': {
      if (!schema.items) throw new Error(`${at}: an array needs items`);
      let out = `z.array(${zodOf(schema.items as JsonSchema, `${at}[]`)})`;
      if (typeof schema.minItems === 'number')
        out += `.min(${schema.minItems})`;
      if (typeof schema.maxItems === 'number')
        out += `.max(${schema.maxItems})`;
      return out;
    }
    default:
      throw new Error(`${at}: unsupported type ${type}`);
  }
}

function isNull(schema: JsonSchema): boolean {
  return schema.type === 'null' && Object.keys(schema).length === 1;
}

function union(members: JsonSchema[], at: string): string {
  const nonNull = members.filter(m => !isNull(m));
  const inner = nonNull.map((m, i) => zodOf(m, `${at}|${i}`));
  const base = inner.length === 1 ? inner[0] : `z.union([${inner.join(', ')}])`;
  return nonNull.length < members.length ? `${base}.nullable()` : base;
}

function core(schema: JsonSchema, at: string): string {
  if (typeof schema.$ref === 'string')
    return zodSchemaName(refName(schema.$ref));
  if (schema.const !== undefined) return `z.literal(${literal(schema.const)})`;
  const alternatives = (schema.oneOf ?? schema.anyOf) as
    | JsonSchema[]
    | undefined;
  if (alternatives) return union(alternatives, at);
  if (schema.allOf) {
    const parts = (schema.allOf as JsonSchema[]).map((m, i) =>
      zodOf(m, `${at}&${i}`),
    );
    return parts.reduce((a, b) => `z.intersection(${a}, ${b})`);
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type as string[];
    const nonNull = types.filter(t => t !== 'null');
    const inner = nonNull.map(t => typed(schema, t, at));
    const base =
      inner.length === 1 ? inner[0] : `z.union([${inner.join(', ')}])`;
    return nonNull.length < types.length ? `${base}.nullable()` : base;
  }
  if (typeof schema.type === 'string') return typed(schema, schema.type, at);
  if (schema.enum) return enumSchema(schema.enum as unknown[]);
  if (schema.properties) return objectSchema(schema, at);
  return 'z.unknown()';
}

/** The zod expression of one schema (`at` names it in errors). */
export function zodOf(schema: JsonSchema, at: string): string {
  check(schema, at);
  let out = core(schema, at);
  if (schema.default !== undefined)
    out += `.default(${literal(schema.default)})`;
  if (typeof schema.description === 'string')
    out += `.describe(${literal(schema.description.trim())})`;
  return out;
}

function refsOf(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach(n => refsOf(n, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(refName(value));
      else refsOf(value, into);
    }
  }
  return into;
}

/** Component names, each after the ones it refers to (a cycle is an error). */
export function dependencyOrder(schemas: Record<string, JsonSchema>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (!schemas[name])
      throw new Error(`${path.join(' → ')}: no schema ${name}`);
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new Error(
        `cyclic schemas are not supported: ${[...path, name].join(' → ')}`,
      );
    state.set(name, 'visiting');
    for (const dep of [...refsOf(schemas[name], new Set())].sort())
      visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(schemas).sort()) visit(name, []);
  return order;
}

/** The zod module of every component schema (unformatted TypeScript). */
export function zodModule(schemas: Record<string, JsonSchema>): string {
  const lines = ["import { z } from 'zod';", ''];
  for (const name of dependencyOrder(schemas)) {
    const description = schemas[name].description;
    lines.push(
      '/**',
      ` * ${
        typeof description === 'string'
          ? description
              .trim()
              .replace(/\s+/g, ' ')
              .replace(/\*\//g, '*\\/')
              .replace(/([{}@])/g, '\\$1')
          : `The ${name} schema of the REST API.`
      }`,
      ' *',
      ' * @public',
      ' */',
      `export const ${zodSchemaName(name)} = ${zodOf(schemas[name], name)};`,
      '',
    );
  }
  return lines.join('\n');
}
