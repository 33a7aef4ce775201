/**
 * The JSON Schema subset of OpenAPI 3.0 and 3.1 that contract documents may
 * use, compiled to a validator: Platform Kit's one OpenAPI validator (vendor
 * contracts of the connectors and stand-ins, and the control plane's own
 * REST document). A keyword outside the subset is refused when the schema is
 * compiled, so a contract never carries a constraint that nothing checks.
 * Messages follow ajv's wording (`must be integer`, `must match format
 * "date-time"`), prefixed with where the value sits (a JSON pointer).
 */

/**
 * Checks a value; returns the problems, empty when it is valid.
 *
 * @public
 */
export type SchemaValidator = (value: unknown, where: string) => string[];

/**
 * Resolves a local `$ref` (`#/components/...`) of the document.
 *
 * @public
 */
export type RefResolver = (ref: string) => unknown;

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
]);

const KEYWORDS = new Set([
  '$ref',
  'type',
  'nullable',
  'enum',
  'format',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'anyOf',
  'oneOf',
  'allOf',
]);

const TYPES = new Set([
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  // OpenAPI 3.1 (JSON Schema): `type: [string, 'null']` instead of `nullable`
  'null',
]);

const FORMATS: Record<string, RegExp> = {
  'date-time':
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Compiles schemas of one document; `$ref`s are compiled once and lazily, so
 * recursive references terminate.
 *
 * @public
 */
export class SchemaCompiler {
  private readonly refs = new Map<string, SchemaValidator>();

  constructor(private readonly resolve: RefResolver) {}

  compile(node: unknown, at: string): SchemaValidator {
    if (node === true || (isObject(node) && Object.keys(node).length === 0)) {
      return () => [];
    }
    if (!isObject(node)) {
      throw new Error(`${at}: a schema must be an object`);
    }
    for (const key of Object.keys(node)) {
      if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key) && !key.startsWith('x-'))
        throw new Error(`${at}: the keyword '${key}' is not supported`);
    }
    if (typeof node.$ref === 'string') return this.ref(node.$ref, at);
    return this.checks(node, at);
  }

  private ref(ref: string, at: string): SchemaValidator {
    let validate = this.refs.get(ref);
    if (!validate) {
      // Registered before compiling, so a recursive reference finds it.
      const target: { validate?: SchemaValidator } = {};
      validate = (value, where) => target.validate!(value, where);
      this.refs.set(ref, validate);
      target.validate = this.compile(this.resolve(ref), `${at} → ${ref}`);
    }
    return validate;
  }

  private checks(schema: Schema, at: string): SchemaValidator {
    const checks: SchemaValidator[] = [];
    const types = this.types(schema, at);
    const nullable = schema.nullable === true;
    if (types.length > 0) {
      checks.push((value, where) =>
        types.some(t => hasType(value, t))
          ? []
          : [`${where} must be ${[...types, ...(nullable ? ['null'] : [])]}`],
      );
    }
    if (Array.isArray(schema.enum)) {
      const allowed = schema.enum;
      checks.push((value, where) =>
        allowed.some(a => a === value)
          ? []
          : [`${where} must be equal to one of the allowed values`],
      );
    }
    checks.push(...this.stringChecks(schema, at));
    checks.push(...this.numberChecks(schema));
    checks.push(...this.objectChecks(schema, at));
    checks.push(...this.arrayChecks(schema, at));
    checks.push(...this.combinations(schema, at));
    return (value, where) => {
      if (value === null && nullable) return [];
      for (const check of checks) {
        const problems = check(value, where);
        if (problems.length > 0) return problems;
      }
      return [];
    };
  }

  private types(schema: Schema, at: string): string[] {
    if (schema.type === undefined) return [];
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (
      types.length === 0 ||
      !types.every(t => typeof t === 'string' && TYPES.has(t))
    ) {
      throw new Error(
        `${at}: type must be one of ${[...TYPES].join(
          ', ',
        )}, or a list of them`,
      );
    }
    return types as string[];
  }

  /** anyOf (one at least), oneOf (exactly one) and allOf (every one). */
  private combinations(schema: Schema, at: string): SchemaValidator[] {
    const compiled = (keyword: 'anyOf' | 'oneOf' | 'allOf') => {
      const options = schema[keyword];
      if (options === undefined) return undefined;
      if (!Array.isArray(options) || options.length === 0) {
        throw new Error(`${at}: ${keyword} must be a list of schemas`);
      }
      return options.map((option, i) =>
        this.compile(option, `${at}/${keyword}/${i}`),
      );
    };
    const checks: SchemaValidator[] = [];
    const anyOf = compiled('anyOf');
    if (anyOf) {
      checks.push((value, where) =>
        anyOf.some(option => option(value, where).length === 0)
          ? []
          : [`${where} must match a schema in anyOf`],
      );
    }
    const oneOf = compiled('oneOf');
    if (oneOf) {
      checks.push((value, where) =>
        oneOf.filter(option => option(value, where).length === 0).length === 1
          ? []
          : [`${where} must match exactly one schema in oneOf`],
      );
    }
    const allOf = compiled('allOf');
    if (allOf) {
      checks.push((value, where) =>
        allOf.flatMap(option => option(value, where)),
      );
    }
    return checks;
  }

  private stringChecks(schema: Schema, at: string): SchemaValidator[] {
    const checks: SchemaValidator[] = [];
    const { format, minLength, maxLength, pattern } = schema;
    if (format !== undefined) {
      const regexp = FORMATS[String(format)];
      if (!regexp) {
        throw new Error(`${at}: the format '${format}' is not supported`);
      }
      checks.push((value, where) =>
        typeof value !== 'string' || regexp.test(value)
          ? []
          : [`${where} must match format "${format}"`],
      );
    }
    if (typeof minLength === 'number') {
      checks.push((value, where) =>
        typeof value !== 'string' || value.length >= minLength
          ? []
          : [`${where} must NOT have fewer than ${minLength} characters`],
      );
    }
    if (typeof maxLength === 'number') {
      checks.push((value, where) =>
        typeof value !== 'string' || value.length <= maxLength
          ? []
          : [`${where} must NOT have more than ${maxLength} characters`],
      );
    }
    if (typeof pattern === 'string') {
      const regexp = new RegExp(pattern, 'u');
      checks.push((value, where) =>
        typeof value !== 'string' || regexp.test(value)
          ? []
          : [`${where} must match pattern "${pattern}"`],
      );
    }
    return checks;
  }

  private numberChecks(schema: Schema): SchemaValidator[] {
    const checks: SchemaValidator[] = [];
    const { minimum, maximum } = schema;
    if (typeof minimum === 'number') {
      checks.push((value, where) =>
        typeof value !== 'number' || value >= minimum
          ? []
          : [`${where} must be >= ${minimum}`],
      );
    }
    if (typeof maximum === 'number') {
      checks.push((value, where) =>
        typeof value !== 'number' || value <= maximum
          ? []
          : [`${where} must be <= ${maximum}`],
      );
    }
    return checks;
  }

  private objectChecks(schema: Schema, at: string): SchemaValidator[] {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const compiled = Object.entries(properties).map(
      ([name, property]) =>
        [
          name,
          this.compile(property, `${at}/properties/${escapePointer(name)}`),
        ] as const,
    );
    const required = Array.isArray(schema.required)
      ? (schema.required as string[])
      : [];
    const additional = schema.additionalProperties;
    const extra =
      additional === false || additional === undefined || additional === true
        ? undefined
        : this.compile(additional, `${at}/additionalProperties`);
    if (
      compiled.length === 0 &&
      required.length === 0 &&
      additional === undefined
    ) {
      return [];
    }
    return [
      (value, where) => {
        if (!isObject(value)) return [];
        const problems: string[] = [];
        for (const name of required) {
          if (value[name] === undefined) {
            problems.push(`${where} must have required property '${name}'`);
          }
        }
        for (const [name, validate] of compiled) {
          if (value[name] !== undefined) {
            problems.push(
              ...validate(value[name], `${where}/${escapePointer(name)}`),
            );
          }
        }
        for (const name of Object.keys(value)) {
          if (name in properties) continue;
          if (additional === false) {
            problems.push(
              `${where} must NOT have additional properties (${name})`,
            );
          } else if (extra) {
            problems.push(
              ...extra(value[name], `${where}/${escapePointer(name)}`),
            );
          }
        }
        return problems;
      },
    ];
  }

  private arrayChecks(schema: Schema, at: string): SchemaValidator[] {
    const checks: SchemaValidator[] = [];
    const { items, minItems, maxItems } = schema;
    if (items !== undefined) {
      const validate = this.compile(items, `${at}/items`);
      checks.push((value, where) =>
        Array.isArray(value)
          ? value.flatMap((item, i) => validate(item, `${where}/${i}`))
          : [],
      );
    }
    if (typeof minItems === 'number') {
      checks.push((value, where) =>
        !Array.isArray(value) || value.length >= minItems
          ? []
          : [`${where} must NOT have fewer than ${minItems} items`],
      );
    }
    if (typeof maxItems === 'number') {
      checks.push((value, where) =>
        !Array.isArray(value) || value.length <= maxItems
          ? []
          : [`${where} must NOT have more than ${maxItems} items`],
      );
    }
    return checks;
  }
}

/**
 * Compiles `schema` (found at `at`, for messages) into a validator.
 *
 * @throws Error naming the place of a keyword, type or format outside the
 * supported subset, or of a `$ref` that does not resolve.
 *
 * @public
 */
export function compileSchema(
  schema: unknown,
  resolve: RefResolver,
  at = '#',
): SchemaValidator {
  return new SchemaCompiler(resolve).compile(schema, at);
}
