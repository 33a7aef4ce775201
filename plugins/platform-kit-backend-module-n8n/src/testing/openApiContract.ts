import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * The n8n Public API v1 OpenAPI document, loaded and compiled with ajv, so
 * that the stand-in server can check every request it receives and every
 * response it sends against the vendor's own contract.
 */

const SPEC_FILE = 'n8n-public-api-v1.yml';
const SPEC_ID = 'n8n-public-api-v1';
/** The API's mount point (`servers[].url`). */
export const N8N_API_PREFIX = '/api/v1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonObject;
  $ref?: string;
}

interface Operation {
  parameters?: Parameter[];
  responses?: Record<string, JsonObject>;
  'x-required-scope'?: string;
}

/** One operation of the document, as a request matched it. */
export interface MatchedOperation {
  method: string;
  /** The template, e.g. `/workflows/{workflowId}`. */
  template: string;
  pathParams: Record<string, string>;
  /** The scope an API key needs (`x-required-scope`), if any. */
  requiredScope?: string;
}

/**
 * Where the vendor specs live: `$PLATFORM_KIT_SPECS_DIR`, else
 * `../shared/specs` beside the repository (found from the working directory
 * up to the folder holding `kit`).
 */
export function n8nSpecPath(): string {
  if (process.env.PLATFORM_KIT_SPECS_DIR) {
    return path.join(process.env.PLATFORM_KIT_SPECS_DIR, SPEC_FILE);
  }
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, 'kit'))) {
      return path.join(dir, '..', 'shared', 'specs', SPEC_FILE);
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return path.join(process.cwd(), '..', 'shared', 'specs', SPEC_FILE);
    }
    dir = parent;
  }
}

/**
 * OpenAPI 3.0 `nullable: true` in JSON Schema terms: `null` becomes one more
 * allowed type (or enum value); without a `type` the keyword adds nothing.
 */
function normaliseNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(normaliseNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = normaliseNullable(value);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  } else if (out.nullable === false) {
    delete out.nullable;
  }
  return out;
}

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function templateRegExp(template: string): {
  regexp: RegExp;
  names: string[];
  literalSegments: number;
} {
  const names: string[] = [];
  let literalSegments = 0;
  const source = template
    .split('/')
    .map(segment => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) {
        names.push(param[1]);
        return '([^/]+)';
      }
      if (segment) literalSegments++;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regexp: new RegExp(`^${source}$`), names, literalSegments };
}

/** The compiled n8n contract. */
export class N8nOpenApiContract {
  private readonly ajv: Ajv;
  private readonly doc: JsonObject;
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(doc: JsonObject) {
    this.doc = doc;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // Formats n8n declares beyond JSON Schema's own.
    this.ajv.addFormat('jsonString', {
      type: 'string',
      validate: (s: string) => {
        try {
          JSON.parse(s);
          return true;
        } catch {
          return false;
        }
      },
    });
    this.ajv.addFormat('nanoid', /^[A-Za-z0-9_-]+$/);
    this.ajv.addFormat('identifier', /^\S+$/);
    this.ajv.addFormat('columnName', /^[A-Za-z0-9_]+$/);
    this.ajv.addFormat('field', true);
    this.ajv.addSchema(doc as object, SPEC_ID);
  }

  private static cache = new Map<string, N8nOpenApiContract>();

  /** Loads (once per file) the document at `specPath` (default {@link n8nSpecPath}). */
  static load(specPath: string = n8nSpecPath()): N8nOpenApiContract {
    let contract = N8nOpenApiContract.cache.get(specPath);
    if (!contract) {
      if (!fs.existsSync(specPath)) {
        throw new Error(
          `The n8n Public API spec is not at ${specPath}: put shared/specs beside the repository or set PLATFORM_KIT_SPECS_DIR.`,
        );
      }
      const doc = normaliseNullable(
        parseYaml(fs.readFileSync(specPath, 'utf8')) as Json,
      ) as JsonObject;
      contract = new N8nOpenApiContract(doc);
      N8nOpenApiContract.cache.set(specPath, contract);
    }
    return contract;
  }

  private get paths(): Record<string, Record<string, Operation>> {
    return this.doc.paths as unknown as Record<
      string,
      Record<string, Operation>
    >;
  }

  private operation(match: MatchedOperation): Operation {
    return this.paths[match.template][match.method];
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`${SPEC_ID}#${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  private resolveRef<T>(value: T & { $ref?: string }): T {
    if (!value.$ref) return value;
    let node: Json = this.doc;
    for (const segment of value.$ref.replace(/^#\//, '').split('/')) {
      node = (node as JsonObject)[
        segment.replace(/~1/g, '/').replace(/~0/g, '~')
      ];
    }
    return this.resolveRef(node as unknown as T & { $ref?: string });
  }

  private problems(validate: ValidateFunction, where: string): string[] {
    return (validate.errors ?? []).map(
      e =>
        `${where}${e.instancePath} ${e.message}${
          e.keyword === 'additionalProperties'
            ? ` (${e.params.additionalProperty})`
            : ''
        }`,
    );
  }

  /**
   * The operation a request addresses (path relative to `/api/v1`), or
   * undefined when the document has no such path and method. A literal
   * segment beats a template (`/workflows/{id}/activate` over
   * `/workflows/{id}/{versionId}`).
   */
  match(method: string, apiPath: string): MatchedOperation | undefined {
    const lower = method.toLowerCase();
    let best: { match: MatchedOperation; literal: number } | undefined;
    for (const [template, operations] of Object.entries(this.paths)) {
      if (!operations[lower]) continue;
      const { regexp, names, literalSegments } = templateRegExp(template);
      const found = regexp.exec(apiPath);
      if (!found) continue;
      if (best && best.literal >= literalSegments) continue;
      const pathParams: Record<string, string> = {};
      names.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(found[i + 1]);
      });
      best = {
        literal: literalSegments,
        match: {
          method: lower,
          template,
          pathParams,
          requiredScope: operations[lower]['x-required-scope'],
        },
      };
    }
    return best?.match;
  }

  /**
   * Checks a request's query and path parameters against the operation:
   * required ones present, values of the declared type (query strings are
   * coerced the way n8n's validator does), no undeclared query parameters.
   * Returns the problems, empty when the request is valid.
   */
  validateRequest(match: MatchedOperation, query: URLSearchParams): string[] {
    const operation = this.operation(match);
    const params = (operation.parameters ?? []).map(p => this.resolveRef(p));
    const problems: string[] = [];
    for (const name of new Set(query.keys())) {
      if (!params.some(p => p.in === 'query' && p.name === name)) {
        problems.push(`query parameter '${name}' is not in the spec`);
      } else if (query.getAll(name).length > 1) {
        problems.push(`query parameter '${name}' is repeated`);
      }
    }
    for (const param of params) {
      let raw: string | undefined;
      if (param.in === 'query') raw = query.get(param.name) ?? undefined;
      else if (param.in === 'path') raw = match.pathParams[param.name];
      else continue;
      if (raw === undefined) {
        if (param.required) {
          problems.push(`${param.in} parameter '${param.name}' is required`);
        }
        continue;
      }
      const schema = (param.schema ?? {}) as JsonObject;
      const value = coerce(raw, schema);
      const validate = this.ajv.compile(schema as object);
      if (!validate(value)) {
        problems.push(
          ...this.problems(validate, `${param.in} parameter '${param.name}'`),
        );
      }
    }
    return problems;
  }

  /**
   * Checks a response against the operation: the status must be declared
   * and, where the document gives a JSON schema, the body must match it.
   * Returns the problems, empty when the response is valid; `undefined`
   * when the status is not declared at all (the caller decides whether a
   * fact outside the document, such as 403 for a missing scope, applies).
   */
  validateResponse(
    match: MatchedOperation,
    status: number,
    body: unknown,
  ): string[] | undefined {
    const operation = this.operation(match);
    const declared = operation.responses?.[String(status)];
    if (!declared) return undefined;
    const response = this.resolveRef(declared as { $ref?: string }) as {
      content?: Record<string, { schema?: Json }>;
    };
    if (!response.content?.['application/json']?.schema) return [];
    const pointer = [
      'paths',
      match.template,
      match.method,
      'responses',
      String(status),
      'content',
      'application/json',
      'schema',
    ]
      .map(pointerEscape)
      .join('/');
    // Responses given by $ref are validated through the component.
    const base = (declared as { $ref?: string }).$ref
      ? `${(declared as { $ref: string }).$ref.replace(
          /^#/,
          '',
        )}/content/application~1json/schema`
      : `/${pointer}`;
    const validate = this.validator(base);
    return validate(body)
      ? []
      : this.problems(
          validate,
          `${match.method.toUpperCase()} ${match.template} ${status} body`,
        );
  }

  /** Validates a value against a schema outside the document (facts from the specs README). */
  validateFact(schema: object, value: unknown, where: string): string[] {
    const validate = this.ajv.compile(schema);
    return validate(value) ? [] : this.problems(validate, where);
  }
}

function coerce(raw: string, schema: JsonObject): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (
    (types.includes('number') || types.includes('integer')) &&
    raw.trim() !== '' &&
    !Number.isNaN(Number(raw))
  ) {
    return Number(raw);
  }
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) {
    return raw === 'true';
  }
  return raw;
}
