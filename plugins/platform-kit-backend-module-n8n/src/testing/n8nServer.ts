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
import {
  MatchedOperation,
  N8N_API_PREFIX,
  N8nOpenApiContract,
} from './openApiContract';

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
 * Every request is checked against the OpenAPI document (undeclared or
 * ill-typed parameters get 400 and are recorded as violations) and every
 * response body against the schema the document gives for its status; a
 * response outside the document is recorded as a violation and turned into a
 * 500, so a test fails either way.
 */

/** The most `limit` n8n accepts. */
export const N8N_MAX_LIMIT = 250;
/** The page size n8n uses without `limit`. */
export const N8N_DEFAULT_LIMIT = 100;

/** The scopes an owner's key has (those the stand-in's operations need). */
export const ALL_SCOPES = ['workflow:list', 'workflow:read', 'tag:list'];

/** A scripted answer for the next matching request(s), before authentication. */
export type N8nEpisode =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'error'; status: 500 | 502 | 503; message?: string }
  /** Closes the connection without an answer. */
  | { kind: 'drop' };

/** Deliberate defects, to prove that contract tests catch a broken n8n. */
export interface N8nQuirks {
  /** Answers any key, even a wrong one. */
  acceptAnyKey?: boolean;
  /** Hands out the same `nextCursor` on every page, so paging never ends. */
  repeatCursor?: boolean;
}

export interface N8nServerOptions {
  workflows?: N8nWorkflowFixture[];
  tags?: N8nTagFixture[];
  /** API key → its scopes. Default: one random key with {@link ALL_SCOPES}. */
  apiKeys?: Record<string, string[]>;
  /** Default: the OpenAPI document under `../shared/specs`. */
  specPath?: string;
  quirks?: N8nQuirks;
}

export interface N8nRecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  status: number;
}

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

const MESSAGE_SCHEMA = {
  type: 'object',
  required: ['message'],
  properties: { message: { type: 'string', minLength: 1 } },
};
const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: { enum: ['ok', 'error'] } },
};

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

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startN8nServer(
  options: N8nServerOptions = {},
): Promise<N8nServer> {
  const contract = N8nOpenApiContract.load(options.specPath);
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
    match: MatchedOperation,
    query: URLSearchParams,
  ): { status: number; body: unknown; violation?: string } {
    if (match.template === '/workflows') {
      const result = listWorkflows(query);
      return typeof result === 'string'
        ? { status: 400, body: { message: result }, violation: result }
        : { status: 200, body: result };
    }
    if (match.template === '/tags') {
      const result = page([...tags.values()].map(tagResource), query);
      return typeof result === 'string'
        ? { status: 400, body: { message: result }, violation: result }
        : { status: 200, body: result };
    }
    if (match.template === '/workflows/{workflowId}') {
      const workflow = workflows.find(
        w => w.id === match.pathParams.workflowId,
      );
      return workflow
        ? { status: 200, body: workflowResource(workflow, tags) }
        : { status: 404, body: { message: 'Not Found' } };
    }
    return {
      status: 404,
      body: { message: `the stand-in does not serve ${match.template}` },
    };
  }

  /** Checks a response against the document (or a documented fact) before it is sent. */
  function checkResponse(
    match: MatchedOperation | 'health',
    status: number,
    body: unknown,
  ): string[] {
    if (match === 'health') {
      return contract.validateFact(HEALTH_SCHEMA, body, `health ${status}`);
    }
    const declared = contract.validateResponse(match, status, body);
    const where = `${match.method.toUpperCase()} ${match.template} ${status}`;
    if (declared === undefined) {
      // Facts from the specs README: 401 and 403 bodies for every operation,
      // 429 and 5xx from any HTTP server.
      if ([401, 403, 429, 500, 502, 503].includes(status)) {
        return contract.validateFact(MESSAGE_SCHEMA, body, `${where} body`);
      }
      return [`${where} is not a response the spec declares`];
    }
    if ([400, 401, 403, 404].includes(status)) {
      return [
        ...declared,
        ...contract.validateFact(MESSAGE_SCHEMA, body, `${where} body`),
      ];
    }
    return declared;
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
      match: MatchedOperation | 'health' | undefined,
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
            message: `stand-in response violates the spec: ${problems[0]}`,
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

    if (method === 'GET' && url.pathname === '/healthz') {
      send('health', 200, { status: 'ok' });
      return;
    }
    if (method === 'GET' && url.pathname === '/healthz/readiness') {
      send('health', ready ? 200 : 503, { status: ready ? 'ok' : 'error' });
      return;
    }
    if (!url.pathname.startsWith(`${N8N_API_PREFIX}/`)) {
      send(undefined, 404, { message: 'Not Found' });
      return;
    }
    const match = contract.match(
      method,
      url.pathname.slice(N8N_API_PREFIX.length),
    );
    if (!match) {
      violations.push(`request: ${method} ${url.pathname} is not in the spec`);
      send(undefined, 404, { message: 'Not Found' });
      return;
    }

    const keyHeader = req.headers['x-n8n-api-key'];
    const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
    if (!key) {
      send(match, 401, { message: "'X-N8N-API-KEY' header required" });
      return;
    }
    const scopes = apiKeys[key] ?? (quirks.acceptAnyKey ? ALL_SCOPES : null);
    if (!scopes) {
      send(match, 401, { message: 'unauthorized' });
      return;
    }
    if (match.requiredScope && !scopes.includes(match.requiredScope)) {
      send(match, 403, { message: 'Forbidden' });
      return;
    }

    const problems = contract.validateRequest(match, url.searchParams);
    if (problems.length > 0) {
      violations.push(
        ...problems.map(p => `request: ${method} ${url.pathname}: ${p}`),
      );
      // Outside the document on purpose: express-openapi-validator's answer.
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
