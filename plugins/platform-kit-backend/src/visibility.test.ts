import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TestDatabase } from '@platform-kit/devtools';
import { Knex } from 'knex';
import request from 'supertest';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { callApi, user } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

const resource = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type: 'supabase-project', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});
const entities = [
  resource('orders-db', 'shop'),
  resource('stock-db', 'shop'),
  resource('salaries-db', 'hr'),
];

/** Catalog read access of users, as a permission policy would decide it. */
let catalogRead: AuthorizeResult = AuthorizeResult.ALLOW;

describe('scorecards follow catalog read access', () => {
  let target: TestDatabase;
  let server: any;
  let knex: Knex;

  beforeAll(async () => {
    target = await controlPlane.targetDatabase();
    const inner = new InMemoryCatalogClient({ entities });
    const hrOwned = new Set(
      entities.filter(e => e.spec?.owner === 'hr').map(e => e.metadata.name),
    );
    // The catalog applies the conditional decision: users do not see HR's entities.
    const catalog = new Proxy(inner, {
      get(t, prop) {
        if (prop === 'getEntityByRef') {
          return async (ref: any, options: any) => {
            const entity = await t.getEntityByRef(ref);
            return options?.credentials?.principal?.type === 'user' &&
              entity &&
              hrOwned.has(entity.metadata.name)
              ? undefined
              : entity;
          };
        }
        if (prop === 'getEntitiesByRefs') {
          return async (req: any, options: any) => {
            const res = await t.getEntitiesByRefs(req);
            if (options?.credentials?.principal?.type !== 'user') return res;
            return {
              items: res.items.map(e =>
                e && !hrOwned.has(e.metadata.name) ? e : undefined,
              ),
            };
          };
        }
        const value = (t as any)[prop];
        return typeof value === 'function' ? value.bind(t) : value;
      },
    });
    knex = await controlPlane.opsStore();
    ({ server } = await controlPlane.start({
      knex,
      targets: entities.map(e =>
        projectTarget(`resource:default/${e.metadata.name}`, target.url),
      ),
      scheduler: mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      catalog: createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog as any,
      }),
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(() =>
            catalogRead === AuthorizeResult.CONDITIONAL
              ? {
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    rule: 'IS_ENTITY_OWNER',
                    resourceType: 'catalog-entity',
                    params: { claims: ['group:default/shop'] },
                  },
                }
              : ({ result: catalogRead } as any),
          ),
      }).factory,
    }));
    // Scheduled scans are first due at the nightly time: scan each project now
    // (users cannot follow the HR project's scan, so the ops store is asked).
    for (const e of entities)
      await callApi(server, 'post', '/scans', {
        entityRef: `resource:default/${e.metadata.name}`,
      });
    for (let i = 0; i < 300; i++) {
      const open = await knex('ops.scans')
        .whereIn('status', ['queued', 'running'])
        .count({ n: '*' });
      if (Number(open[0].n) === 0) break;
      await new Promise(r => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await target.drop();
  });

  const scorecards = (query = '') =>
    request(server)
      .get(`/api/platform-kit/scorecards${query}`)
      .set('Authorization', user());

  it('shows every entity when catalog reads are allowed outright', async () => {
    catalogRead = AuthorizeResult.ALLOW;
    const res = await scorecards('?sort=name');
    expect(res.body.items.map((r: any) => r.entityRef)).toEqual([
      'resource:default/orders-db',
      'resource:default/salaries-db',
      'resource:default/stock-db',
    ]);
    expect(res.body.items.every((r: any) => r.score !== null)).toBe(true);
  });

  it('shows only what the catalog lets the caller read when access is conditional, in rows and roll-ups', async () => {
    catalogRead = AuthorizeResult.CONDITIONAL;
    const rows = await scorecards('?sort=name');
    expect(rows.body.total).toBe(2);
    expect(rows.body.items.map((r: any) => r.entityRef)).toEqual([
      'resource:default/orders-db',
      'resource:default/stock-db',
    ]);
    const byOwner = await scorecards('?groupBy=owner');
    expect(byOwner.body.items.map((g: any) => [g.key, g.entities])).toEqual([
      ['group:default/shop', 2],
    ]);
  });

  it('shows nothing when catalog reads are denied', async () => {
    catalogRead = AuthorizeResult.DENY;
    const res = await scorecards();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, items: [] });
  });

  it('shows jobs and scans only of entities the caller can read', async () => {
    catalogRead = AuthorizeResult.CONDITIONAL;
    const jobs = await request(server)
      .get('/api/platform-kit/jobs')
      .set('Authorization', user());
    const refs = jobs.body.items.map((j: any) => j.entityRef);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs).not.toContain('resource:default/salaries-db');
    expect(jobs.body.total).toBe(refs.length);

    catalogRead = AuthorizeResult.ALLOW;
    const all = await request(server)
      .get('/api/platform-kit/jobs')
      .set('Authorization', user());
    const hidden = all.body.items.find(
      (j: any) => j.entityRef === 'resource:default/salaries-db',
    );
    expect(hidden).toBeDefined();
    // Reading one scan follows the catalog's answer for its entity, whatever the policy says.
    const scan = await request(server)
      .get(`/api/platform-kit/scans/${hidden.id}`)
      .set('Authorization', user());
    expect(scan.status).toBe(404);
    const visibleScan = all.body.items.find(
      (j: any) => j.entityRef === 'resource:default/orders-db',
    );
    expect(
      (
        await request(server)
          .get(`/api/platform-kit/scans/${visibleScan.id}`)
          .set('Authorization', user())
      ).status,
    ).toBe(200);
  });

  it('shows remediation jobs only of entities the caller can read, and retries none of the others', async () => {
    // Applies that failed, one on a readable entity and one on HR's.
    const plans: Record<string, string> = {};
    for (const name of ['orders-db', 'salaries-db']) {
      const ref = `resource:default/${name}`;
      const t = await knex('ops.targets').where({ entity_ref: ref }).first();
      const [row] = await knex('ops.remediation_plans')
        .insert({
          project_id: t.project_id,
          target_id: t.id,
          entity_ref: ref,
          status: 'failed',
          plan: JSON.stringify({ patches: [] }),
          sql: '-- nothing',
          created_by: 'user:default/someone',
          applied_by: 'user:default/someone',
          started_at: knex.fn.now(),
          finished_at: knex.fn.now(),
          apply_attempts: 1,
          error: 'boom',
        })
        .returning('id');
      plans[name] = row.id;
    }
    catalogRead = AuthorizeResult.CONDITIONAL;
    const jobs = await request(server)
      .get('/api/platform-kit/jobs?type=remediation')
      .set('Authorization', user());
    expect(jobs.body.items.map((j: any) => j.id)).toEqual([plans['orders-db']]);
    expect(jobs.body.total).toBe(1);

    catalogRead = AuthorizeResult.ALLOW;
    const all = await request(server)
      .get('/api/platform-kit/jobs?type=remediation')
      .set('Authorization', user());
    expect(all.body.total).toBe(2);
    // Retrying follows the catalog's answer for the plan's entity: HR's plan is unknown.
    const hidden = await request(server)
      .post(`/api/platform-kit/jobs/${plans['salaries-db']}/retry`)
      .set('Authorization', user());
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(`No job ${plans['salaries-db']}`);
  });
});
