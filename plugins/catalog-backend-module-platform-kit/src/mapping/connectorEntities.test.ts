import type { Entity } from '@backstage/catalog-model';
import {
  n8nItems,
  odooItems,
  supersetItems,
} from '../__testUtils__/inventoryFixtures';
import { expectValidEntity } from '../__testUtils__/validateEntity';
import { connectorItemsToEntities } from './connectorEntities';

const byId = (entities: Entity[], id: string) =>
  entities.find(
    e => e.metadata.annotations?.['platform-kit.dev/source-id'] === id,
  )!;
const refOf = (e: Entity) =>
  `${e.kind.toLowerCase()}:${e.metadata.namespace}/${e.metadata.name}`;

describe('connectorItemsToEntities', () => {
  const n8n = connectorItemsToEntities(n8nItems(12), {
    connectorId: 'n8n-prod',
    connector: 'n8n',
    owner: 'group:default/automation-team',
    owners: { 'data-team': 'group:default/data' },
  });
  const superset = connectorItemsToEntities(
    supersetItems({ dashboards: 3, charts: 6, datasets: 4 }),
    {
      connectorId: 'superset-prod',
      connector: 'superset',
      owner: 'group:default/bi',
      system: 'system:default/analytics',
    },
  );
  const odoo = connectorItemsToEntities(odooItems({ modules: 3, models: 5 }), {
    connectorId: 'odoo-prod',
    connector: 'odoo',
    owner: 'group:default/erp',
    namespace: 'erp',
  });

  it('produces entities the catalog accepts, with unique names', async () => {
    for (const { entities } of [n8n, superset, odoo]) {
      for (const entity of entities) await expectValidEntity(entity);
      expect(new Set(entities.map(refOf)).size).toBe(entities.length);
    }
    expect(n8n.entities).toHaveLength(12);
    expect(superset.entities).toHaveLength(13);
    expect(odoo.entities).toHaveLength(8);
  });

  it('is stable across runs', () => {
    const again = connectorItemsToEntities(n8nItems(12), {
      connectorId: 'n8n-prod',
      connector: 'n8n',
      owner: 'group:default/automation-team',
      owners: { 'data-team': 'group:default/data' },
    });
    expect(again.entities).toEqual(n8n.entities);
  });

  it('maps n8n workflows to Components with lifecycle from active, system, tags, link and annotations', () => {
    const active = byId(n8n.entities, 'Wf1X1');
    const inactive = byId(n8n.entities, 'Wf0X0');
    expect(active).toMatchObject({
      kind: 'Component',
      metadata: {
        title: 'Workflow 1: sync orders',
        tags: ['crm-sync', 'nightly'],
        links: [
          { url: 'http://n8n.test/workflow/Wf1X1', title: 'Open in n8n' },
        ],
        annotations: {
          'backstage.io/managed-by-location': 'platform-kit-connector:n8n-prod',
          'backstage.io/managed-by-origin-location':
            'platform-kit-connector:n8n-prod',
          'platform-kit.dev/connector': 'n8n-prod',
          'platform-kit.dev/connector-kind': 'n8n',
          'platform-kit.dev/source-id': 'Wf1X1',
          'platform-kit.dev/source-type': 'workflow',
        },
      },
      spec: {
        type: 'n8n-workflow',
        lifecycle: 'production',
        owner: 'group:default/automation-team',
        system: 'system:default/acme-tasks',
      },
    });
    expect(inactive.spec?.lifecycle).toBe('experimental');
    // a relation to a tag item becomes a tag, tag items are not entities
    expect(inactive.metadata.tags).toEqual(['billing-jobs', 'etl', 'nightly']);
    expect(n8n.skipped).toEqual([
      { itemId: 'tag-1', type: 'tag', reason: 'not an entity' },
    ]);
  });

  it('maps source owners through the config, keeps owners that are refs, else the default', () => {
    expect(byId(n8n.entities, 'Wf0X0').spec?.owner).toBe('group:default/data');
    expect(byId(superset.entities, 'dashboard-1').spec?.owner).toBe(
      'group:default/data-team',
    );
    expect(byId(superset.entities, 'dataset-1').spec?.owner).toBe(
      'group:default/bi',
    );
  });

  it('makes dashboards depend on their charts and datasets, charts on their dataset', () => {
    const dashboard = byId(superset.entities, 'dashboard-0');
    const dataset0 = refOf(byId(superset.entities, 'dataset-0'));
    expect(dashboard).toMatchObject({
      kind: 'Component',
      spec: {
        type: 'superset-dashboard',
        lifecycle: 'experimental',
        system: 'system:default/analytics',
      },
    });
    expect(dashboard.spec?.dependsOn).toContain(dataset0);
    expect(dashboard.spec?.dependsOn).toContain(
      refOf(byId(superset.entities, 'chart-0')),
    );
    expect(byId(superset.entities, 'chart-0')).toMatchObject({
      kind: 'Component',
      spec: { type: 'superset-chart', dependsOn: [dataset0] },
    });
    expect(byId(superset.entities, 'dataset-0')).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'superset-prod-dataset-dataset-0',
        title: 'public.orders_0',
      },
      spec: { type: 'superset-dataset' },
    });
  });

  it('makes Odoo models a dependency of their module and modules depend on modules', () => {
    const module1 = byId(odoo.entities, 'module-1');
    expect(module1).toMatchObject({
      kind: 'Component',
      metadata: { namespace: 'erp', title: 'Acme Module 1' },
      spec: {
        type: 'odoo-module',
        lifecycle: 'production',
        dependsOn: ['component:erp/odoo-prod-module-module-0'],
      },
    });
    expect(byId(odoo.entities, 'module-0').spec?.lifecycle).toBe(
      'experimental',
    );
    expect(byId(odoo.entities, 'model-4')).toMatchObject({
      kind: 'Resource',
      metadata: { title: 'acme.model_4' },
      spec: { type: 'odoo-model', dependencyOf: [refOf(module1)] },
    });
    expect(byId(odoo.entities, 'model-4').metadata.links).toBeUndefined();
  });

  it('drops relations to unknown items, keeps entity refs, and maps unknown types to Resources', () => {
    const { entities, skipped } = connectorItemsToEntities(
      [
        {
          id: '1',
          type: 'report',
          name: 'Weekly',
          relations: [
            { type: 'dependsOn', itemId: 'nope' },
            { type: 'dependsOn', entityRef: 'resource:default/db' },
            { type: 'dependsOn', entityRef: 'not a ref:' },
            { type: 'partOf', entityRef: 'component:default/app' },
          ],
        },
        { id: '1', type: 'report', name: 'Duplicate' },
      ],
      {
        connectorId: 'metabase-1',
        connector: 'metabase',
        owner: 'group:default/bi',
      },
    );
    expect(entities).toHaveLength(1);
    expect(entities[0].spec).toEqual({
      type: 'metabase-report',
      owner: 'group:default/bi',
      dependsOn: ['resource:default/db'],
      dependencyOf: ['component:default/app'],
    });
    expect(skipped).toEqual([
      { itemId: '1', type: 'report', reason: 'duplicate id' },
    ]);
  });
});
