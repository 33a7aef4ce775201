import { resolveLocalRef, serverBasePath } from './documentPaths';
import { SchemaCompiler, SchemaValidator } from './jsonSchema';
import { OpenApiSecurityScheme } from './types';

/**
 * Turns the operations of an OpenAPI 3.0 document into matchers and
 * validators: parameters (path-level and operation-level), request bodies,
 * responses with their headers, and security requirements, every `$ref`
 * resolved. Fails on the first thing it cannot compile, naming its place.
 */

type Node = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export interface CompiledParameter {
  name: string;
  in: string;
  required: boolean;
  /** The resolved schema (its `type` drives coercion of text). */
  schema: Node;
  /** Given by `content` (JSON) rather than `schema`. */
  json: boolean;
  validate: SchemaValidator;
}

export interface CompiledHeader {
  /** Lower case. */
  name: string;
  required: boolean;
  schema: Node;
  validate: SchemaValidator;
}

export interface CompiledResponse {
  /** Media type (lower case) → body validator. */
  content: Map<string, SchemaValidator>;
  headers: CompiledHeader[];
}

export interface CompiledOperation {
  method: string;
  path: string;
  regexp: RegExp;
  names: string[];
  literalSegments: number;
  operationId?: string;
  extensions: Record<string, unknown>;
  security: OpenApiSecurityScheme[][];
  parameters: CompiledParameter[];
  body?: { required: boolean; content: Map<string, SchemaValidator> };
  responses: Map<string, CompiledResponse>;
}

/** The media type of a `Content-Type` value, without parameters. */
export const mediaType = (contentType: string) =>
  contentType.split(';')[0].trim().toLowerCase();

/** The path part of the first server's URL (`/api/v1`), without a trailing slash. */
function serverPath(servers: unknown): string | undefined {
  if (!Array.isArray(servers) || servers.length === 0) return undefined;
  return serverBasePath(String((servers[0] as Node).url ?? ''));
}

function templateRegExp(template: string) {
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

class DocumentCompiler {
  private readonly schemas: SchemaCompiler;

  constructor(private readonly document: Node) {
    this.schemas = new SchemaCompiler(ref => this.resolveRef(ref));
  }

  compile(): CompiledOperation[] {
    const operations: CompiledOperation[] = [];
    const docServer = serverPath(this.document.servers) ?? '';
    for (const [path, item] of Object.entries(
      this.document.paths as Record<string, Node>,
    )) {
      const base = serverPath(item.servers) ?? docServer;
      for (const method of METHODS) {
        if (item[method]) {
          operations.push(this.operation(method, path, base, item));
        }
      }
    }
    return operations;
  }

  private resolveRef(ref: string): unknown {
    if (!ref.startsWith('#/')) {
      throw new Error(`only local references are supported, not ${ref}`);
    }
    const node = resolveLocalRef(this.document, ref);
    if (node === undefined) throw new Error(`${ref} does not resolve`);
    return node;
  }

  /** The object itself, or what its `$ref` (chain) points at. */
  private deref(node: unknown, at: string): Node {
    let current = node as Node;
    for (let hops = 0; typeof current?.$ref === 'string'; hops++) {
      if (hops > 20) throw new Error(`${at}: $ref chain too long`);
      current = this.resolveRef(current.$ref) as Node;
    }
    if (typeof current !== 'object' || current === null) {
      throw new Error(`${at}: expected an object`);
    }
    return current;
  }

  private operation(
    method: string,
    path: string,
    base: string,
    item: Node,
  ): CompiledOperation {
    const operation = item[method] as Node;
    const at = `paths.${path}.${method}`;
    const byKey = new Map<string, Node>();
    for (const [i, raw] of [
      ...(item.parameters ?? []),
      ...(operation.parameters ?? []),
    ].entries()) {
      const parameter = this.deref(raw, `${at}.parameters[${i}]`);
      byKey.set(`${parameter.in}:${parameter.name}`, parameter);
    }
    const responses = new Map<string, CompiledResponse>();
    for (const [status, raw] of Object.entries(
      (operation.responses ?? {}) as Node,
    )) {
      const where = `${at}.responses.${status}`;
      responses.set(status, this.response(this.deref(raw, where), where));
    }
    const body = operation.requestBody
      ? this.deref(operation.requestBody, `${at}.requestBody`)
      : undefined;
    return {
      method,
      path,
      ...templateRegExp(`${base}${path}`),
      operationId: operation.operationId,
      extensions: Object.fromEntries(
        Object.entries(operation).filter(([key]) => key.startsWith('x-')),
      ),
      security: this.security(
        operation.security ?? this.document.security ?? [],
        at,
      ),
      parameters: [...byKey.values()].map(p =>
        this.parameter(p, `${at}.parameters.${p.name}`),
      ),
      body: body && {
        required: body.required === true,
        content: this.content(body.content, `${at}.requestBody`),
      },
      responses,
    };
  }

  private parameter(parameter: Node, at: string): CompiledParameter {
    const json = parameter.content !== undefined;
    const schema: Node | undefined = json
      ? parameter.content['application/json']?.schema
      : parameter.schema;
    if (!schema) throw new Error(`${at}: no schema`);
    return {
      name: parameter.name,
      in: parameter.in,
      required: parameter.required === true,
      schema: this.deref(schema, at),
      json,
      validate: this.schemas.compile(schema, at),
    };
  }

  private response(response: Node, at: string): CompiledResponse {
    return {
      content: this.content(response.content, at),
      headers: Object.entries((response.headers ?? {}) as Node).map(
        ([name, raw]) => {
          const where = `${at}.headers.${name}`;
          const header = this.deref(raw, where);
          const schema = header.schema ?? {};
          return {
            name: name.toLowerCase(),
            required: header.required === true,
            schema: this.deref(schema, where),
            validate: this.schemas.compile(schema, where),
          };
        },
      ),
    };
  }

  private content(
    content: Node | undefined,
    at: string,
  ): Map<string, SchemaValidator> {
    return new Map(
      Object.entries(content ?? {}).map(([type, media]) => [
        type.toLowerCase(),
        this.schemas.compile((media as Node).schema ?? {}, `${at}.${type}`),
      ]),
    );
  }

  private security(
    requirements: Record<string, string[]>[],
    at: string,
  ): OpenApiSecurityScheme[][] {
    const schemes = (this.document.components?.securitySchemes ?? {}) as Node;
    return requirements.map(requirement =>
      Object.keys(requirement).map(id => {
        if (!schemes[id]) {
          throw new Error(`${at}: security scheme '${id}' is not defined`);
        }
        const scheme = this.deref(schemes[id], `securitySchemes.${id}`);
        return {
          id,
          type: scheme.type,
          in: scheme.in,
          parameterName: scheme.name,
          scheme: scheme.scheme,
        };
      }),
    );
  }
}

/** Compiles every operation of a (structurally checked) OpenAPI 3.0 document. */
export function compileDocument(document: Record<string, unknown>) {
  return new DocumentCompiler(document).compile();
}
