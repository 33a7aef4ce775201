import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OpenApiDocument, OpenApiOperation, readSupersetSpec } from './specs';

/**
 * The Superset operations the connector calls, as the spec names them.
 *
 * @public
 */
export const SUPERSET_OPERATIONS = {
  login: { method: 'post', path: '/api/v1/security/login' },
  dashboards: { method: 'get', path: '/api/v1/dashboard/' },
  datasets: { method: 'get', path: '/api/v1/dataset/' },
  charts: { method: 'get', path: '/api/v1/chart/' },
  dashboardDatasets: {
    method: 'get',
    path: '/api/v1/dashboard/{id_or_slug}/datasets',
  },
} as const;

/**
 * One of {@link SUPERSET_OPERATIONS}.
 *
 * @public
 */
export type SupersetOperation = keyof typeof SUPERSET_OPERATIONS;

/**
 * Known defect of the published document: in the `*RestApi.get_list` item
 * schemas the to-many relations (`owners`, `tags`, `roles`, `dashboards`)
 * reference a single object, while Superset answers a list of them (see
 * apache/superset#24257, where `/api/v1/dataset` returns an `owners`
 * array). The validator checks them as arrays of the referenced schema.
 */
const TO_MANY_RELATIONS = new Set(['owners', 'tags', 'roles', 'dashboards']);
const LIST_ITEM_SCHEMA = /RestApi\.get_list$/;

type Schema = Record<string, any>;

interface CompiledOperation {
  operation: OpenApiOperation;
  query: Map<string, { required: boolean; validate: ValidateFunction }>;
  path: Map<string, ValidateFunction>;
  body?: { required: boolean; validate: ValidateFunction };
  responses: Map<string, ValidateFunction | undefined>;
}

function problemsOf(validate: ValidateFunction, where: string): string[] {
  return (validate.errors ?? []).map(
    error =>
      `${where}${error.instancePath || ''} ${error.message ?? 'is invalid'}`,
  );
}

/**
 * Checks requests and responses of the operations in
 * {@link SUPERSET_OPERATIONS} against Superset's OpenAPI document: only those
 * operations are compiled (the document has 177 paths), with every `$ref`
 * resolved.
 *
 * @public
 */
export class SupersetSpecValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<SupersetOperation, CompiledOperation>();

  constructor(private readonly document: OpenApiDocument = readSupersetSpec()) {
    addFormats(this.ajv);
    for (const key of Object.keys(SUPERSET_OPERATIONS) as SupersetOperation[]) {
      this.compiled.set(key, this.compile(key));
    }
  }

  /** Whether the operation requires the `jwt` (Bearer) security scheme. */
  requiresJwt(operation: SupersetOperation): boolean {
    return (this.get(operation).operation.security ?? []).some(
      requirement => 'jwt' in requirement,
    );
  }

  /**
   * Problems of a request: undocumented or missing query and path
   * parameters, parameter values (already decoded, e.g. the rison `q`) and
   * the JSON body. Empty when the request is valid.
   */
  requestProblems(
    operation: SupersetOperation,
    request: {
      query?: Record<string, unknown>;
      path?: Record<string, string>;
      body?: unknown;
      contentType?: string;
    },
  ): string[] {
    const compiled = this.get(operation);
    const problems: string[] = [];
    const query = request.query ?? {};
    for (const name of Object.keys(query)) {
      if (!compiled.query.has(name)) {
        problems.push(`query parameter '${name}' is not documented`);
      }
    }
    for (const [name, parameter] of compiled.query) {
      if (query[name] === undefined) {
        if (parameter.required) {
          problems.push(`query parameter '${name}' is required`);
        }
      } else if (!parameter.validate(query[name])) {
        problems.push(...problemsOf(parameter.validate, `query.${name}`));
      }
    }
    for (const [name, validate] of compiled.path) {
      const value = request.path?.[name];
      if (value === undefined)
        problems.push(`path parameter '${name}' is required`);
      else if (!validate(value))
        problems.push(...problemsOf(validate, `path.${name}`));
    }
    if (compiled.body) {
      if (request.body === undefined) {
        if (compiled.body.required) problems.push('a JSON body is required');
      } else {
        if (!request.contentType?.startsWith('application/json')) {
          problems.push(
            `content-type must be application/json, not ${
              request.contentType ?? 'missing'
            }`,
          );
        }
        if (!compiled.body.validate(request.body)) {
          problems.push(...problemsOf(compiled.body.validate, 'body'));
        }
      }
    } else if (request.body !== undefined) {
      problems.push('the operation takes no body');
    }
    return problems;
  }

  /** Whether the spec documents `status` for the operation. */
  documents(operation: SupersetOperation, status: number): boolean {
    return this.get(operation).responses.has(String(status));
  }

  /** Problems of a JSON response; an undocumented status is one. */
  responseProblems(
    operation: SupersetOperation,
    status: number,
    body: unknown,
  ): string[] {
    const responses = this.get(operation).responses;
    if (!responses.has(String(status))) {
      const { method, path } = SUPERSET_OPERATIONS[operation];
      return [`${method.toUpperCase()} ${path} does not document ${status}`];
    }
    const validate = responses.get(String(status));
    if (!validate || validate(body)) return [];
    return problemsOf(validate, 'response');
  }

  private get(operation: SupersetOperation): CompiledOperation {
    return this.compiled.get(operation)!;
  }

  private compile(key: SupersetOperation): CompiledOperation {
    const { method, path } = SUPERSET_OPERATIONS[key];
    const operation = this.document.paths[path]?.[method];
    if (!operation) {
      throw new Error(`Superset's spec has no ${method} ${path}`);
    }
    const query = new Map<
      string,
      { required: boolean; validate: ValidateFunction }
    >();
    const pathParams = new Map<string, ValidateFunction>();
    for (const parameter of operation.parameters ?? []) {
      const schema =
        parameter.schema ?? parameter.content?.['application/json']?.schema;
      const validate = this.ajv.compile(this.resolve(schema ?? {}) as Schema);
      if (parameter.in === 'query') {
        query.set(parameter.name, {
          required: parameter.required ?? false,
          validate,
        });
      } else if (parameter.in === 'path') {
        pathParams.set(parameter.name, validate);
      }
    }
    const bodySchema =
      operation.requestBody?.content['application/json']?.schema;
    const responses = new Map<string, ValidateFunction | undefined>();
    for (const [status, response] of Object.entries(operation.responses)) {
      const resolved = this.resolve(response) as Schema;
      const schema = resolved.content?.['application/json']?.schema;
      responses.set(status, schema ? this.ajv.compile(schema) : undefined);
    }
    return {
      operation,
      query,
      path: pathParams,
      body: bodySchema
        ? {
            required: operation.requestBody?.required ?? false,
            validate: this.ajv.compile(this.resolve(bodySchema) as Schema),
          }
        : undefined,
      responses,
    };
  }

  /** Inlines every `#/components/...` reference (with the errata applied). */
  private resolve(node: unknown, seen: string[] = []): unknown {
    if (Array.isArray(node)) return node.map(item => this.resolve(item, seen));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as Schema).$ref;
    if (typeof ref === 'string') {
      if (seen.includes(ref)) {
        throw new Error(`circular reference ${[...seen, ref].join(' → ')}`);
      }
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<any>((at, part) => at?.[part], this.document);
      if (target === undefined) throw new Error(`unknown reference ${ref}`);
      const resolved = this.resolve(target, [...seen, ref]) as Schema;
      return LIST_ITEM_SCHEMA.test(ref)
        ? this.toManyAsArrays(resolved)
        : resolved;
    }
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        this.resolve(value, seen),
      ]),
    );
  }

  private toManyAsArrays(schema: Schema): Schema {
    const properties = Object.fromEntries(
      Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(
        ([name, property]) =>
          TO_MANY_RELATIONS.has(name) && property.type === 'object'
            ? [name, { type: 'array', items: property }]
            : [name, property],
      ),
    );
    return { ...schema, properties };
  }
}
