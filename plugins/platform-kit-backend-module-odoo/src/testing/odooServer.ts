/**
 * A local stand-in for an Odoo server, for tests only (not for production).
 *
 * Odoo publishes no OpenAPI document; the stand-in follows these documented
 * behaviours, and checks every request against them:
 *
 * - External RPC API (XML-RPC, Odoo 17 "External API" page, deprecated in 19):
 *   `POST /xmlrpc/2/common` with `version()` → struct `server_version`,
 *   `server_version_info` (`[major, minor, micro, 'final', serial, '']`),
 *   `server_serie`, `protocol_version: 1`; `authenticate(db, login, password
 *   or API key, user_agent_env struct)` → the uid (int) or `false`.
 *   `POST /xmlrpc/2/object` with `execute_kw(db, uid, password, model,
 *   method, args array[, kwargs struct])`. Answers are HTTP 200 with a
 *   `<methodResponse>`; errors are `<fault>`s with the `/xmlrpc/2` int codes
 *   of `odoo/addons/base/controllers/rpc.py`: 3 with `Access Denied` for a
 *   wrong uid/password, 1 (application error, traceback as faultString) for
 *   anything else: unknown model (`KeyError`), unknown method
 *   (`AttributeError`), arguments the method does not take (`TypeError`),
 *   bad domains, fields or orders (`ValueError`), unknown database.
 *   Values are marshalled as Python's `xmlrpc.client` does with
 *   `allow_none`: unset char fields are `false`, many2one fields
 *   `[id, display_name]`.
 * - ORM methods (Odoo's `search_read(domain, fields, offset, limit, order)`
 *   and `search_count(domain, limit)` signatures, positional or named) on
 *   `ir.module.module` and `ir.model` only; domains of `[field, op, value]`
 *   leaves with `=`, `!=` and `in` on known fields; `order` as
 *   `field [asc|desc], ...`; paging by `offset`/`limit`.
 * - External JSON-2 API (Odoo 19 "External JSON-2 API" page), served when the
 *   configured major version is 19 or more: `POST /json/2/<model>/<method>`,
 *   `Authorization: bearer <API key>`, `Content-Type: application/json`,
 *   optional `X-Odoo-Database`, the body a JSON object of the method's named
 *   arguments (`ids` empty or omitted for `@api.model` methods, `context`
 *   optional); 200 with the JSON return value, or 4xx with the documented
 *   error object `{name, message, arguments, context, debug}`: 401
 *   `Invalid apikey`, 404 for an unknown model, method or database, 422 for
 *   arguments the method does not take (our reading: Odoo binds the named
 *   arguments to the method's signature and answers Unprocessable Entity).
 * - `GET /web/version` (no auth) → `{version_info, version}`, served from
 *   major version 18 on (older servers answer 404 and clients fall back to
 *   `common.version()`), unless `webVersion` says otherwise.
 *
 * Not Odoo, but what sits in front of it: scripted 429 (with `Retry-After`)
 * and 502/503 answers from a proxy, see {@link OdooStandIn.failNext}.
 *
 * Client mistakes are answered as Odoo would and listed in `violations`; an
 * answer the stand-in builds that fails its own self-check becomes a 500 and
 * is listed in `problems`. Tests assert both are empty.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { handleJson2 } from './json2Handler';
import { handleXmlRpc } from './xmlrpcHandler';
import {
  generateModels,
  generateModules,
  OdooModelRecord,
  OdooModuleRecord,
} from './odooData';
import {
  OdooStandInDefects,
  StandInResponse,
  StandInState,
  versionInfo,
} from './standInState';

/**
 * How to set up the stand-in.
 *
 * @public
 */
export interface OdooStandInOptions {
  /** Major version reported, default 17 (19 and above also serve JSON-2). */
  version?: number;
  database?: string;
  login?: string;
  apiKey?: string;
  uid?: number;
  /** Installed modules: a count to generate, or the records. Default 12. */
  modules?: number | OdooModuleRecord[];
  /** Uninstalled modules generated beside the installed ones; default 3. */
  uninstalledModules?: number;
  /** Models: a count to generate, or the records. Default 8. */
  models?: number | OdooModelRecord[];
  /** Whether `GET /web/version` exists; default: version ≥ 18. */
  webVersion?: boolean;
  defects?: OdooStandInDefects;
}

/**
 * One request the stand-in received.
 *
 * @public
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A scripted answer standing in for a proxy or an overloaded server.
 *
 * @public
 */
export interface ScriptedFailure {
  status: 429 | 500 | 502 | 503 | 504;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Only requests whose path starts with this; default all. */
  pathPrefix?: string;
}

/**
 * A running stand-in.
 *
 * @public
 */
export interface OdooStandIn {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  database: string;
  login: string;
  apiKey: string;
  uid: number;
  requests: RecordedRequest[];
  violations: string[];
  problems: string[];
  /** Answers the next `times` matching requests with `failure`. */
  failNext(times: number, failure: ScriptedFailure): void;
  close(): Promise<void>;
}

const FAILURE_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function route(
  state: StandInState,
  webVersion: boolean,
  req: RecordedRequest,
): StandInResponse {
  const notFound: StandInResponse = {
    status: 404,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: '<!DOCTYPE html><title>404: Not Found</title>',
  };
  const xmlrpc = /^\/xmlrpc\/2\/(common|object)$/.exec(req.path);
  if (xmlrpc) {
    if (req.method !== 'POST') {
      state.violations.push(`${req.method} ${req.path}: XML-RPC takes POST`);
      return { status: 405, headers: { allow: 'POST' }, body: '' };
    }
    return handleXmlRpc(
      state,
      xmlrpc[1],
      req.body,
      headerValue(req.headers['content-type']),
    );
  }
  const json2 = /^\/json\/2\/([\w.]+)\/(\w+)$/.exec(req.path);
  if (json2 && state.major >= 19) {
    return handleJson2(state, {
      method: req.method,
      model: json2[1],
      ormMethod: json2[2],
      headers: {
        authorization: headerValue(req.headers.authorization),
        'x-odoo-database': headerValue(req.headers['x-odoo-database']),
        'content-type': headerValue(req.headers['content-type']),
      },
      body: req.body,
    });
  }
  if (req.path === '/web/version' && webVersion && req.method === 'GET') {
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        version_info: versionInfo(state.major),
        version: `${state.major}.0`,
      }),
    };
  }
  return notFound;
}

/**
 * Starts a stand-in Odoo on a free local port (tests only).
 *
 * @public
 */
export async function startOdooStandIn(
  options: OdooStandInOptions = {},
): Promise<OdooStandIn> {
  const major = options.version ?? 17;
  const modules = Array.isArray(options.modules)
    ? options.modules
    : generateModules(
        options.modules ?? 12,
        options.uninstalledModules ?? 3,
        major,
      );
  const models = Array.isArray(options.models)
    ? options.models
    : generateModels(options.models ?? 8, modules);
  const state: StandInState = {
    major,
    database: options.database ?? 'odoo',
    login: options.login ?? 'bot@example.com',
    apiKey: options.apiKey ?? '6578616d706c65206b6579206f66206f646f6f21',
    uid: options.uid ?? 2,
    tables: { 'ir.module.module': modules, 'ir.model': models },
    defects: options.defects ?? {},
    violations: [],
    problems: [],
  };
  const webVersion = options.webVersion ?? major >= 18;
  const requests: RecordedRequest[] = [];
  const failures: { remaining: number; failure: ScriptedFailure }[] = [];

  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      body,
    };
    requests.push(recorded);
    const scripted = failures.find(
      f =>
        f.remaining > 0 &&
        recorded.path.startsWith(f.failure.pathPrefix ?? '/'),
    );
    let answer: StandInResponse;
    if (scripted) {
      scripted.remaining--;
      const { status, retryAfter } = scripted.failure;
      answer = {
        status,
        headers: {
          'content-type': 'text/html',
          ...(retryAfter !== undefined
            ? { 'retry-after': String(retryAfter) }
            : {}),
        },
        body: `<html><body><h1>${status} ${FAILURE_TEXT[status]}</h1></body></html>`,
      };
    } else {
      try {
        answer = route(state, webVersion, recorded);
      } catch (error) {
        state.problems.push(`${recorded.path}: ${(error as Error).message}`);
        answer = {
          status: 500,
          headers: {},
          body: 'stand-in self-check failed',
        };
      }
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    database: state.database,
    login: state.login,
    apiKey: state.apiKey,
    uid: state.uid,
    requests,
    violations: state.violations,
    problems: state.problems,
    failNext(times, failure) {
      failures.push({ remaining: times, failure });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
