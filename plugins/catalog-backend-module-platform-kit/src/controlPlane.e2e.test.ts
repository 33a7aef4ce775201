import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
// The end-to-end test runs the control plane beside the catalog, as a backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformKitPlugin from '@platform-kit/plugin-platform-kit-backend';
import catalogModulePlatformKit from './index';
import { kitTestDatabases } from './__testUtils__/testDatabases';
import {
  catalogEntities,
  mockScheduler,
  waitForEntities,
} from './__testUtils__/catalogBackend';

jest.setTimeout(180_000);

const databases = kitTestDatabases();

const relationsOf = (e: Entity, type: string) =>
  (e.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

describe('with the real control plane (platform-kit backend plugin)', () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await createTestDatabase();
  });
  afterAll(async () => {
    await target?.drop();
  });

  it('ingests Supabase targets from /targets and reports connector runs it cannot make', async () => {
    const knex = await databases.init();
    const scheduler = mockScheduler();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePlatformKit,
        platformKitPlugin,
        mockServices.database.factory({ knex }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({
          data: {
            platformKit: {
              targets: [
                {
                  id: 'acme-db',
                  entityRef: 'resource:default/acme-db',
                  kind: 'supabase-project',
                  connectionString: target.url,
                  exposedSchemas: ['public', 'api'],
                },
                {
                  id: 'billing-db',
                  entityRef: 'resource:default/billing-db',
                  kind: 'supabase-project',
                  connectionString: target.url,
                },
              ],
            },
            catalog: {
              providers: {
                platformKit: {
                  supabase: {
                    owner: 'group:default/platform-team',
                    schemas: true,
                  },
                  connectors: [
                    { id: 'n8n-prod', owner: 'group:default/automation-team' },
                  ],
                },
              },
            },
          },
        }),
      ],
    });
    try {
      await scheduler.triggerTask('platform-kit-supabase:refresh');
      const entities = await waitForEntities(
        backend.server,
        'kind=resource,metadata.annotations.platform-kit.dev/target',
        4,
        120_000,
        es => es.every(e => (e.relations ?? []).length > 0),
      );
      const names = entities
        .map(e => `${e.spec?.type} ${e.metadata.name}`)
        .sort();
      expect(names).toEqual([
        'database-schema acme-db-api',
        'database-schema acme-db-public',
        'supabase-project acme-db',
        // never scanned: the control plane answers 404 for its schemas, so none yet
        'supabase-project billing-db',
      ]);
      const project = entities.find(e => e.metadata.name === 'acme-db')!;
      expect(relationsOf(project, 'dependsOn')).toEqual([
        'resource:default/acme-db-api',
        'resource:default/acme-db-public',
      ]);

      // The control plane has no connector n8n-prod: nothing is applied.
      await scheduler.triggerTask('platform-kit-connector:n8n-prod:refresh');
      expect(
        await catalogEntities(
          backend.server,
          'metadata.annotations.platform-kit.dev/connector=n8n-prod',
        ),
      ).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
