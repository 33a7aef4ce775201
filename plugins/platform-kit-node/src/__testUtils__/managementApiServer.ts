import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { OpenApiMatch } from '@platform-kit/connector-sdk';
import { Pool, QueryResult } from 'pg';
import { loadManagementApiContract } from './managementApiContract';

/**
 * A local stand-in for the Supabase Management API's
 * `POST /v1/projects/{ref}/database/query` (operation `v1-run-a-query`),
 * running the SQL on a real PostgreSQL database. Every request is checked
 * against Platform Kit's contract (`supabase-management-api.yaml` beside
 * this file): what it does not allow is answered 400 and recorded in
 * `violations`, as is every answer of the stand-in that breaks it.
 */

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
  /** Requests and answers that broke the contract; a test expects none. */
  violations: string[];
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
  const contract = loadManagementApiContract();
  const projectRef = options.projectRef ?? 'abcdefghijklmnopqrst';
  const token =
    options.token ?? `sbp_${crypto.randomBytes(20).toString('hex')}`;
  const limit = options.rateLimit ?? 120;
  const pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
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
      /** Answers; an answer the contract declares is checked against it first. */
      const send = (status: number, payload: unknown, match?: OpenApiMatch) => {
        record.status = status;
        const all = { ...headers, 'content-type': 'application/json' };
        record.responseHeaders = all;
        const problems = match
          ? contract.responseProblems(match, status, {
              body: payload,
              contentType: all['content-type'],
              headers: all,
            })
          : undefined;
        violations.push(...(problems ?? []).map(p => `response: ${p}`));
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
    send: (status: number, payload: unknown, match?: OpenApiMatch) => void,
  ): Promise<void> {
    const url = new URL(record.path, 'http://localhost');
    const match = contract.match(record.method, url.pathname);
    if (!match) {
      violations.push(
        `request: ${record.method} ${url.pathname} is not in the contract`,
      );
      if (contract.match('POST', url.pathname)) {
        send(405, { message: 'Method not allowed' });
      } else {
        send(404, { message: 'Cannot find the requested resource' });
      }
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
        send(429, { message: 'Too many requests' }, match);
      } else {
        // 502-504 come from the gateway in front of the API: not in the contract.
        send(
          episode.status,
          { message: episode.message ?? http.STATUS_CODES[episode.status] },
          episode.status === 500 ? match : undefined,
        );
      }
      return;
    }

    const authorization = record.headers.authorization ?? '';
    if (authorization !== `Bearer ${token}`) {
      send(401, { message: 'Unauthorized' }, match);
      return;
    }

    const problems = contract.requestProblems(match, {
      body,
      contentType: record.headers['content-type'],
    });
    if (problems.length > 0) {
      violations.push(
        ...problems.map(p => `request: POST ${url.pathname}: ${p}`),
      );
      // Outside the contract on purpose: the request broke it.
      send(400, { message: problems.join('; ') });
      return;
    }
    if (match.pathParams.ref !== projectRef) {
      send(403, { message: 'Forbidden action' }, match);
      return;
    }

    if (windowCount > limit) {
      headers['retry-after'] = String(resetSeconds);
      send(429, { message: 'Too many requests' }, match);
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
      send(201, lastRows(result), match);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      send(500, { message: sqlFailureMessage(error) }, match);
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
    violations,
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
