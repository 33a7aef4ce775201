import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogEntities,
  discoveryTo,
  startCatalog,
  waitForEntities,
} from './__testUtils__/catalogBackend';
import {
  ControlPlaneStandIn,
  goodConnector,
  scanId,
  startControlPlaneStandIn,
} from './__testUtils__/controlPlaneStandIn';
import { n8nItems, supersetItems } from './__testUtils__/inventoryFixtures';

jest.setTimeout(120_000);

const relationsOf = (e: Entity, type: string) =>
  (e.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

describe('catalogModulePlatformKit with the real catalog', () => {
  let standIn: ControlPlaneStandIn;
  beforeEach(async () => {
    standIn = await startControlPlaneStandIn();
  });
  afterEach(async () => {
    await standIn.close();
    standIn.assertNoProblems();
  });

  it('ingests connector inventory and Supabase projects, and keeps them after a failing run', async () => {
    standIn.state.connectors.set(
      'superset-prod',
      goodConnector(
        'superset-prod',
        'superset',
        supersetItems({ dashboards: 2, charts: 3, datasets: 2 }),
      ),
    );
    standIn.state.connectors.set(
      'n8n-prod',
      goodConnector('n8n-prod', 'n8n', n8nItems(4)),
    );
    standIn.state.targets = [
      {
        id: 'acme-db',
        kind: 'supabase-project',
        entityRef: 'resource:default/acme-db',
        exposedSchemas: ['public'],
      },
    ];
    const { backend, scheduler } = await startCatalog({
      platformKit: {
        supabase: {
          owner: 'group:default/platform-team',
          system: 'system:default/acme-tasks',
          schemas: true,
        },
        connectors: [
          { id: 'superset-prod', owner: 'group:default/bi' },
          {
            id: 'n8n-prod',
            owner: 'group:default/automation-team',
            system: 'system:default/acme-tasks',
          },
        ],
      },
      features: [discoveryTo(standIn.baseUrl)],
    });
    try {
      await scheduler.triggerTask(
        'platform-kit-connector:superset-prod:refresh',
      );
      await scheduler.triggerTask('platform-kit-connector:n8n-prod:refresh');
      await scheduler.triggerTask('platform-kit-supabase:refresh');
      const hasRelations = (es: Entity[]) =>
        es.every(e => (e.relations ?? []).length > 0);
      const superset = await waitForEntities(
        backend.server,
        'metadata.annotations.platform-kit.dev/connector=superset-prod',
        7,
        60_000,
        hasRelations,
      );
      const dashboard = superset.find(
        e =>
          e.spec?.type === 'superset-dashboard' &&
          e.metadata.name.endsWith('dashboard-0'),
      )!;
      expect(dashboard.kind).toBe('Component');
      expect(relationsOf(dashboard, 'dependsOn')).toEqual([
        'component:default/superset-prod-chart-chart-0',
        'component:default/superset-prod-chart-chart-1',
        'component:default/superset-prod-chart-chart-2',
        'resource:default/superset-prod-dataset-dataset-0',
      ]);
      expect(relationsOf(dashboard, 'ownedBy')).toEqual(['group:default/bi']);
      const dataset = superset.find(
        e => e.metadata.name === 'superset-prod-dataset-dataset-0',
      )!;
      expect(dataset.kind).toBe('Resource');
      expect(relationsOf(dataset, 'dependencyOf')).toContain(
        'component:default/superset-prod-dashboard-dashboard-0',
      );

      const workflows = await waitForEntities(
        backend.server,
        'kind=component,spec.type=n8n-workflow',
        4,
        60_000,
        hasRelations,
      );
      expect(
        workflows.every(w =>
          relationsOf(w, 'partOf').includes('system:default/acme-tasks'),
        ),
      ).toBe(true);

      const supabase = await waitForEntities(
        backend.server,
        'metadata.annotations.platform-kit.dev/target=acme-db',
        2,
        60_000,
        hasRelations,
      );
      const project = supabase.find(e => e.spec?.type === 'supabase-project')!;
      expect(project.metadata.name).toBe('acme-db');
      expect(relationsOf(project, 'dependsOn')).toEqual([
        'resource:default/acme-db-public',
      ]);

      // The source fails: the provider keeps what the catalog has.
      standIn.state.connectors.get('superset-prod')!.lastRun = {
        scanId: scanId(2),
        status: 'failed',
        at: new Date().toISOString(),
        error: 'superset answered 503',
      };
      await scheduler.triggerTask(
        'platform-kit-connector:superset-prod:refresh',
      );
      // ... and the control plane cannot even be read.
      standIn.state.down = 503;
      await scheduler.triggerTask(
        'platform-kit-connector:superset-prod:refresh',
      );
      await scheduler.triggerTask('platform-kit-supabase:refresh');
      await new Promise(r => setTimeout(r, 2_000));
      expect(
        await catalogEntities(
          backend.server,
          'metadata.annotations.platform-kit.dev/connector=superset-prod',
        ),
      ).toHaveLength(7);
      expect(
        await catalogEntities(
          backend.server,
          'metadata.annotations.platform-kit.dev/target=acme-db',
        ),
      ).toHaveLength(2);
      // (the 'failed' report of the last run cannot reach a control plane that is down)
      expect(
        standIn.state.reports
          .filter(r => r.connectorId === 'superset-prod')
          .map(r => r.status),
      ).toEqual(['applied', 'kept']);
      expect(
        standIn.state.requests.filter(r => r.startsWith('POST')),
      ).toHaveLength(4);

      // A good run with fewer items replaces the entities (full mutation).
      standIn.state.down = undefined;
      standIn.state.connectors.set(
        'superset-prod',
        goodConnector(
          'superset-prod',
          'superset',
          supersetItems({ dashboards: 1, charts: 0, datasets: 1 }),
          scanId(3),
        ),
      );
      await scheduler.triggerTask(
        'platform-kit-connector:superset-prod:refresh',
      );
      await waitForEntities(
        backend.server,
        'metadata.annotations.platform-kit.dev/connector=superset-prod',
        2,
      );
    } finally {
      await backend.stop();
    }
  });

  it('registers nothing when it is not configured', async () => {
    const { backend, scheduler } = await startCatalog({
      platformKit: undefined,
    });
    try {
      const tasks = (await scheduler.getScheduledTasks()).map(t => t.id);
      expect(tasks.filter(id => id.startsWith('platform-kit'))).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start with invalid config, naming the path', async () => {
    await expect(
      startCatalog({
        platformKit: { connectors: [{ id: 'n8n-prod' }] },
        features: [mockServices.logger.factory()],
      }),
    ).rejects.toThrow(
      /catalog\.providers\.platformKit\.connectors\[0\]\.owner/,
    );
  });
});
