/**
 * A security scheme an operation accepts (from `components.securitySchemes`).
 *
 * @public
 */
export interface OpenApiSecurityScheme {
  /** Its key in `components.securitySchemes`, e.g. `ApiKeyAuth`. */
  id: string;
  /** `apiKey`, `http`, ... */
  type: string;
  /** For `apiKey`: where the key goes (`header`, `query`, `cookie`). */
  in?: string;
  /** For `apiKey`: the header or parameter name, e.g. `X-N8N-API-KEY`. */
  parameterName?: string;
  /** For `http`: the scheme, e.g. `bearer`. */
  scheme?: string;
}

/**
 * One operation of a contract, as a request matched it.
 *
 * @public
 */
export interface OpenApiMatch {
  /** Lower case, as OpenAPI keys it (`get`). */
  method: string;
  /** The path template, e.g. `/workflows/{workflowId}`. */
  path: string;
  pathParams: Record<string, string>;
  operationId?: string;
  /** The operation's `x-*` extensions, e.g. `x-required-scope`. */
  extensions: Record<string, unknown>;
  /**
   * The accepted ways to authenticate: one of the inner lists must be
   * satisfied (all its schemes). Empty when the operation is open.
   */
  security: OpenApiSecurityScheme[][];
}

/**
 * A request as a stand-in received it.
 *
 * @public
 */
export interface OpenApiRequest {
  /**
   * Query parameters: a `URLSearchParams`, or values by name (a string as
   * received, a list when repeated, or a value already decoded, such as a
   * rison `q`).
   */
  query?: URLSearchParams | Record<string, unknown>;
  /** The parsed body; undefined when none was sent. */
  body?: unknown;
  contentType?: string;
}

/**
 * A response as a stand-in is about to send it, or as a client received it.
 *
 * @public
 */
export interface OpenApiResponse {
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string | number | string[] | undefined>;
}
