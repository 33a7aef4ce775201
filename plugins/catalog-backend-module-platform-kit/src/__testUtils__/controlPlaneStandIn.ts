import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  connectorHealthSchema,
  connectorItemsResponseSchema,
  connectorsResponseSchema,
  errorResponseSchema,
  ingestionReportSchema,
  inventoryPageSchema,
  normalizeEntityRef,
  targetsResponseSchema,
  type ConnectorHealth,
  type ConnectorItem,
  type IngestionReport,
  type JobStatus,
  type SchemaInfo,
  type Target,
} from '@platform-kit/plugin-platform-kit-common';
import type { z } from 'zod';

/** One connector of the stand-in and what it answers. */
export interface StandInConnector {
  id: string;
  connector: string;
  entityRef: string;
  lastRun: {
    /** A uuid, as every scan id. */
    scanId: string;
    status: JobStatus;
    at: string;
    error: string | null;
  } | null;
  /** The last good run; `null`: never had one (the inventory answers 404). */
  lastGood: {
    scanId: string;
    capturedAt: string;
    items: ConnectorItem[];
  } | null;
  /** Overrides the item count `GET /connectors` reports (a partial page). */
  reportedItems?: number;
  health: ConnectorHealth | null;
  /** Status the inventory endpoint answers instead of the inventory. */
  inventoryStatus?: number;
}

/** The ingestion report exactly as documented (no other keys). */
const reportSchema = ingestionReportSchema.strict();

/** The id of the n-th scan (a uuid, as the control plane's). */
export const scanId = (n: number) =>
  `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** A healthy health result. */
export const healthUp = (): ConnectorHealth =>
  connectorHealthSchema.parse({
    status: 'up',
    checkedAt: new Date().toISOString(),
    checks: [{ name: 'liveness', status: 'up', latencyMs: 3 }],
  });

/** A connector whose last run succeeded with `items`. */
export function goodConnector(
  id: string,
  connector: string,
  items: ConnectorItem[],
  scan = scanId(1),
): StandInConnector {
  const at = new Date().toISOString();
  return {
    id,
    connector,
    entityRef: `resource:default/${id}`,
    lastRun: { scanId: scan, status: 'succeeded', at, error: null },
    lastGood: { scanId: scan, capturedAt: at, items },
    health: healthUp(),
  };
}

/**
 * A `node:http` stand-in of the control plane's connector, target and
 * inventory endpoints (`/api/platform-kit/...`), as the control plane's
 * OpenAPI document describes them. It checks every request (a bearer token;
 * the ingestion report's body) and every response it sends against the
 * schemas generated from that document; what does not match is recorded in
 * `problems` (tests expect none) and answered with 400/500.
 */
export async function startControlPlaneStandIn() {
  const state = {
    connectors: new Map<string, StandInConnector>(),
    targets: [] as Target[],
    /** Schema inventory by entity ref; absent: never scanned (404). */
    schemas: new Map<string, SchemaInfo[]>(),
    /** Answer every request with this status (e.g. 503) while set. */
    down: undefined as number | undefined,
    reports: [] as (IngestionReport & { connectorId: string })[],
    problems: [] as string[],
    requests: [] as string[],
  };

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    schema: z.ZodType | undefined = status >= 400
      ? errorResponseSchema
      : undefined,
  ): void => {
    const checked = schema?.safeParse(body);
    if (checked && !checked.success) {
      state.problems.push(
        `response does not match the contract: ${checked.error.message}`,
      );
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { name: 'Error', message: 'stand-in off-contract' },
        }),
      );
    } else if (status === 204) {
      res.writeHead(204).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }
  };
  const notFound = (res: http.ServerResponse, message: string) =>
    send(res, 404, { error: { name: 'NotFoundError', message } });

  /** The control plane shows the last ingestion report of each connector. */
  const lastReport = (id: string) => {
    const report = state.reports.filter(r => r.connectorId === id).pop();
    return report
      ? {
          status: report.status,
          entities: report.entities,
          reason: report.reason ?? null,
          at: new Date().toISOString(),
        }
      : null;
  };

  const listConnectors = (res: http.ServerResponse) =>
    send(
      res,
      200,
      {
        items: [...state.connectors.values()].map(c => ({
          id: c.id,
          connector: c.connector,
          entityRef: c.entityRef,
          lastRun: c.lastRun,
          lastGood: c.lastGood && {
            scanId: c.lastGood.scanId,
            capturedAt: c.lastGood.capturedAt,
            items: c.reportedItems ?? c.lastGood.items.length,
          },
          health: c.health,
          contracts: { passed: true, failed: [] },
          ingestion: lastReport(c.id),
        })),
      },
      connectorsResponseSchema,
    );

  const inventory = (res: http.ServerResponse, id: string) => {
    const c = state.connectors.get(id);
    if (!c) notFound(res, `no connector ${id}`);
    else if (c.inventoryStatus)
      send(res, c.inventoryStatus, {
        error: { name: 'Error', message: 'scripted failure' },
      });
    else if (!c.lastGood) notFound(res, `${c.id} has had no good run`);
    else
      send(
        res,
        200,
        {
          connectorId: c.id,
          connector: c.connector,
          entityRef: c.entityRef,
          scanId: c.lastGood.scanId,
          capturedAt: c.lastGood.capturedAt,
          source: { product: c.connector },
          items: c.lastGood.items,
        },
        connectorItemsResponseSchema,
      );
  };

  const ingestion = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    id: string,
    raw: string,
  ) => {
    if (!state.connectors.has(id)) {
      notFound(res, `no connector ${id}`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const report = reportSchema.safeParse(body);
    if (
      !report.success ||
      req.headers['content-type']?.split(';')[0] !== 'application/json'
    ) {
      state.problems.push(`ingestion report off-contract: ${raw}`);
      send(res, 400, { error: { name: 'InputError', message: 'bad report' } });
      return;
    }
    state.reports.push({ connectorId: id, ...report.data });
    send(res, 204, undefined);
  };

  const schemas = (res: http.ServerResponse, url: URL, ref: string) => {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    if (
      url.searchParams.get('section') !== 'schemas' ||
      !(Number.isInteger(limit) && limit >= 1 && limit <= 500)
    ) {
      state.problems.push(`inventory query off-contract: ${url.search}`);
      send(res, 400, { error: { name: 'InputError', message: 'section' } });
      return;
    }
    const items = state.schemas.get(normalizeEntityRef(ref));
    if (!items) notFound(res, `${ref} was never scanned`);
    else
      send(
        res,
        200,
        {
          entityRef: ref,
          section: 'schemas',
          capturedAt: new Date().toISOString(),
          total: items.length,
          offset: 0,
          limit,
          items: items.slice(0, limit),
        },
        inventoryPageSchema,
      );
  };

  const route = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    raw: string,
  ) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/^\/api\/platform-kit/, '');
    const call = `${req.method} ${path}`;
    state.requests.push(call);
    const inventoryPath = /^GET \/connectors\/([^/]+)\/inventory$/.exec(call);
    const ingestionPath = /^POST \/connectors\/([^/]+)\/ingestion$/.exec(call);
    const schemasPath =
      /^GET \/entities\/([^/]+)\/([^/]+)\/([^/]+)\/inventory$/.exec(call);
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
      state.problems.push(`${call} without a bearer token`);
      send(res, 401, {
        error: { name: 'AuthenticationError', message: 'no token' },
      });
    } else if (state.down) {
      send(res, state.down, {
        error: { name: 'ServiceUnavailable', message: 'down' },
      });
    } else if (call === 'GET /connectors') {
      listConnectors(res);
    } else if (inventoryPath) {
      inventory(res, decodeURIComponent(inventoryPath[1]));
    } else if (ingestionPath) {
      ingestion(req, res, decodeURIComponent(ingestionPath[1]), raw);
    } else if (call === 'GET /targets') {
      send(res, 200, { items: state.targets }, targetsResponseSchema);
    } else if (schemasPath) {
      schemas(
        res,
        url,
        schemasPath
          .slice(1, 4)
          .map(decodeURIComponent)
          .join('/')
          .replace('/', ':'),
      );
    } else {
      state.problems.push(`unexpected ${call}`);
      notFound(res, 'no such endpoint');
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () =>
      route(req, res, Buffer.concat(chunks).toString('utf8')),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    /** The base URL discovery returns for `platform-kit`. */
    baseUrl: `http://127.0.0.1:${port}/api/platform-kit`,
    /** Throws when a request or response was off-contract. */
    assertNoProblems: () => {
      if (state.problems.length)
        throw new Error(`stand-in problems: ${state.problems.join('; ')}`);
    },
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type ControlPlaneStandIn = Awaited<
  ReturnType<typeof startControlPlaneStandIn>
>;
