import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { controlPlaneTests } from './__testUtils__/controlPlane';
import {
  LEDGER_API_KEY as API_KEY,
  Ledger,
  ledgerConnectorType,
  ledgerModule,
  startLedger,
} from './__testUtils__/ledgerConnector';
import { expectDocumented } from './__testUtils__/openApiValidator';
import { scanAndWait, user } from './__testUtils__/testBackend';
import { ConnectorRegistry } from './connectors/ConnectorRegistry';
import { runConnectorContracts } from './connectors/runConnectorContracts';
import { ContractRunStore } from './store/contractRuns';

const controlPlane = controlPlaneTests();

const CONNECTOR = 'resource:default/ledger-prod';
const INGESTED = 'component:default/ledger-invoice-flow';

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

const LEDGER_TARGET = {
  id: 'ledger-prod',
  entityRef: CONNECTOR,
  kind: 'connector' as const,
  connector: 'ledger',
};

describe('connector targets', () => {
  let ledger: Ledger;
  let server: any;
  let backend: Awaited<ReturnType<typeof controlPlane.start>>;
  let knex: Knex;
  let store: ContractRunStore;
  let targetId: string;
  /** Runs the ledger's contract suite as the `contract` job does, and records it. */
  let runContracts: () => ReturnType<typeof runConnectorContracts>;
  const scheduler = mockServices.scheduler() as any;

  beforeAll(async () => {
    ledger = await startLedger();
    knex = await controlPlane.opsStore();
    const target = {
      ...LEDGER_TARGET,
      options: { baseUrl: ledger.url, apiKey: API_KEY },
    };
    backend = await controlPlane.start({
      knex,
      targets: [target],
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
    });
    server = backend.server;
    await scheduler.triggerTask('platform-kit-catalog-sync');
    const registry = new ConnectorRegistry();
    registry.addConnectorType(ledgerConnectorType);
    const { rows } = await knex.raw(
      'SELECT id, project_id FROM ops.targets WHERE entity_ref = ?',
      [CONNECTOR],
    );
    store = new ContractRunStore(knex);
    targetId = rows[0].id;
    const contractTarget = {
      record: { id: rows[0].id, projectId: rows[0].project_id },
      connector: registry.resolve(target as any, 'platformKit.targets[0]'),
    };
    runContracts = () =>
      runConnectorContracts({ registry, store, target: contractTarget });
  });
  afterAll(async () => {
    await backend.stop();
    await ledger.close();
  });

  const get = (path: string, auth = user()) =>
    request(server).get(`/api/platform-kit${path}`).set('Authorization', auth);
  const integration = async (entityRef: string) => {
    const [kind, rest] = entityRef.split(':');
    const parity = await get(`/entities/${kind}/${rest}/parity`);
    expect(parity.status).toBe(200);
    return parity.body.results.find(
      (r: any) => r.capabilityId === 'integration.contracts',
    );
  };

  it('scans a connector with one inventory() and one health() call, running no contract test', async () => {
    ledger.requests.length = 0;
    expect((await scanAndWait(server, CONNECTOR)).status).toBe('succeeded');
    // Before #17 a scan ran the contract suite too: /flows 4 times
    // (inventory() thrice, once by the contract test) and /health twice.
    expect(ledger.requests.map(r => r.path)).toEqual(['/flows', '/health']);
    expect(await store.latest(targetId)).toBeUndefined();
  });

  it('shows where the connector stands; without a contract run integration.contracts is partial', async () => {
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
        contracts: null,
      }),
    ]);
    const inventory = await get('/connectors/ledger-prod/inventory');
    expectDocumented('get', '/connectors/{connectorId}/inventory', inventory);
    expect(inventory.body.items.map((i: any) => i.name)).toEqual([
      'invoices',
      'payments',
    ]);
    const result = await integration(CONNECTOR);
    expect(result.status).toBe('partial');
    expect(result.evidence).toEqual([
      expect.objectContaining({
        contractId: 'connector-healthy',
        status: 'pass',
      }),
      expect.objectContaining({
        contractId: 'contract-tests',
        status: 'partial',
        note: 'connector.contract-tests: not observed yet',
      }),
    ]);
  });

  it('runs the contract suite as its own job and records it; the next scan carries it and integration.contracts passes', async () => {
    ledger.requests.length = 0;
    // A new connector's first contract run is due at once: the planner queues it, a worker runs it.
    await scheduler.triggerTask('platform-kit-jobs-planner');
    let run = await store.latest(targetId);
    for (let i = 0; !run && i < 300; i++) {
      await new Promise(r => setTimeout(r, 100));
      run = await store.latest(targetId);
    }
    if (!run) throw new Error('no contract run was recorded');
    expect(run).toMatchObject({
      targetId,
      status: 'passed',
      error: null,
      jobId: expect.any(String),
    });
    expect(run.summary).toBe(
      'ledger/ledger-prod: 9 passed, 0 failed, 1 skipped; health up',
    );
    expect(
      Object.fromEntries(run.results.map(r => [r.id, r.status])),
    ).toMatchObject({
      'sdk.inventory.shape': 'pass',
      'sdk.inventory.idempotent': 'skip',
      'sdk.health': 'pass',
      'sdk.health.dead-endpoint': 'pass',
      'ledger.flows-listed': 'pass',
    });
    // inventory() once, the connector's contract test once, health() once.
    expect(ledger.requests.map(r => r.path)).toEqual([
      '/flows',
      '/health',
      '/flows',
    ]);
    expect(await store.latest(targetId)).toEqual(run);

    ledger.requests.length = 0;
    expect((await scanAndWait(server, CONNECTOR)).status).toBe('succeeded');
    expect(ledger.requests.map(r => r.path)).toEqual(['/flows', '/health']);
    const connectors = await get('/connectors');
    expect(connectors.body.items[0].contracts).toEqual({
      passed: true,
      failed: [],
    });
    for (const entityRef of [CONNECTOR, INGESTED]) {
      const result = await integration(entityRef);
      expect(result.status).toBe('pass');
      const contract = result.evidence.find(
        (e: any) => e.contractId === 'contract-tests',
      );
      expect(contract.note).toBe(
        `connector.contract-tests: true, observed ${run.finishedAt} (0.0 h ago)`,
      );
    }
  });

  it('records a failing contract run without the key; integration.contracts then fails', async () => {
    ledger.state.failing = true;
    const run = await runContracts().finally(() => {
      ledger.state.failing = false;
    });
    expect(run.status).toBe('failed');
    expect(run.results.find(r => r.id === 'sdk.inventory.shape')).toMatchObject(
      { status: 'fail', error: expect.stringContaining('503') },
    );
    expect(JSON.stringify(run)).not.toContain(API_KEY);
    const { rows } = await knex.raw(
      'SELECT * FROM ops.contract_runs WHERE id = ?',
      [run.id],
    );
    expect(JSON.stringify(rows)).not.toContain(API_KEY);

    expect((await scanAndWait(server, CONNECTOR)).status).toBe('succeeded');
    const connectors = await get('/connectors');
    expect(connectors.body.items[0].contracts).toEqual({
      passed: false,
      failed: ['sdk.inventory.shape', 'ledger.flows-listed'],
    });
    const result = await integration(CONNECTOR);
    expect(
      result.evidence.find((e: any) => e.contractId === 'contract-tests'),
    ).toMatchObject({ status: 'fail' });
    expect(result.status).toBe('partial');
  });

  it('is partial when the latest contract run is older than the bound', async () => {
    // The only run: it passed 49 hours ago.
    await knex('ops.contract_runs').where({ target_id: targetId }).delete();
    const finishedAt = new Date(Date.now() - 49 * 3_600_000);
    const stale = await store.record({
      projectId: (
        await knex('ops.targets').where({ id: targetId }).first()
      ).project_id,
      targetId,
      status: 'passed',
      startedAt: new Date(finishedAt.getTime() - 1000).toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: 1000,
      summary: 'ledger/ledger-prod: 9 passed, 0 failed, 1 skipped; health up',
      results: [],
    });
    expect(await store.latest(targetId)).toEqual(stale);
    expect((await scanAndWait(server, CONNECTOR)).status).toBe('succeeded');
    const result = await integration(CONNECTOR);
    expect(result.status).toBe('partial');
    expect(
      result.evidence.find((e: any) => e.contractId === 'contract-tests'),
    ).toMatchObject({
      status: 'partial',
      note: expect.stringMatching(/\(49 h ago, older than 48 h\)$/),
    });
  });

  it('passes against a live source whose items change between calls', async () => {
    ledger.state.growing = true;
    const run = await runContracts().finally(() => {
      ledger.state.growing = false;
      ledger.state.items = ['invoices', 'payments'];
    });
    expect(run.status).toBe('passed');
    expect(run.results.filter(r => r.status === 'fail')).toEqual([]);
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
    expect(bad.body.error.message).toMatch(
      /^request\/body\/status must be equal to one of the allowed values/,
    );

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
