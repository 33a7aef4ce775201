import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ConnectorBase,
  ConnectorOptions,
  HttpClient,
} from '@platform-kit/connector-sdk';
import { platformKitConnectorsExtensionPoint } from '@platform-kit/plugin-platform-kit-node';
import request from 'supertest';
import { z } from 'zod';
import { controlPlaneTests } from './__testUtils__/controlPlane';
import { expectDocumented } from './__testUtils__/openApiValidator';
import { scanAndWait, user } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

const API_KEY = 'ledger-key-3f9c1a7e';
const CONNECTOR = 'resource:default/ledger-prod';
const INGESTED = 'component:default/ledger-invoice-flow';

/** A small ledger service: items behind an API key, and a health endpoint. */
function startLedger() {
  const state = { failing: false, items: ['invoices', 'payments'] };
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    if (req.headers['x-api-key'] !== API_KEY) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"message":"unauthorized"}');
      return;
    }
    if (state.failing) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(`{"message":"maintenance, key ${API_KEY} is fine"}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ flows: state.items }));
  });
  return new Promise<{ url: string; state: typeof state; close(): void }>(
    resolve =>
      server.listen(0, '127.0.0.1', () =>
        resolve({
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          state,
          close: () => server.close(),
        }),
      ),
  );
}

interface LedgerOptions extends ConnectorOptions {
  apiKey: string;
}

/** A connector on the SDK, as a connector module would write it. */
class LedgerConnector extends ConnectorBase<LedgerOptions> {
  readonly kind = 'ledger';
  private readonly http = new HttpClient({
    baseUrl: this.options.baseUrl,
    headers: { 'x-api-key': this.options.apiKey },
    retries: 0,
    timeoutMs: 2000,
  });

  async inventory() {
    const { flows } = await this.http.get<{ flows: string[] }>('/flows');
    return {
      connector: { id: this.id, kind: this.kind },
      capturedAt: new Date().toISOString(),
      items: flows.map(name => ({
        id: name,
        type: 'flow',
        name,
        tags: [],
        relations: [],
        attributes: {},
      })),
    };
  }

  async health() {
    const started = Date.now();
    try {
      await this.http.get('/health');
      return {
        status: 'up' as const,
        checkedAt: new Date().toISOString(),
        checks: [
          {
            name: 'health',
            status: 'up' as const,
            latencyMs: Date.now() - started,
          },
        ],
      };
    } catch (error) {
      return {
        status: 'down' as const,
        checkedAt: new Date().toISOString(),
        checks: [
          {
            name: 'health',
            status: 'down' as const,
            latencyMs: Date.now() - started,
            detail: String((error as Error).message),
          },
        ],
      };
    }
  }

  capabilities() {
    return [{ id: 'inventory.flows', title: 'Lists flows' }];
  }

  contractTests() {
    return [
      {
        id: 'flows-listed',
        title: 'The key lists flows',
        run: async () => ({ flows: (await this.inventory()).items.length }),
      },
    ];
  }
}

const ledgerModule = createBackendModule({
  pluginId: 'platform-kit',
  moduleId: 'ledger',
  register(env) {
    env.registerInit({
      deps: {
        connectors: platformKitConnectorsExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ connectors }) {
        connectors.addConnectorType({
          kind: 'ledger',
          optionsSchema: z.object({
            baseUrl: z.string().url(),
            apiKey: z.string().min(8),
          }),
          secrets: (o: LedgerOptions) => [o.apiKey],
          create: (id: string, o: LedgerOptions) =>
            new LedgerConnector({ ...o, id }),
        });
      },
    });
  },
});

const entity = (
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec: { owner: 'group:default/finance' },
});

describe('connector targets', () => {
  let ledger: Awaited<ReturnType<typeof startLedger>>;
  let server: any;
  const scheduler = mockServices.scheduler() as any;

  beforeAll(async () => {
    ledger = await startLedger();
    ({ server } = await controlPlane.start({
      targets: [
        {
          id: 'ledger-prod',
          entityRef: CONNECTOR,
          kind: 'connector',
          connector: 'ledger',
          options: { baseUrl: ledger.url, apiKey: API_KEY },
        },
      ],
      scheduler: scheduler.factory({ skipTaskRunOnStartup: true }),
      catalog: catalogServiceMock.factory({
        entities: [
          entity('Resource', 'ledger-prod'),
          entity('Component', 'ledger-invoice-flow', {
            'platform-kit.dev/connector': 'ledger-prod',
          }),
        ],
      }),
      features: [ledgerModule],
    }));
    await scheduler.triggerTask('platform-kit-catalog-sync');
  });
  afterAll(() => ledger.close());

  const get = (path: string, auth = user()) =>
    request(server).get(`/api/platform-kit${path}`).set('Authorization', auth);

  it('runs the connector: inventory, health and contract tests, and shows where it stands', async () => {
    expect((await scanAndWait(server, CONNECTOR)).status).toBe('succeeded');

    const connectors = await get('/connectors');
    expect(connectors.status).toBe(200);
    expectDocumented('get', '/connectors', connectors);
    expect(connectors.body.items).toEqual([
      expect.objectContaining({
        id: 'ledger-prod',
        connector: 'ledger',
        entityRef: CONNECTOR,
        lastRun: expect.objectContaining({ status: 'succeeded' }),
        lastGood: expect.objectContaining({ items: 2 }),
        health: expect.objectContaining({ status: 'up' }),
        contracts: { passed: true, failed: [] },
      }),
    ]);

    const inventory = await get('/connectors/ledger-prod/inventory');
    expectDocumented('get', '/connectors/{connectorId}/inventory', inventory);
    expect(inventory.body.items.map((i: any) => i.name)).toEqual([
      'invoices',
      'payments',
    ]);

    const parity = await get('/entities/resource/default/ledger-prod/parity');
    const integration = parity.body.results.find(
      (r: any) => r.capabilityId === 'integration.contracts',
    );
    expect(integration.status).toBe('pass');
  });

  it('gives entities ingested from the connector its integration contracts', async () => {
    const [kind, rest] = INGESTED.split(':');
    const parity = await get(`/entities/${kind}/${rest}/parity`);
    expect(parity.status).toBe(200);
    expect(parity.body.profile.dependsOn).toEqual([CONNECTOR]);
    expect(
      parity.body.results.find(
        (r: any) => r.capabilityId === 'integration.contracts',
      ).status,
    ).toBe('pass');
  });

  it('keeps the last good inventory when the source fails, and says why without the key', async () => {
    ledger.state.failing = true;
    ledger.state.items = [];
    try {
      const scan = await scanAndWait(server, CONNECTOR);
      expect(scan.status).toBe('failed');
      expect(scan.error).toMatch(/ledger connector ledger-prod/);
      expect(JSON.stringify(scan)).not.toContain(API_KEY);

      const inventory = await get('/connectors/ledger-prod/inventory');
      expect(inventory.body.items).toHaveLength(2);
      const connectors = await get('/connectors');
      expect(connectors.body.items[0]).toMatchObject({
        lastRun: { status: 'failed' },
        lastGood: { items: 2 },
      });
      expect(JSON.stringify(connectors.body)).not.toContain(API_KEY);
    } finally {
      ledger.state.failing = false;
      ledger.state.items = ['invoices', 'payments'];
    }
  });

  it('lists targets without their options', async () => {
    const targets = await get('/targets');
    expectDocumented('get', '/targets', targets);
    expect(targets.body.items).toEqual([
      {
        id: 'ledger-prod',
        kind: 'connector',
        entityRef: CONNECTOR,
        connector: 'ledger',
      },
    ]);
    expect(JSON.stringify(targets.body)).not.toContain(API_KEY);
  });

  it('takes ingestion reports from services only, and shows the latest', async () => {
    const asUser = await request(server)
      .post('/api/platform-kit/connectors/ledger-prod/ingestion')
      .set('Authorization', user())
      .send({ status: 'applied', entities: 2 });
    expect(asUser.status).toBe(403);

    const service = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('plugin:catalog'),
      targetPluginId: 'platform-kit',
    });
    const bad = await request(server)
      .post('/api/platform-kit/connectors/ledger-prod/ingestion')
      .set('Authorization', service)
      .send({ status: 'lost', entities: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid ingestion report status/);

    for (const report of [
      { status: 'applied', entities: 2 },
      { status: 'kept', entities: 2, reason: 'source failed: 503' },
    ]) {
      const res = await request(server)
        .post('/api/platform-kit/connectors/ledger-prod/ingestion')
        .set('Authorization', service)
        .send(report);
      expect(res.status).toBe(204);
    }
    const connectors = await get('/connectors');
    expect(connectors.body.items[0].ingestion).toMatchObject({
      status: 'kept',
      entities: 2,
      reason: 'source failed: 503',
    });
    expect((await get('/connectors/nope/inventory')).body.error.message).toBe(
      'No connector nope, or no access to it',
    );
  });
});

describe('connector configuration', () => {
  it('names the config path when no module provides the connector type', async () => {
    await expect(
      controlPlane.start({
        targets: [
          {
            id: 'erp',
            entityRef: 'resource:default/erp',
            kind: 'connector',
            connector: 'sap',
            options: {},
          },
        ],
      }),
    ).rejects.toThrow(
      'platformKit.targets[0].connector: no connector type "sap" is installed (installed: none)',
    );
  });

  it('checks options against the connector type without echoing them', async () => {
    const started = controlPlane.start({
      targets: [
        {
          id: 'ledger',
          entityRef: 'resource:default/ledger',
          kind: 'connector',
          connector: 'ledger',
          options: { baseUrl: 'not a url', apiKey: 'short-secret-value' },
        },
      ],
      features: [ledgerModule],
    });
    const error: Error = await started.then(
      () => new Error('started'),
      e => e,
    );
    expect(error.message).toMatch(
      /platformKit\.targets\[0\]\.options\.baseUrl: Invalid URL/,
    );
    expect(error.message).not.toContain('not a url');
    expect(error.message).not.toContain('short-secret-value');
  });
});
