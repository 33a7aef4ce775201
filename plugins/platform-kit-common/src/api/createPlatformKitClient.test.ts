import http from 'node:http';
import { AddressInfo } from 'node:net';
import { InvalidEntityRefError } from '../entityRef';
import { createPlatformKitClient } from './createPlatformKitClient';
import { PlatformKitApiError } from './PlatformKitApiError';
import {
  exemptionSchema,
  jobsResponseSchema,
  remediationPlanRecordSchema,
  scanQueuedSchema,
} from './generated';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

const TOKEN = 'secret-token-123456';
const PLAN_ID = '0b6a9b8e-5b0c-4a5e-9c1e-0d3c0c6e7f10';

const plan = {
  id: PLAN_ID,
  entityRef: 'resource:default/db',
  status: 'pending',
  plan: {
    targetRef: 'resource:default/db',
    createdAt: '2026-01-01T00:00:00.000Z',
    includeDestructive: false,
    patches: [],
    skipped: [],
    preflight: [],
    appSource: null,
  },
  sql: '',
  scanId: null,
  createdBy: 'user:default/ann',
  createdAt: '2026-01-01T00:00:00.000Z',
  appliedBy: null,
  dryRun: true,
  startedAt: null,
  finishedAt: null,
  outcome: null,
  error: null,
  logs: [],
  allOrNothing: false,
  warnings: [],
};

/** A local control plane: records each request and answers by route. */
function startServer(seen: Seen[]) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const route = `${req.method} ${req.url!.split('?')[0]}`;
      switch (route) {
        case 'GET /api/platform-kit/health':
          return json(200, { status: 'ok' });
        case 'POST /api/platform-kit/scans':
          return json(202, { scanId: 's1', scanIds: ['s1', 's2'] });
        case 'GET /api/platform-kit/jobs':
          return json(200, { items: [], total: 0, offset: 0, limit: 5 });
        case 'POST /api/platform-kit/exemptions':
          return json(201, {
            id: 'e1',
            ...JSON.parse(body),
            requestedBy: 'user:default/ann',
            createdAt: '2026-01-01T00:00:00.000Z',
          });
        case 'DELETE /api/platform-kit/exemptions/e1':
          res.writeHead(204);
          return res.end();
        case `POST /api/platform-kit/remediation-plans/${PLAN_ID}/apply`:
          return json(202, { ...plan, status: 'applying' });
        case 'GET /api/platform-kit/entities/component/default/missing/parity':
          return json(404, {
            error: {
              name: 'NotFoundError',
              message: 'component:default/missing has no Platform Kit profile',
            },
            request: { method: 'GET', url: '/parity' },
            response: { statusCode: 404 },
          });
        case 'GET /api/platform-kit/scans/echo':
          return json(401, {
            error: {
              name: 'AuthenticationError',
              message: `bad token ${req.headers.authorization}`,
            },
          });
        case 'GET /api/platform-kit/scans/proxy':
          res.writeHead(502, { 'content-type': 'text/plain' });
          return res.end('upstream timed out\n');
        default:
          res.writeHead(500);
          return res.end();
      }
    });
  });
  return new Promise<http.Server>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(server)),
  );
}

describe('createPlatformKitClient', () => {
  const seen: Seen[] = [];
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = await startServer(seen);
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/platform-kit`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    seen.length = 0;
  });

  const client = (token?: string) =>
    createPlatformKitClient({
      baseUrl: async () => `${baseUrl}/`,
      token: async () => token,
    });

  it('sends each call as the document describes it and returns the answer', async () => {
    const api = client(TOKEN);
    expect(await api.getHealth()).toEqual({ status: 'ok' });
    expect(
      scanQueuedSchema.parse(
        await api.requestScan({ entityRef: 'component:shop' }),
      ),
    ).toEqual({ scanId: 's1', scanIds: ['s1', 's2'] });
    expect(
      jobsResponseSchema.parse(
        await api.listJobs({ status: 'failed', limit: 5, offset: 0 }),
      ).limit,
    ).toBe(5);
    const exemption = await api.createExemption({
      entityRef: 'component:default/shop',
      capabilityId: 'db.rls',
      reason: 'a good enough reason',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    expect(exemptionSchema.parse(exemption).capabilityId).toBe('db.rls');
    await expect(api.revokeExemption('e1')).resolves.toBeUndefined();
    const applying = await api.applyRemediationPlan(PLAN_ID, {
      allOrNothing: true,
    });
    expect(remediationPlanRecordSchema.parse(applying).status).toBe('applying');

    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/platform-kit/health',
      'POST /api/platform-kit/scans',
      'GET /api/platform-kit/jobs?status=failed&limit=5&offset=0',
      'POST /api/platform-kit/exemptions',
      'DELETE /api/platform-kit/exemptions/e1',
      `POST /api/platform-kit/remediation-plans/${PLAN_ID}/apply`,
    ]);
    expect(seen.every(s => s.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(JSON.parse(seen[1].body)).toEqual({ entityRef: 'component:shop' });
    expect(seen[1].contentType).toBe('application/json');
    expect(JSON.parse(seen[5].body)).toEqual({ allOrNothing: true });
  });

  it('builds entity routes from any spelling of the ref and drops empty query values', async () => {
    const api = client();
    await expect(
      api.getFindings('Component:Shop', { level: 'ERROR' }),
    ).rejects.toThrow(PlatformKitApiError);
    await expect(
      api.getInventory('resource:ops/acme-db', {
        section: 'columns',
        q: '',
        table: 'tasks',
      }),
    ).rejects.toThrow(PlatformKitApiError);
    expect(seen.map(s => s.url)).toEqual([
      '/api/platform-kit/entities/component/default/shop/findings?level=ERROR',
      '/api/platform-kit/entities/resource/ops/acme-db/inventory?section=columns&table=tasks',
    ]);
    expect(seen[0].authorization).toBeUndefined();
    await expect(api.getParity('not a ref')).rejects.toThrow(
      InvalidEntityRefError,
    );
    expect(seen).toHaveLength(2);
  });

  it('has one method per operation, each on its documented route', async () => {
    const api = client(TOKEN);
    const calls: Array<() => Promise<unknown>> = [
      () => api.getParity('component:default/shop'),
      () => api.getScan(PLAN_ID),
      () => api.retryJob(PLAN_ID),
      () => api.listExemptions({ entityRef: 'component:default/shop' }),
      () => api.getScorecards({ groupBy: 'owner', q: '' }),
      () =>
        api.pushResults({
          entityRef: 'component:default/shop',
          parity: {
            entityRef: 'component:default/shop',
            evaluatedAt: '2026-01-01T00:00:00.000Z',
            score: null,
            results: [],
          },
        }),
      () => api.listRemediationPlans('resource:default/db'),
      () => api.createRemediationPlan({ entityRef: 'resource:default/db' }),
      () => api.getRemediationPlan(PLAN_ID),
      () => api.applyRemediationPlan(PLAN_ID),
      () => api.listTargets(),
      () => api.listConnectors(),
      () => api.getConnectorInventory('n8n-main'),
      () => api.reportIngestion('n8n-main', { status: 'applied', entities: 3 }),
    ];
    const failures: unknown[] = [];
    for (const call of calls) {
      // The local server answers the routes it does not know with 500.
      await call().catch(error => failures.push(error));
    }
    expect(
      failures.filter(error => !(error instanceof PlatformKitApiError)),
    ).toEqual([]);
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /api/platform-kit/entities/component/default/shop/parity',
      `GET /api/platform-kit/scans/${PLAN_ID}`,
      `POST /api/platform-kit/jobs/${PLAN_ID}/retry`,
      'GET /api/platform-kit/exemptions?entityRef=component%3Adefault%2Fshop',
      'GET /api/platform-kit/scorecards?groupBy=owner',
      'POST /api/platform-kit/results',
      'GET /api/platform-kit/entities/resource/default/db/remediation-plans',
      'POST /api/platform-kit/remediation-plans',
      `GET /api/platform-kit/remediation-plans/${PLAN_ID}`,
      `POST /api/platform-kit/remediation-plans/${PLAN_ID}/apply`,
      'GET /api/platform-kit/targets',
      'GET /api/platform-kit/connectors',
      'GET /api/platform-kit/connectors/n8n-main/inventory',
      'POST /api/platform-kit/connectors/n8n-main/ingestion',
    ]);
    expect(JSON.parse(seen[9].body)).toEqual({});
    expect(JSON.parse(seen[13].body)).toEqual({
      status: 'applied',
      entities: 3,
    });
  });

  it("throws one error type with the status and the server's message", async () => {
    const api = client(TOKEN);
    const notFound = await api
      .getParity('component:default/missing')
      .catch(e => e);
    expect(PlatformKitApiError.is(notFound)).toBe(true);
    expect(notFound).toMatchObject({
      name: 'PlatformKitApiError',
      status: 404,
      errorName: 'NotFoundError',
      message: 'component:default/missing has no Platform Kit profile',
    });

    const text = await api.getScan('proxy').catch(e => e);
    expect(text).toMatchObject({ status: 502, message: 'upstream timed out' });

    const empty = await api.getRemediationPlan(PLAN_ID).catch(e => e);
    expect(empty).toMatchObject({
      status: 500,
      message: 'Request failed with status 500 Internal Server Error',
    });
  });

  it('never echoes the token, even when the server does', async () => {
    const echoed = await client(TOKEN)
      .getScan('echo')
      .catch(e => e);
    expect(echoed.status).toBe(401);
    expect(echoed.message).toBe('bad token Bearer <token>');
    expect(echoed.message).not.toContain(TOKEN);
  });

  it("works through a fetch wrapper that builds a Request from its input (as Backstage's fetchApi middlewares do)", async () => {
    const api = createPlatformKitClient({
      baseUrl: async () => baseUrl,
      // Reading a Request's body to build another makes the first unusable.
      fetch: async (input, init) => {
        const request = new Request(input, init);
        request.headers.set('authorization', `Bearer ${TOKEN}`);
        await new Request(input, init).text();
        return fetch(input, { ...init, headers: request.headers });
      },
    });
    const queued = await api.requestScan({ entityRef: 'component:shop' });
    expect(queued.scanId).toBe('s1');
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      authorization: `Bearer ${TOKEN}`,
      body: JSON.stringify({ entityRef: 'component:shop' }),
    });
  });

  it('reports a backend it cannot reach with status 0', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve =>
      closed.listen(0, '127.0.0.1', () => resolve()),
    );
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const unreachable = await createPlatformKitClient({
      baseUrl: async () => `http://127.0.0.1:${port}/api/platform-kit`,
      fetch: (input, init) => fetch(input, init),
    })
      .listTargets()
      .catch(e => e);
    expect(unreachable).toBeInstanceOf(PlatformKitApiError);
    expect(unreachable.status).toBe(0);
    expect(unreachable.message).toMatch(
      /^Could not reach the Platform Kit backend: /,
    );
    expect(PlatformKitApiError.is(new Error('other'))).toBe(false);
  });
});
