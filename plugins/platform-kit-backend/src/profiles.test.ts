import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TestDatabase } from '@platform-kit/devtools';
import request from 'supertest';
import { openApiProblems } from './__testUtils__/openApiValidator';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { scanAndWait, user } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

const DB = 'resource:default/shop-db';
const entity = (
  kind: string,
  name: string,
  extra: Partial<Entity['spec']> = {},
  relations: Entity['relations'] = [],
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec: { owner: 'shop-team', ...extra },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/shop-team' },
    ...relations,
  ],
});
const dependsOnDb = [{ type: 'dependsOn', targetRef: DB }];

async function get(server: any, path: string) {
  const res = await request(server)
    .get(`/api/platform-kit${path}`)
    .set('Authorization', user());
  expect(
    openApiProblems(
      'GET',
      path
        .split('?')[0]
        .replace(
          /\/entities\/[^/]+\/[^/]+\/[^/]+/,
          '/entities/{kind}/{namespace}/{name}',
        )
        .replace(/\/scans\/[^/]+$/, '/scans/{id}'),
      res.status,
      res.body,
    ),
  ).toEqual([]);
  return res;
}

const applied = (body: any) =>
  body.results
    .filter((r: any) => r.status !== 'not_applicable')
    .map((r: any) => r.capabilityId);

/** The catalog, which a test can make come back empty (as while it starts) or fail. */
let catalogState: 'up' | 'empty' | 'down' = 'up';
function catalogFactory(options: { entities: Entity[] }) {
  const inner = catalogServiceMock(options);
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () =>
      new Proxy(inner, {
        get(t, prop) {
          if (prop === 'streamEntities' && catalogState !== 'up') {
            return async function* stream() {
              if (catalogState === 'down')
                throw new Error('catalog unavailable');
              yield [];
            };
          }
          const value = (t as any)[prop];
          return typeof value === 'function' ? value.bind(t) : value;
        },
      }),
  });
}

describe('profiles: which capabilities apply to which entities', () => {
  let target: TestDatabase;
  let server: any;
  // Tasks run when the test says so (the first scheduled scan, the catalog sync).
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };

  beforeAll(async () => {
    target = await controlPlane.targetDatabase(
      'create table public.orders (id int primary key); grant select on public.orders to anon, authenticated',
    );
    ({ server } = await controlPlane.start({
      targets: [projectTarget(DB, target.url)],
      config: {
        profiles: [
          {
            id: 'public-apis',
            match: { kind: ['API'], type: ['openapi'] },
            capabilities: ['db.api-exposure'],
          },
        ],
      },
      scheduler: scheduler.factory({ skipTaskRunOnStartup: true }),
      catalog: catalogFactory({
        entities: [
          entity('Resource', 'shop-db', { type: 'supabase-project' }, [
            { type: 'dependencyOf', targetRef: 'component:default/shop-web' },
            {
              type: 'dependencyOf',
              targetRef: 'component:default/shop-admin',
            },
            {
              type: 'dependencyOf',
              targetRef: 'component:default/shop-legacy',
            },
          ]),
          entity('Component', 'shop-web', { type: 'website' }, dependsOnDb),
          entity('Component', 'shop-admin', { type: 'website' }, dependsOnDb, {
            'platform-kit.dev/exclude-capabilities':
              'repo.*, db.extension-isolation',
          }),
          entity('Component', 'shop-legacy', { type: 'service' }, dependsOnDb, {
            'platform-kit.dev/profile': 'none',
          }),
          entity('Resource', 'orders-flow', { type: 'n8n-workflow' }, [], {
            'platform-kit.dev/connector': 'n8n',
          }),
          entity('API', 'shop-api', { type: 'openapi' }),
        ],
      }),
    }));
  });
  afterAll(async () => {
    await target.drop();
  });

  it('knows profiled entities from the catalog sync, before anything is scanned', async () => {
    const unknown = await get(
      server,
      '/entities/component/default/shop-web/parity',
    );
    expect(unknown.body.error.message).toBe(
      'component:default/shop-web has no Platform Kit profile: no capabilities apply to it',
    );
    await scheduler.triggerTask('platform-kit-catalog-sync');
    const scorecards = await get(server, '/scorecards?sort=name&order=asc');
    expect(
      scorecards.body.items.map((r: any) => [r.entityRef, r.score]),
    ).toEqual([
      ['resource:default/orders-flow', null],
      ['component:default/shop-admin', null],
      ['api:default/shop-api', null],
      [DB, null],
      ['component:default/shop-web', null],
    ]);
  });

  it('evaluates a Component from the Supabase project it depends on as soon as that is scanned', async () => {
    const before = await get(
      server,
      '/entities/component/default/shop-web/parity',
    );
    expect(before.status).toBe(404);
    expect(before.body.error.message).toMatch(/not been evaluated yet/);

    expect((await scanAndWait(server, DB)).status).toBe('succeeded');
    const db = await get(server, '/entities/resource/default/shop-db/parity');
    expect(applied(db.body)).toEqual([
      'db.row-level-security',
      'db.function-security',
      'db.api-exposure',
      'db.extension-isolation',
    ]);
    expect(db.body.profile.profiles).toEqual(['supabase-project']);

    const web = await get(
      server,
      '/entities/component/default/shop-web/parity',
    );
    expect(web.status).toBe(200);
    expect(web.body.profile).toEqual({
      profiles: ['component'],
      applicable: [
        'db.row-level-security',
        'db.function-security',
        'db.api-exposure',
        'db.extension-isolation',
        'repo.spec-bundle',
        'repo.delivery-gates',
      ],
      dependsOn: [DB],
    });
    expect(web.body.scan).toBeNull();
    expect(web.body.sources.dependencies).toEqual([
      { entityRef: DB, scanId: db.body.scan.id },
    ]);
    const byId = Object.fromEntries(
      web.body.results.map((r: any) => [r.capabilityId, r]),
    );
    // The exposed table without RLS breaks the project, and so the Component that uses it.
    expect(byId['db.row-level-security'].status).not.toBe('pass');
    expect(byId['db.row-level-security'].status).toBe(
      db.body.results.find(
        (r: any) => r.capabilityId === 'db.row-level-security',
      ).status,
    );
    // No repository reports for it: repo.* cannot pass, and the evidence says why.
    expect(byId['repo.spec-bundle'].status).toBe('fail');
    expect(byId['repo.spec-bundle'].evidence[0].note).toBe(
      'Nothing has reported these facts yet',
    );

    const findings = await get(
      server,
      '/entities/component/default/shop-web/findings?level=ERROR',
    );
    expect(findings.body.sources).toEqual([DB]);
    expect(findings.body.items.length).toBeGreaterThan(0);
    expect(findings.body.items.every((f: any) => f.source === DB)).toBe(true);
  });

  it('honours annotations that exclude capabilities or opt out', async () => {
    const admin = await get(
      server,
      '/entities/component/default/shop-admin/parity',
    );
    expect(applied(admin.body)).toEqual([
      'db.row-level-security',
      'db.function-security',
      'db.api-exposure',
    ]);
    const legacy = await get(
      server,
      '/entities/component/default/shop-legacy/parity',
    );
    expect(legacy.status).toBe(404);
    expect(legacy.body.error.message).toMatch(/no Platform Kit profile/);
  });

  it('scans a Component through the projects it depends on', async () => {
    const res = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: 'component:default/shop-web' });
    expect(res.status).toBe(202);
    expect(res.body.scanIds).toHaveLength(1);
    const scan = await get(server, `/scans/${res.body.scanId}`);
    expect(scan.body.entityRef).toBe(DB);
  });

  it('lists profiled entities in the scorecards, evaluated or not, and leaves out the rest', async () => {
    const res = await get(server, '/scorecards?sort=name&order=asc');
    const refs = res.body.items.map((r: any) => r.entityRef);
    expect(refs).toEqual([
      'resource:default/orders-flow',
      'component:default/shop-admin',
      'api:default/shop-api',
      DB,
      'component:default/shop-web',
    ]);
    expect(refs).not.toContain('component:default/shop-legacy');
    const web = res.body.items.find(
      (r: any) => r.entityRef === 'component:default/shop-web',
    );
    expect(web.owner).toBe('group:default/shop-team');
    expect([...web.failingCapabilities, ...web.partialCapabilities]).toContain(
      'db.row-level-security',
    );
  });

  it('keeps what it knows when the catalog comes back empty or fails', async () => {
    const before = (await get(server, '/scorecards?sort=name')).body;
    for (const state of ['empty', 'down'] as const) {
      catalogState = state;
      await scheduler
        .triggerTask('platform-kit-catalog-sync')
        .catch(() => undefined);
      expect((await get(server, '/scorecards?sort=name')).body).toEqual(before);
    }
    catalogState = 'up';
  });
});
