import { z } from 'zod';
import {
  CompiledOperation,
  compileDocument,
  mediaType,
} from './compileDocument';
import { coerceParameter, searchParamsToQuery } from './parameters';
import { OpenApiMatch, OpenApiRequest, OpenApiResponse } from './types';

const documentSchema = z.looseObject({
  openapi: z
    .string()
    .regex(/^3\.[01]\.\d+$/, 'must be an OpenAPI 3.0.x or 3.1.x version'),
  info: z.looseObject({ title: z.string().min(1), version: z.string() }),
  servers: z.array(z.looseObject({ url: z.string() })).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  paths: z.record(
    z.string().startsWith('/', 'a path starts with /'),
    z.record(z.string(), z.unknown()),
  ),
  components: z.record(z.string(), z.unknown()).optional(),
});

/**
 * An OpenAPI 3.0 or 3.1 contract (a vendor API as our clients use it, or the
 * control plane's own REST document), compiled so that a stand-in server can
 * check every request it receives and every response it sends, and a test
 * can check a real server's answers. Schemas may use the JSON Schema subset
 * that {@link SchemaCompiler} supports; anything else is refused when the
 * contract is built, so no constraint goes unchecked.
 *
 * @example
 * ```ts
 * const contract = new OpenApiContract(parseYaml(text), file);
 * const match = contract.match('GET', url.pathname);
 * const problems = match ? contract.requestProblems(match, { query: url.searchParams }) : ['not in the contract'];
 * ```
 *
 * @public
 */
export class OpenApiContract {
  /** `info.title` of the document. */
  readonly title: string;
  private readonly operations: CompiledOperation[];

  /**
   * @param document - the parsed document (YAML or JSON).
   * @param source - where it came from, for messages (e.g. its file).
   * @throws Error naming `source` and the place when the document is not an
   * OpenAPI 3.0 or 3.1 document, a `$ref` does not resolve or a schema uses a
   * keyword outside the supported subset.
   */
  constructor(document: unknown, source = 'the OpenAPI contract') {
    const parsed = documentSchema.safeParse(document);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${source} is not an OpenAPI 3.0 or 3.1 document: ${
          issue.path.join('.') || '(root)'
        } ${issue.message}`,
      );
    }
    this.title = parsed.data.info.title;
    try {
      this.operations = compileDocument(parsed.data);
    } catch (error) {
      throw new Error(`${source}: ${(error as Error).message}`);
    }
  }

  /**
   * The operation a request addresses, or undefined when the contract has
   * no such path and method. `path` is the request's whole path (a server's
   * base path such as `/api/v1` included); a literal segment beats a
   * template (`/workflows/archived` over `/workflows/{id}`).
   */
  match(method: string, path: string): OpenApiMatch | undefined {
    const lower = method.toLowerCase();
    let best: CompiledOperation | undefined;
    let found: RegExpExecArray | null = null;
    for (const operation of this.operations) {
      if (operation.method !== lower) continue;
      const result = operation.regexp.exec(path);
      if (!result) continue;
      if (best && best.literalSegments >= operation.literalSegments) continue;
      best = operation;
      found = result;
    }
    if (!best || !found) return undefined;
    const values = found.slice(1);
    return {
      method: best.method,
      path: best.path,
      pathParams: Object.fromEntries(
        best.names.map((name, i) => [name, decodeSegment(values[i])]),
      ),
      operationId: best.operationId,
      extensions: best.extensions,
      security: best.security,
    };
  }

  /**
   * Problems of a request: query parameters the contract does not declare,
   * repeated or missing ones, parameter values that do not fit their schema
   * (text is read as the declared number or boolean) and the body. Empty
   * when the request is valid.
   */
  requestProblems(match: OpenApiMatch, request: OpenApiRequest = {}): string[] {
    const operation = this.compiled(match);
    const query =
      request.query instanceof URLSearchParams
        ? searchParamsToQuery(request.query)
        : request.query ?? {};
    const problems: string[] = [];
    for (const [name, value] of Object.entries(query)) {
      if (
        value !== undefined &&
        !operation.parameters.some(p => p.in === 'query' && p.name === name)
      ) {
        problems.push(`query parameter '${name}' is not in the contract`);
      }
    }
    for (const parameter of operation.parameters) {
      let raw: unknown;
      if (parameter.in === 'query') raw = query[parameter.name];
      else if (parameter.in === 'path') raw = match.pathParams[parameter.name];
      else continue;
      const where = `${parameter.in} parameter '${parameter.name}'`;
      if (raw === undefined) {
        if (parameter.required) problems.push(`${where} is required`);
        continue;
      }
      const coerced = coerceParameter(raw, parameter.schema, parameter.json);
      problems.push(
        ...(coerced.problem !== undefined
          ? [`${where} ${coerced.problem}`]
          : parameter.validate(coerced.value, where)),
      );
    }
    return [...problems, ...bodyProblems(operation, request)];
  }

  /**
   * Problems of a response: its declared headers, content type and body.
   * Returns undefined when the contract does not declare the status at all
   * (the caller decides what that means).
   */
  responseProblems(
    match: OpenApiMatch,
    status: number,
    response: OpenApiResponse = {},
  ): string[] | undefined {
    const declared = this.compiled(match).responses.get(String(status));
    if (!declared) return undefined;
    const where = `${match.method.toUpperCase()} ${match.path} ${status}`;
    const headers = new Map(
      Object.entries(response.headers ?? {}).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const problems: string[] = [];
    for (const header of declared.headers) {
      const raw = headers.get(header.name);
      const at = `${where} header '${header.name}'`;
      if (raw === undefined) {
        if (header.required) problems.push(`${at} is required`);
        continue;
      }
      const text = Array.isArray(raw) ? raw.join(', ') : String(raw);
      const coerced = coerceParameter(text, header.schema, false);
      problems.push(
        ...(coerced.problem !== undefined
          ? [`${at} ${coerced.problem}`]
          : header.validate(coerced.value, at)),
      );
    }
    if (declared.content.size === 0) return problems;
    const type = response.contentType
      ? mediaType(response.contentType)
      : [...declared.content.keys()][0];
    const validate = declared.content.get(type);
    if (!validate) {
      return [...problems, `${where} content type '${type}' is not declared`];
    }
    return [...problems, ...validate(response.body, `${where} body`)];
  }

  /** The statuses the contract declares for the operation. */
  declaredStatuses(match: OpenApiMatch): number[] {
    return [...this.compiled(match).responses.keys()].map(Number);
  }

  private compiled(match: OpenApiMatch): CompiledOperation {
    const operation = this.operations.find(
      o => o.method === match.method && o.path === match.path,
    );
    if (!operation) {
      throw new Error(`${match.method} ${match.path} is not in the contract`);
    }
    return operation;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function bodyProblems(
  operation: CompiledOperation,
  request: OpenApiRequest,
): string[] {
  if (!operation.body) {
    return request.body === undefined ? [] : ['the operation takes no body'];
  }
  if (request.body === undefined) {
    return operation.body.required ? ['a body is required'] : [];
  }
  const type = request.contentType ? mediaType(request.contentType) : '';
  const validate = operation.body.content.get(type);
  if (!validate) {
    return [
      `content-type must be ${[...operation.body.content.keys()].join(
        ' or ',
      )}, not ${type || 'missing'}`,
    ];
  }
  return validate(request.body, 'body');
}
