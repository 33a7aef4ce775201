import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  N8nTagFixture,
  N8nWorkflowFixture,
  tagResource,
  workflowListResource,
  workflowResource,
} from './n8nFixtures';
import { OpenApiMatch } from '@platform-kit/connector-sdk';
import { loadN8nContract } from './contract';

/**
 * A local stand-in for n8n, following the n8n Public API v1 contract for what
 * the connector reads:
 *
 * - `GET /api/v1/workflows` (`limit` ≤ 250, default 100; opaque `cursor`;
 *   `nextCursor` null on the last page; filters `active`, `tags`, `name`)
 * - `GET /api/v1/workflows/{workflowId}`
 * - `GET /api/v1/tags` (paged the same way)
 * - `GET /healthz` and `GET /healthz/readiness` (no authentication)
 *
 * Authentication is the `X-N8N-API-KEY` header: 401
 * `'X-N8N-API-KEY' header required` without it, 401 `unauthorized` for an
 * unknown key, 403 `Forbidden` for a key lacking the operation's
 * `x-required-scope`.
 *
 * Every request is checked against Platform Kit's n8n contract
 * (`contracts/n8n-public-api.yaml`, written from n8n's published OpenAPI
 * document): undeclared or ill-typed parameters get 400 and are recorded as
 * violations. Every response is checked against the contract's schema for
 * its status; a response outside the contract is recorded as a violation
 * and turned into a 500, so a test fails either way.
 */

/** Where the API is mounted (the contract's `servers[0].url`). */
const N8N_API_PREFIX = '/api/v1';

/**
 * The most `limit` n8n accepts.
 *
 * @public
 */
export const N8N_MAX_LIMIT = 250;
/**
 * The page size n8n uses without `limit`.
 *
 * @public
 */
export const N8N_DEFAULT_LIMIT = 100;

/**
 * The scopes an owner's key has (those the stand-in's operations need).
 *
 * @public
 */
export const ALL_SCOPES = ['workflow:list', 'workflow:read', 'tag:list'];

/**
 * A scripted answer for the next matching request(s), before authentication.
 *
 * @public
 */
export type N8nEpisode =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'error'; status: 500 | 502 | 503; message?: string }
  /** Closes the connection without an answer. */
  | { kind: 'drop' };

/**
 * Deliberate defects, to prove that contract tests catch a broken n8n.
 *
 * @public
 */
export interface N8nQuirks {
  /** Answers any key, even a wrong one. */
  acceptAnyKey?: boolean;
  /** Hands out the same `nextCursor` on every page, so paging never ends. */
  repeatCursor?: boolean;
}

/** @public */
export interface N8nServerOptions {
  workflows?: N8nWorkflowFixture[];
  tags?: N8nTagFixture[];
  /** API key → its scopes. Default: one random key with {@link ALL_SCOPES}. */
  apiKeys?: Record<string, string[]>;
  quirks?: N8nQuirks;
}

/** @public */
export interface N8nRecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  status: number;
}

/** @public */
export interface N8nServer {
  /** `http://127.0.0.1:<port>`, to pass as `baseUrl`. */
  baseUrl: string;
  /** The first configured key (all scopes unless configured otherwise). */
  apiKey: string;
  requests: N8nRecordedRequest[];
  /** Requests and responses that broke the contract; a test expects none. */
  violations: string[];
  /** The next `count` requests whose path starts with `pathPrefix` (default `/api/v1/`) get `episode`. */
  failNext(count: number, episode: N8nEpisode, pathPrefix?: string): void;
  /** Whether `/healthz/readiness` reports the database ready (default true). */
  setReady(ready: boolean): void;
  /** API requests (under `/api/v1/`) only. */
  apiRequests(): N8nRecordedRequest[];
  close(): Promise<void>;
}

interface Cursor {
  offset: number;
  limit: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0 &&
      Number.isInteger(parsed.limit) &&
      parsed.limit > 0
    ) {
      return parsed;
    }
  } catch {
    // not a cursor we handed out
  }
  return undefined;
}

/**
 * Starts the stand-in on a free port of 127.0.0.1.
 *
 * @public
 */
export async function startN8nServer(
  options: N8nServerOptions = {},
): Promise<N8nServer> {
  const contract = loadN8nContract();
  const tags = new Map((options.tags ?? []).map(t => [t.id, t]));
  const workflows = options.workflows ?? [];
  for (const workflow of workflows) {
    for (const id of workflow.tagIds ?? []) {
      if (!tags.has(id)) {
        throw new Error(`workflow ${workflow.id} has unknown tag ${id}`);
      }
    }
  }
  const apiKeys = options.apiKeys ?? {
    [`n8n_api_${crypto.randomBytes(16).toString('hex')}`]: ALL_SCOPES,
  };
  const quirks = options.quirks ?? {};
  const requests: N8nRecordedRequest[] = [];
  const violations: string[] = [];
  const episodes: { episode: N8nEpisode; pathPrefix: string }[] = [];
  let ready = true;

  function page<T>(
    items: T[],
    query: URLSearchParams,
  ): { data: T[]; nextCursor: string | null } | string {
    let cursor: Cursor = {
      offset: 0,
      limit: query.has('limit')
        ? Number(query.get('limit'))
        : N8N_DEFAULT_LIMIT,
    };
    const raw = query.get('cursor');
    if (raw) {
      const decoded = decodeCursor(raw);
      if (!decoded) return 'An invalid cursor was provided';
      cursor = decoded;
    }
    const end = cursor.offset + cursor.limit;
    let nextCursor: string | null = null;
    if (quirks.repeatCursor) {
      nextCursor = encodeCursor({ offset: cursor.limit, limit: cursor.limit });
    } else if (end < items.length) {
      nextCursor = encodeCursor({ offset: end, limit: cursor.limit });
    }
    return { data: items.slice(cursor.offset, end), nextCursor };
  }

  function listWorkflows(query: URLSearchParams) {
    let selected = workflows;
    if (query.has('active')) {
      const active = query.get('active') === 'true';
      selected = selected.filter(w => (w.active ?? false) === active);
    }
    const tagNames = query.get('tags');
    if (tagNames) {
      const wanted = tagNames.split(',').map(t => t.trim());
      selected = selected.filter(w =>
        wanted.every(name =>
          (w.tagIds ?? []).some(id => tags.get(id)?.name === name),
        ),
      );
    }
    const name = query.get('name');
    if (name) selected = selected.filter(w => w.name.includes(name));
    return page(
      selected.map(w => workflowListResource(w, tags)),
      query,
    );
  }

  function route(
    match: OpenApiMatch,
    query: URLSearchParams,
  ): { status: number; body: unknown; violation?: string } {
    switch (match.path) {
      case '/healthz':
        return { status: 200, body: { status: 'ok' } };
      case '/healthz/readiness':
        return {
          status: ready ? 200 : 503,
          body: { status: ready ? 'ok' : 'error' },
        };
      case '/workflows':
      case '/tags': {
        const result =
          match.path === '/tags'
            ? page([...tags.values()].map(tagResource), query)
            : listWorkflows(query);
        return typeof result === 'string'
          ? { status: 400, body: { message: result }, violation: result }
          : { status: 200, body: result };
      }
      case '/workflows/{workflowId}': {
        const workflow = workflows.find(
          w => w.id === match.pathParams.workflowId,
        );
        return workflow
          ? { status: 200, body: workflowResource(workflow, tags) }
          : { status: 404, body: { message: 'Not Found' } };
      }
      default:
        return {
          status: 404,
          body: { message: `the stand-in does not serve ${match.path}` },
        };
    }
  }

  /** Checks a response against the contract before it is sent. */
  function checkResponse(
    match: OpenApiMatch,
    status: number,
    body: unknown,
  ): string[] {
    return (
      contract.responseProblems(match, status, {
        body,
        contentType: 'application/json',
      }) ?? [
        `${match.method.toUpperCase()} ${
          match.path
        } ${status} is not a response the contract declares`,
      ]
    );
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    const record = (status: number) =>
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        status,
      });
    const send = (
      match: OpenApiMatch | undefined,
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      let finalStatus = status;
      let finalBody = body;
      if (match) {
        const problems = checkResponse(match, status, body);
        if (problems.length > 0) {
          violations.push(...problems.map(p => `response: ${p}`));
          finalStatus = 500;
          finalBody = {
            message: `stand-in response violates the contract: ${problems[0]}`,
          };
        }
      }
      record(finalStatus);
      res.writeHead(finalStatus, {
        'content-type': 'application/json; charset=utf-8',
        ...headers,
      });
      res.end(JSON.stringify(finalBody));
    };

    const episodeIndex = episodes.findIndex(e =>
      url.pathname.startsWith(e.pathPrefix),
    );
    if (episodeIndex >= 0) {
      const [{ episode }] = episodes.splice(episodeIndex, 1);
      if (episode.kind === 'drop') {
        record(0);
        req.socket.destroy();
        return;
      }
      if (episode.kind === 'rate-limit') {
        send(
          undefined,
          429,
          { message: 'Too Many Requests' },
          {
            ...(episode.retryAfterSeconds !== undefined
              ? { 'retry-after': String(episode.retryAfterSeconds) }
              : {}),
          },
        );
        return;
      }
      send(undefined, episode.status, {
        message: episode.message ?? 'Internal Server Error',
      });
      return;
    }

    const match = contract.match(method, url.pathname);
    if (!match) {
      if (url.pathname.startsWith(`${N8N_API_PREFIX}/`)) {
        violations.push(
          `request: ${method} ${url.pathname} is not in the contract`,
        );
      }
      send(undefined, 404, { message: 'Not Found' });
      return;
    }

    // The contract's security scheme: the API key header (health is open).
    const scheme = match.security[0]?.[0];
    if (scheme?.parameterName) {
      const keyHeader = req.headers[scheme.parameterName.toLowerCase()];
      const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
      if (!key) {
        send(match, 401, {
          message: `'${scheme.parameterName}' header required`,
        });
        return;
      }
      const scopes = apiKeys[key] ?? (quirks.acceptAnyKey ? ALL_SCOPES : null);
      if (!scopes) {
        send(match, 401, { message: 'unauthorized' });
        return;
      }
      const scope = match.extensions['x-required-scope'];
      if (typeof scope === 'string' && !scopes.includes(scope)) {
        send(match, 403, { message: 'Forbidden' });
        return;
      }
    }

    const problems = contract.requestProblems(match, {
      query: url.searchParams,
    });
    if (problems.length > 0) {
      violations.push(
        ...problems.map(p => `request: ${method} ${url.pathname}: ${p}`),
      );
      // Outside the contract on purpose: n8n's request validator answers 400.
      send(undefined, 400, { message: problems.join('; ') });
      return;
    }
    const { status, body, violation } = route(match, url.searchParams);
    if (violation) {
      // A cursor the stand-in never handed out: the client made it up.
      violations.push(`request: ${method} ${url.pathname}: ${violation}`);
      send(undefined, status, body);
      return;
    }
    send(match, status, body);
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: Object.keys(apiKeys)[0],
    requests,
    violations,
    failNext(count, episode, pathPrefix = `${N8N_API_PREFIX}/`) {
      for (let i = 0; i < count; i++) episodes.push({ episode, pathPrefix });
    },
    setReady(value) {
      ready = value;
    },
    apiRequests() {
      return requests.filter(r => r.path.startsWith(`${N8N_API_PREFIX}/`));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      );
    },
  };
}
