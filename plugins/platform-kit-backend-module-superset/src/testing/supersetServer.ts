import http from 'node:http';
import { AddressInfo } from 'node:net';
import { OpenApiMatch } from '@platform-kit/connector-sdk';
import { decodeRison } from '../rison';
import { generateSupersetFixture, SupersetFixture } from './fixtures';
import {
  chartRow,
  dashboardDatasetRows,
  dashboardRow,
  datasetRow,
} from './rows';
import { loadSupersetContract, SupersetOperation } from './contract';
import { StandInTokens } from './tokens';

/**
 * A scripted answer, for the `skip`+1-th to `skip`+`times`-th matching request.
 *
 * @public
 */
export interface SupersetEpisode {
  /** Which requests it applies to. */
  on: SupersetOperation | 'health';
  /** Matching requests to let through first; default 0. */
  skip?: number;
  /** How many matching requests get it; default 1. */
  times?: number;
  /**
   * A status to answer (429 with `Retry-After`, or a 5xx), or
   * `expire-tokens`: every token issued so far expires before the request is
   * handled (so an API call gets Superset's 401 `Token has expired`).
   */
  respond: { status: number; retryAfterSeconds?: number } | 'expire-tokens';
}

/**
 * One request the stand-in received.
 *
 * @public
 */
export interface SupersetRecordedRequest {
  method: string;
  path: string;
  operation?: SupersetOperation | 'health';
  /** The decoded rison `q`, when sent. */
  q?: unknown;
  status: number;
  /** Whether a valid Bearer token came with it. */
  authorized: boolean;
}

/**
 * Options of {@link startSupersetServer}.
 *
 * @public
 */
export interface SupersetServerOptions {
  /** Accounts of the `db` provider: username → password. */
  users?: Record<string, string>;
  /** What it holds; default: 3 dashboards, 2 datasets, 4 charts. */
  data?: SupersetFixture;
  /** Page size cap of the list endpoints; default 100. */
  maxPageSize?: number;
  /**
   * Deliberate contract breaches, for tests that must see the contract
   * harness fail: `ignorePage` answers the first page whatever `page` asks;
   * `acceptAnyPassword` logs in with any password.
   */
  quirks?: { ignorePage?: boolean; acceptAnyPassword?: boolean };
}

/**
 * A running stand-in; see {@link startSupersetServer}.
 *
 * @public
 */
export interface SupersetServer {
  /** e.g. `http://127.0.0.1:43121`. */
  url: string;
  data: SupersetFixture;
  requests: SupersetRecordedRequest[];
  /** Requests or responses that the spec does not allow; tests expect none. */
  problems: string[];
  script(...episodes: SupersetEpisode[]): void;
  /** Expires every token issued so far. */
  expireTokens(): void;
  close(): Promise<void>;
}

type List = 'dashboards' | 'datasets' | 'charts';

/** Order columns the stand-in sorts by (a subset of Superset's). */
const ORDER_COLUMNS: Record<List, string[]> = {
  dashboards: ['dashboard_title', 'published', 'changed_on'],
  datasets: ['table_name', 'schema', 'changed_on'],
  charts: ['slice_name', 'viz_type', 'changed_on'],
};

/** The contract's operationIds → the names episodes and records use. */
const OPERATIONS: Record<string, SupersetOperation | 'health'> = {
  login: 'login',
  listDashboards: 'dashboards',
  listDatasets: 'datasets',
  listCharts: 'charts',
  dashboardDatasets: 'dashboardDatasets',
  health: 'health',
};

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Infrastructure answers (429, 502-504) that no Superset operation documents. */
  outsideContract?: boolean;
  /** The operation the request matched, to check the answer against. */
  match?: OpenApiMatch;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * For tests: a local stand-in for Apache Superset's REST API (JWT login,
 * dashboard / dataset / chart lists with a rison `q`, a dashboard's datasets,
 * `/health`). Every request and every response is checked against
 * Platform Kit's Superset contract (`contracts/superset-rest-api.yaml`,
 * written from Superset's published OpenAPI document); what the contract
 * does not allow is answered 400 (requests) and collected in `problems`. Episodes script 429s, 5xx and token
 * expiry.
 *
 * @public
 */
export async function startSupersetServer(
  options: SupersetServerOptions = {},
): Promise<SupersetServer> {
  const contract = loadSupersetContract();
  const users = options.users ?? { admin: 'admin-password' };
  const data =
    options.data ??
    generateSupersetFixture({ dashboards: 3, datasets: 2, charts: 4 });
  const maxPageSize = options.maxPageSize ?? 100;
  const quirks = options.quirks ?? {};
  const tokens = new StandInTokens();
  const requests: SupersetRecordedRequest[] = [];
  const problems: string[] = [];
  const episodes: (SupersetEpisode & { seen: number })[] = [];

  function scripted(
    operation: SupersetOperation | 'health',
  ): Answer | 'expire' | undefined {
    const matching = episodes.filter(episode => episode.on === operation);
    for (const episode of matching) episode.seen += 1;
    for (const episode of matching) {
      const skip = episode.skip ?? 0;
      const times = episode.times ?? 1;
      if (episode.seen <= skip || episode.seen > skip + times) continue;
      if (episode.respond === 'expire-tokens') return 'expire';
      const { status, retryAfterSeconds } = episode.respond;
      return {
        status,
        body: {
          message:
            status === 429 ? 'Too Many Requests' : 'Internal Server Error',
        },
        headers:
          retryAfterSeconds !== undefined
            ? { 'retry-after': String(retryAfterSeconds) }
            : undefined,
        outsideContract: status === 429 || status > 500,
      };
    }
    return undefined;
  }

  function login(body: any): Answer {
    if (!body.username || !body.password) {
      return { status: 400, body: { message: 'Missing required parameter' } };
    }
    const provider = body.provider ?? 'db';
    const known = users[body.username];
    const accepted =
      provider === 'db' &&
      known !== undefined &&
      (quirks.acceptAnyPassword || known === body.password);
    if (!accepted) return { status: 401, body: { message: 'Not authorized' } };
    const userId = Object.keys(users).indexOf(body.username) + 1;
    return {
      status: 200,
      body: {
        access_token: tokens.issue(userId, 'access'),
        ...(body.refresh
          ? { refresh_token: tokens.issue(userId, 'refresh') }
          : {}),
      },
    };
  }

  function list(operation: List, q: any): Answer {
    const rows: Record<string, any>[] = [...data[operation]];
    const orderColumn = q.order_column ?? 'changed_on';
    if (!ORDER_COLUMNS[operation].includes(orderColumn)) {
      return {
        status: 400,
        body: { message: `Invalid order by column: ${orderColumn}` },
      };
    }
    const direction = q.order_direction ?? (q.order_column ? 'asc' : 'desc');
    const compare = (x: any, y: any) => {
      if (x < y) return -1;
      if (x > y) return 1;
      return 0;
    };
    rows.sort((a, b) => {
      const order =
        compare(a[orderColumn], b[orderColumn]) || compare(a.id, b.id);
      return direction === 'desc' ? -order : order;
    });
    const pageSize = Math.min(q.page_size ?? 20, maxPageSize);
    const page = quirks.ignorePage ? 0 : q.page ?? 0;
    const slice = rows.slice(page * pageSize, (page + 1) * pageSize);
    const result = slice.map(row => {
      if (operation === 'dashboards') return dashboardRow(row as any);
      if (operation === 'datasets') return datasetRow(row as any);
      return chartRow(row as any, data);
    });
    return {
      status: 200,
      body: {
        count: rows.length,
        ids: slice.map(row => String(row.id)),
        result,
        list_title: `List ${operation}`,
        order_columns: ORDER_COLUMNS[operation],
      },
    };
  }

  function dashboardDatasets(idOrSlug: string): Answer {
    const dashboard = data.dashboards.find(
      d => String(d.id) === idOrSlug || d.slug === idOrSlug,
    );
    if (!dashboard) return { status: 404, body: { message: 'Not found' } };
    return {
      status: 200,
      body: { result: dashboardDatasetRows(dashboard.id, data) },
    };
  }

  async function handle(
    req: http.IncomingMessage,
    record: SupersetRecordedRequest,
  ): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = contract.match(record.method, url.pathname);
    const operation = match && OPERATIONS[match.operationId ?? ''];
    if (!match || !operation) {
      problems.push(
        `${record.method} ${url.pathname} is not an operation the stand-in serves`,
      );
      return { status: 404, body: { message: 'Not found' } };
    }
    record.operation = operation;
    const raw = await readBody(req);
    const fault = scripted(operation);
    if (fault === 'expire') tokens.expireAll();
    else if (fault) return fault;

    if (operation === 'health') {
      return { status: 200, body: 'OK', match };
    }
    if (match.security.some(ways => ways.some(s => s.id === 'jwt'))) {
      const refusal = tokens.refusal(req.headers.authorization);
      // flask-jwt-extended's refusal: 401 {"msg": ...}.
      if (refusal) return { status: 401, body: { msg: refusal }, match };
      record.authorized = true;
    }
    const query: Record<string, unknown> = {};
    for (const [name, value] of url.searchParams) {
      if (name === 'q') {
        try {
          query.q = decodeRison(value);
          record.q = query.q;
        } catch {
          return {
            status: 400,
            body: { message: 'Not a valid rison argument' },
            match,
          };
        }
      } else query[name] = value;
    }
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const requestProblems = contract.requestProblems(match, {
      query,
      body,
      contentType: req.headers['content-type'],
    });
    if (requestProblems.length > 0) {
      problems.push(
        ...requestProblems.map(p => `${record.method} ${url.pathname}: ${p}`),
      );
      return {
        status: 400,
        body: { message: requestProblems.join('; ') },
        match,
      };
    }
    let answer: Answer;
    if (operation === 'login') answer = login(body);
    else if (operation === 'dashboardDatasets') {
      answer = dashboardDatasets(match.pathParams.id_or_slug);
    } else answer = list(operation, (query.q as object | undefined) ?? {});
    return { ...answer, match };
  }

  const server = http.createServer((req, res) => {
    const record: SupersetRecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0],
      status: 0,
      authorized: false,
    };
    requests.push(record);
    handle(req, record)
      .catch(error => ({
        status: 500,
        body: { message: `stand-in failed: ${String(error)}` },
      }))
      .then((answer: Answer) => {
        record.status = answer.status;
        const contentType =
          typeof answer.body === 'string'
            ? 'text/plain; charset=utf-8'
            : 'application/json';
        if (answer.match && !answer.outsideContract) {
          const { method, path } = answer.match;
          for (const problem of contract.responseProblems(
            answer.match,
            answer.status,
            { body: answer.body, contentType },
          ) ?? [
            `${method.toUpperCase()} ${path} does not declare ${answer.status}`,
          ]) {
            problems.push(
              `${record.method} ${record.path} → ${answer.status}: ${problem}`,
            );
          }
        }
        const text =
          typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
        res.writeHead(answer.status, {
          'content-type': contentType,
          ...answer.headers,
        });
        res.end(text);
      });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    data,
    requests,
    problems,
    script: (...more) => episodes.push(...more.map(e => ({ ...e, seen: 0 }))),
    expireTokens: () => tokens.expireAll(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
