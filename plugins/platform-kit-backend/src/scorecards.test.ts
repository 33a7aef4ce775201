import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TestDatabase } from '@platform-kit/devtools';
import request from 'supertest';
import { openApiProblems } from './__testUtils__/openApiValidator';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { user } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

function resource(name: string, owner: string, system: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', title: name.toUpperCase() },
    spec: { type: 'supabase-project', owner, system },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      { type: 'partOf', targetRef: `system:default/${system}` },
    ],
  };
}
const system = (name: string, domain: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'platform', domain },
  relations: [{ type: 'partOf', targetRef: `domain:default/${domain}` }],
});

describe('GET /scorecards', () => {
  let clean: TestDatabase;
  let leaky: TestDatabase;
  let server: any;

  beforeAll(async () => {
    clean = await controlPlane.targetDatabase();
    leaky = await controlPlane.targetDatabase(
      'create table public.open_data (id int primary key)',
    );
    const target = (name: string, db: TestDatabase) =>
      projectTarget(`resource:default/${name}`, db.url);
    ({ server } = await controlPlane.start({
      targets: [
        target('payments-db', clean),
        target('ledger-db', leaky),
        target('search-db', clean),
      ],
      config: { scanOnStartup: true },
      catalog: catalogServiceMock.factory({
        entities: [
          resource('payments-db', 'payments-team', 'payments'),
          resource('ledger-db', 'payments-team', 'payments'),
          resource('search-db', 'search-team', 'search'),
          system('payments', 'money'),
          system('search', 'discovery'),
        ],
      }),
      scheduler: mockServices.scheduler.factory(),
    }));
    // Wait until the start-up scans and the catalog sync have landed.
    for (let i = 0; ; i++) {
      if (i === 300) throw new Error('start-up scans did not land within 60 s');
      const res = await request(server)
        .get('/api/platform-kit/scorecards')
        .set('Authorization', user());
      if (
        res.body.total === 3 &&
        res.body.items.every((r: any) => r.score !== null && r.owner)
      )
        break;
      await new Promise(r => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    await clean.drop();
    await leaky.drop();
  });

  it('lists every entity with score, owner, system, domain and failing capabilities, worst first', async () => {
    const res = await request(server)
      .get('/api/platform-kit/scorecards')
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(openApiProblems('GET', '/scorecards', 200, res.body)).toEqual([]);
    expect(res.body.total).toBe(3);
    const [worst, ...rest] = res.body.items;
    expect(worst).toMatchObject({
      entityRef: 'resource:default/ledger-db',
      title: 'LEDGER-DB',
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      domain: 'domain:default/money',
    });
    expect(worst.score).toBeLessThan(rest[0].score);
    expect(rest.map((r: any) => r.score)).toEqual([100, 100]);
    expect(rest.every((r: any) => r.failingCapabilities.length === 0)).toBe(
      true,
    );
  });

  it('rolls up by owner, system and domain with counts, averages and the worst capabilities', async () => {
    const byOwner = await request(server)
      .get('/api/platform-kit/scorecards?groupBy=owner&sort=name')
      .set('Authorization', user());
    expect(byOwner.body.items.map((g: any) => [g.key, g.entities])).toEqual([
      ['group:default/payments-team', 2],
      ['group:default/search-team', 1],
    ]);
    const payments = byOwner.body.items[0];
    expect(payments.minScore).toBeLessThan(100);
    expect(payments.averageScore).toBeCloseTo((payments.minScore + 100) / 2, 0);
    expect(payments.worstCapabilities).toEqual(['db.row-level-security']);
    const byDomain = await request(server)
      .get('/api/platform-kit/scorecards?groupBy=domain')
      .set('Authorization', user());
    expect(byDomain.body.items.map((g: any) => g.key)).toEqual([
      'domain:default/money',
      'domain:default/discovery',
    ]);
  });

  it('filters, pages and validates its query', async () => {
    const page = await request(server)
      .get('/api/platform-kit/scorecards?sort=name&order=asc&limit=1&offset=1')
      .set('Authorization', user());
    expect(page.body).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(page.body.items.map((r: any) => r.title)).toEqual(['PAYMENTS-DB']);
    const owner = await request(server)
      .get('/api/platform-kit/scorecards?owner=group:default/search-team')
      .set('Authorization', user());
    expect(owner.body.items.map((r: any) => r.entityRef)).toEqual([
      'resource:default/search-db',
    ]);
    const search = await request(server)
      .get('/api/platform-kit/scorecards?q=ledg')
      .set('Authorization', user());
    expect(search.body.total).toBe(1);
    const bad = await request(server)
      .get('/api/platform-kit/scorecards?groupBy=team')
      .set('Authorization', user());
    expect(bad.status).toBe(400);
  });

  it('filters by system, domain and kind, and sorts by name both ways', async () => {
    const get = async (query: string) =>
      (
        await request(server)
          .get(`/api/platform-kit/scorecards?${query}`)
          .set('Authorization', user())
      ).body.items.map((r: any) => r.entityRef);
    expect(await get('system=system:default/search')).toEqual([
      'resource:default/search-db',
    ]);
    expect(await get('domain=domain:default/money&sort=name')).toEqual([
      'resource:default/ledger-db',
      'resource:default/payments-db',
    ]);
    expect(await get('kind=Component')).toEqual([]);
    expect(await get('sort=name&order=desc')).toEqual([
      'resource:default/search-db',
      'resource:default/payments-db',
      'resource:default/ledger-db',
    ]);
    expect((await get('sort=score&order=desc'))[2]).toBe(
      'resource:default/ledger-db',
    );
  });

  it('answers from its cache only until an entity changes', async () => {
    const ledger = async () =>
      (
        await request(server)
          .get('/api/platform-kit/scorecards?q=ledger')
          .set('Authorization', user())
      ).body.items[0];
    const before = await ledger();
    const unmet = (row: any) => [
      ...row.failingCapabilities,
      ...row.partialCapabilities,
    ];
    expect(unmet(before)).toContain('db.row-level-security');
    // Twice, the second from the cache: the same answer.
    expect(await ledger()).toEqual(before);
    const exemption = await request(server)
      .post('/api/platform-kit/exemptions')
      .set('Authorization', user())
      .send({
        entityRef: 'resource:default/ledger-db',
        capabilityId: 'db.row-level-security',
        reason: 'Open data by design, reviewed by security',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    expect(exemption.status).toBe(201);
    const after = await ledger();
    expect(unmet(after)).not.toContain('db.row-level-security');
    expect(after.score).toBeGreaterThan(before.score);
  });
});
