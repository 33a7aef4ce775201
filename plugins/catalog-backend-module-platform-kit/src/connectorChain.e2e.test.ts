import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
// The whole chain as a backend runs it: n8n → connector module → control plane → this module → catalog.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformKitPlugin from '@platform-kit/plugin-platform-kit-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import n8nModule from '@platform-kit/plugin-platform-kit-backend-module-n8n';
import {
  N8nServer,
  startN8nServer,
} from '@platform-kit/plugin-platform-kit-backend-module-n8n/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import catalogModulePlatformKit from './index';
import { kitTestDatabases } from './__testUtils__/testDatabases';
import { mockScheduler, waitForEntities } from './__testUtils__/catalogBackend';

jest.setTimeout(240_000);

const databases = kitTestDatabases();

const user = () => mockCredentials.user.header();
const N8N = 'resource:default/n8n-prod';

describe('an n8n instance, through its connector and the control plane, into the catalog', () => {
  let n8n: N8nServer;
  // The n8n instance itself is in the catalog, as a team would register it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-chain-'));
  const location = path.join(dir, 'catalog-info.yaml');
  fs.writeFileSync(
    location,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Resource',
      'metadata: { name: n8n-prod, title: n8n (production) }',
      'spec: { type: n8n-instance, owner: group:default/automation-team }',
    ].join('\n'),
  );
  beforeAll(async () => {
    n8n = await startN8nServer({
      tags: [{ id: 'tg1', name: 'Billing' }],
      workflows: [
        {
          id: 'wfInvoices01',
          name: 'Send invoices',
          active: true,
          tagIds: ['tg1'],
        },
        { id: 'wfDunning002', name: 'Dunning', active: false },
        { id: 'wfSync000003', name: 'Sync customers', active: true },
      ],
    });
  });
  afterAll(async () => {
    await n8n.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function scan(server: any) {
    const posted = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: N8N });
    expect(posted.status).toBe(202);
    for (let i = 0; i < 600; i++) {
      const res = await request(server)
        .get(`/api/platform-kit/scans/${posted.body.scanId}`)
        .set('Authorization', user());
      if (['succeeded', 'failed'].includes(res.body.status)) return res.body;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(
      `scan did not finish: ${JSON.stringify(
        (
          await request(server)
            .get(`/api/platform-kit/scans/${posted.body.scanId}`)
            .set('Authorization', user())
        ).body,
      )}`,
    );
  }

  it('lists the workflows as components with parity, and keeps them when n8n fails', async () => {
    const knex = await databases.init();
    const scheduler = mockScheduler();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePlatformKit,
        platformKitPlugin,
        n8nModule,
        mockServices.database.factory({ knex }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({
          data: {
            platformKit: {
              scanAttempts: 1,
              targets: [
                {
                  id: 'n8n-prod',
                  entityRef: N8N,
                  kind: 'connector',
                  connector: 'n8n',
                  options: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey },
                },
              ],
            },
            catalog: {
              locations: [{ type: 'file', target: location }],
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              providers: {
                platformKit: {
                  connectors: [
                    {
                      id: 'n8n-prod',
                      owner: 'group:default/automation-team',
                      system: 'system:default/billing',
                    },
                  ],
                },
              },
            },
          },
        }),
      ],
    });
    const { server } = backend;
    const workflows = () =>
      waitForEntities(
        server,
        'kind=component,metadata.annotations.platform-kit.dev/connector=n8n-prod',
        3,
        120_000,
      );
    try {
      await waitForEntities(
        server,
        'kind=resource,metadata.name=n8n-prod',
        1,
        120_000,
      );
      expect((await scan(server)).status).toBe('succeeded');
      await scheduler.triggerTask('platform-kit-connector:n8n-prod:refresh');
      const entities = await workflows();
      expect(
        entities
          .map(e => [e.metadata.title, e.spec?.type, e.spec?.lifecycle])
          .sort(),
      ).toEqual([
        ['Dunning', 'n8n-workflow', 'experimental'],
        ['Send invoices', 'n8n-workflow', 'production'],
        ['Sync customers', 'n8n-workflow', 'production'],
      ]);
      const invoices = entities.find(
        e => e.metadata.title === 'Send invoices',
      )!;
      expect(invoices.spec).toMatchObject({
        system: 'system:default/billing',
      });
      expect(invoices.metadata.tags).toEqual(['billing']);
      expect(invoices.metadata.links?.[0].url).toBe(
        `${n8n.baseUrl}/workflow/wfInvoices01`,
      );

      // The control plane learns the entities from the catalog and gives them the connector's
      // contracts: healthy from the scan; no contract run yet (those run as their own job), so
      // the contract-tests contract is partial.
      await scheduler.triggerTask('platform-kit-catalog-sync');
      const parity = await request(server)
        .get(
          `/api/platform-kit/entities/component/default/${invoices.metadata.name}/parity`,
        )
        .set('Authorization', user());
      expect(parity.status).toBe(200);
      const integration = parity.body.results.find(
        (r: any) => r.capabilityId === 'integration.contracts',
      );
      expect(integration.evidence).toEqual([
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
      expect(integration.status).toBe('partial');

      // n8n breaks: the run fails, the catalog keeps the workflows, and says so.
      n8n.failNext(50, { kind: 'error', status: 503 });
      expect((await scan(server)).status).toBe('failed');
      await scheduler.triggerTask('platform-kit-connector:n8n-prod:refresh');
      expect(await workflows()).toHaveLength(3);
      const connectors = await request(server)
        .get('/api/platform-kit/connectors')
        .set('Authorization', user());
      expect(connectors.body.items[0]).toMatchObject({
        lastRun: { status: 'failed' },
        lastGood: { items: 4 },
        ingestion: { status: 'kept', entities: 3 },
      });
      expect(JSON.stringify(connectors.body)).not.toContain(n8n.apiKey);
    } finally {
      await backend.stop();
    }
  });
});
