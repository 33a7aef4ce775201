import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from '@platform-kit/devtools';
import { Pool, QueryResult } from 'pg';

/**
 * A local stand-in for the Supabase Management API's
 * `POST /v1/projects/{ref}/database/query` (operation `v1-run-a-query`),
 * checked against the vendor's OpenAPI document and running the SQL on a real
 * PostgreSQL database.
 */

const OPERATION_PATH = '/v1/projects/{ref}/database/query';

type JsonSchema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema: JsonSchema }[];
        requestBody?: {
          content: Record<string, { schema: JsonSchema }>;
        };
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
}

/**
 * The vendor's OpenAPI document: `$PLATFORM_KIT_SPECS_DIR`, else `../shared/specs`
 * beside the repository (specs are referenced, not committed).
 */
export const SUPABASE_MANAGEMENT_API_SPEC = path.join(
  process.env.PLATFORM_KIT_SPECS_DIR ??
    path.join(repoRoot(), '..', 'shared', 'specs'),
  'supabase-management-api-v1.json',
);

let specCache: OpenApiDocument | undefined;
function loadSpec(): OpenApiDocument {
  if (!specCache) {
    if (!fs.existsSync(SUPABASE_MANAGEMENT_API_SPEC)) {
      throw new Error(
        `The Supabase Management API spec is not at ${SUPABASE_MANAGEMENT_API_SPEC}: put shared/specs beside the repository or set PLATFORM_KIT_SPECS_DIR.`,
      );
    }
    specCache = JSON.parse(
      fs.readFileSync(SUPABASE_MANAGEMENT_API_SPEC, 'utf8'),
    ) as OpenApiDocument;
  }
  return specCache;
}

function resolve(spec: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`unknown schema reference ${schema.$ref}`);
  return resolve(spec, target);
}

/**
 * Validates `value` against the subset of JSON Schema the operation uses
 * (type, properties, required, items, minLength, maxLength, pattern).
 * Returns the problems, empty when valid.
 */
export function validateJsonSchema(
  spec: OpenApiDocument,
  schemaOrRef: JsonSchema,
  value: unknown,
  at = '',
): string[] {
  const schema = resolve(spec, schemaOrRef);
  const where = at || 'body';
  const problems: string[] = [];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${where} must be an object`];
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (record[key] === undefined)
          problems.push(`${at ? `${at}.` : ''}${key} is required`);
      }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (record[key] !== undefined) {
          problems.push(
            ...validateJsonSchema(
              spec,
              sub,
              record[key],
              `${at ? `${at}.` : ''}${key}`,
            ),
          );
        }
      }
      return problems;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${where} must be an array`];
      return schema.items
        ? value.flatMap((item, i) =>
            validateJsonSchema(spec, schema.items!, item, `${where}[${i}]`),
          )
        : [];
    case 'string':
      if (typeof value !== 'string') return [`${where} must be a string`];
      if (schema.minLength !== undefined && value.length < schema.minLength)
        problems.push(
          `${where} must be at least ${schema.minLength} characters`,
        );
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        problems.push(
          `${where} must be at most ${schema.maxLength} characters`,
        );
      if (
        schema.pattern !== undefined &&
        !new RegExp(schema.pattern).test(value)
      )
        problems.push(`${where} must match ${schema.pattern}`);
      return problems;
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${where} must be a boolean`];
    case 'number':
    case 'integer':
      return typeof value === 'number' ? [] : [`${where} must be a number`];
    default:
      return [];
  }
}

/** A scripted answer for the next request(s), before auth and SQL. */
export type Episode =
  | {
      status: 429;
      /** `Retry-After` value (seconds or an HTTP date); omitted: none sent. */
      retryAfter?: number | string;
      /** `X-RateLimit-Reset` value; defaults to the window's seconds until reset. */
      rateLimitReset?: number | string;
    }
  | { status: 500 | 502 | 503 | 504; message?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  status: number;
  /** The response's headers. */
  responseHeaders: Record<string, string>;
}

export interface ManagementApiServerOptions {
  /** The database that queries run on (a superuser URL, like the real API's `postgres` role). */
  databaseUrl: string;
  /** Default: a fixed valid ref. */
  projectRef?: string;
  /** Default: a random token. */
  token?: string;
  /** Requests per minute before 429 (default 120, as the real API). */
  rateLimit?: number;
}

export interface ManagementApiServer {
  /** `http://127.0.0.1:<port>`, to pass as `baseUrl`. */
  baseUrl: string;
  projectRef: string;
  token: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** The next `count` requests answer with `episode`. */
  failNext(count: number, episode: Episode): void;
  close(): Promise<void>;
}

const RATE_WINDOW_MS = 60_000;

function sqlFailureMessage(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return `Failed to run sql query: ERROR:  ${e.code ?? 'XX000'}: ${
    e.message ?? String(error)
  }`;
}

function lastRows(result: QueryResult | QueryResult[]): unknown[] {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return last?.rows ?? [];
}

export async function startManagementApiServer(
  options: ManagementApiServerOptions,
): Promise<ManagementApiServer> {
  const spec = loadSpec();
  const operation = spec.paths[OPERATION_PATH]?.post;
  if (!operation) throw new Error(`the spec has no POST ${OPERATION_PATH}`);
  const refSchema = operation.parameters?.find(
    p => p.in === 'path' && p.name === 'ref',
  )?.schema;
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  if (!refSchema || !bodySchema)
    throw new Error(`the spec's POST ${OPERATION_PATH} lacks ref or body`);

  const projectRef = options.projectRef ?? 'abcdefghijklmnopqrst';
  const token =
    options.token ?? `sbp_${crypto.randomBytes(20).toString('hex')}`;
  const limit = options.rateLimit ?? 120;
  const pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  const requests: RecordedRequest[] = [];
  const episodes: Episode[] = [];
  let windowStart = Date.now();
  let windowCount = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // recorded as text, rejected below
      }
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        status: 0,
        responseHeaders: {},
      };
      requests.push(record);

      const now = Date.now();
      if (now - windowStart >= RATE_WINDOW_MS) {
        windowStart = now;
        windowCount = 0;
      }
      windowCount++;
      const resetSeconds = Math.max(
        1,
        Math.ceil((windowStart + RATE_WINDOW_MS - now) / 1000),
      );
      const headers: Record<string, string> = {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - windowCount)),
        'x-ratelimit-reset': String(resetSeconds),
      };
      const send = (status: number, payload: unknown) => {
        record.status = status;
        const all = { ...headers, 'content-type': 'application/json' };
        record.responseHeaders = all;
        res.writeHead(status, all);
        res.end(JSON.stringify(payload));
      };

      handle(record, body, headers, resetSeconds, send).catch(error =>
        send(500, { message: String((error as Error).message ?? error) }),
      );
    });
  });

  async function handle(
    record: RecordedRequest,
    body: unknown,
    headers: Record<string, string>,
    resetSeconds: number,
    send: (status: number, payload: unknown) => void,
  ): Promise<void> {
    const url = new URL(record.path, 'http://localhost');
    const match = /^\/v1\/projects\/([^/]+)\/database\/query$/.exec(
      url.pathname,
    );
    if (!match) {
      send(404, { message: 'Cannot find the requested resource' });
      return;
    }
    if (record.method !== 'POST') {
      send(405, { message: 'Method not allowed' });
      return;
    }

    const episode = episodes.shift();
    if (episode) {
      if (episode.status === 429) {
        if (episode.retryAfter !== undefined)
          headers['retry-after'] = String(episode.retryAfter);
        headers['x-ratelimit-remaining'] = '0';
        headers['x-ratelimit-reset'] = String(
          episode.rateLimitReset ?? resetSeconds,
        );
        send(429, { message: 'Too many requests' });
      } else {
        send(episode.status, {
          message: episode.message ?? http.STATUS_CODES[episode.status],
        });
      }
      return;
    }

    const authorization = record.headers.authorization ?? '';
    if (authorization !== `Bearer ${token}`) {
      send(401, { message: 'Unauthorized' });
      return;
    }

    const ref = decodeURIComponent(match[1]);
    const refProblems = validateJsonSchema(spec, refSchema!, ref, 'ref');
    if (refProblems.length > 0) {
      send(400, { message: refProblems.join('; ') });
      return;
    }
    if (ref !== projectRef) {
      send(403, { message: 'Forbidden action' });
      return;
    }
    if (typeof body === 'string') {
      send(400, { message: 'the body is not JSON' });
      return;
    }
    const bodyProblems = validateJsonSchema(spec, bodySchema!, body);
    if (bodyProblems.length > 0) {
      send(400, { message: bodyProblems.join('; ') });
      return;
    }

    if (windowCount > limit) {
      headers['retry-after'] = String(resetSeconds);
      send(429, { message: 'Too many requests' });
      return;
    }

    const {
      query,
      parameters,
      read_only: readOnly,
    } = body as {
      query: string;
      parameters?: unknown[];
      read_only?: boolean;
    };
    const client = await pool.connect();
    try {
      if (readOnly) await client.query('BEGIN TRANSACTION READ ONLY');
      const result =
        parameters && parameters.length > 0
          ? await client.query(query, parameters)
          : await client.query(query);
      if (readOnly) await client.query('COMMIT');
      send(201, lastRows(result));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      send(500, { message: sqlFailureMessage(error) });
    } finally {
      client.release();
    }
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    projectRef,
    token,
    requests,
    failNext(count, episode) {
      for (let i = 0; i < count; i++) episodes.push(episode);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolveClose =>
        server.close(() => resolveClose()),
      );
      await pool.end();
    },
  };
}
