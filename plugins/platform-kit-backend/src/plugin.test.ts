import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { findFreePort, TestDatabase } from '@platform-kit/devtools';
import { Client } from 'pg';
import request from 'supertest';
import { openApiProblems } from './__testUtils__/openApiValidator';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { user, waitForScan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

const ENTITY = 'resource:default/orders-db';
const BROKEN = 'resource:default/broken-db';
let closedPort = 1;

describe('platform-kit backend plugin', () => {
  let target: TestDatabase;
  beforeAll(async () => {
    closedPort = await findFreePort();
    target = await controlPlane.targetDatabase(`
      create table public.orders (id int primary key, card_number text);
      create table public.notes (id int primary key);
      alter table public.notes enable row level security;
      create policy own on public.notes for select to authenticated using (id = 1);
    `);
  });
  afterAll(() => target.drop());

  /** Users see `visible` in the catalog; `denied`: they hold no permission. */
  async function start({ visible = [ENTITY, BROKEN], denied = false } = {}) {
    const { server } = await controlPlane.start({
      targets: [
        projectTarget(ENTITY, target.url),
        projectTarget(
          BROKEN,
          `postgresql://scanner:s3cret-broken@127.0.0.1:${closedPort}/app`,
        ),
      ],
      config: { retryDelaySeconds: 0, scanAttempts: 2 },
      catalog: visible,
      permissions: denied ? () => AuthorizeResult.DENY : undefined,
      scheduler: mockServices.scheduler.factory(),
    });
    return server;
  }

  it('scans on request and serves parity, findings and inventory without leaking the connection string', async () => {
    const server = await start();
    expect(
      (await request(server).get('/api/platform-kit/health')).body,
    ).toEqual({ status: 'ok' });

    // An unreachable target never gets a successful scan: 404 says so, and its scans say why.
    const broken = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: BROKEN });
    const brokenScan = await waitForScan(server, broken.body.scanId);
    expect(brokenScan).toMatchObject({ status: 'failed', attempts: 2 });
    expect(brokenScan.error).toMatch(/^connection: connect ECONNREFUSED/);
    expect(JSON.stringify(brokenScan)).not.toContain('s3cret-broken');
    const retried = await request(server)
      .post(`/api/platform-kit/jobs/${broken.body.scanId}/retry`)
      .set('Authorization', user());
    expect(retried.status).toBe(202);
    expect(retried.body.scanId).not.toBe(broken.body.scanId);
    expect(await waitForScan(server, retried.body.scanId)).toMatchObject({
      status: 'failed',
      entityRef: BROKEN,
    });
    const before = await request(server)
      .get('/api/platform-kit/entities/resource/default/broken-db/parity')
      .set('Authorization', user());
    expect(before.status).toBe(404);
    expect(before.body.error.message).toBe(
      `${BROKEN} has not been evaluated yet: neither it nor anything it depends on has a successful scan`,
    );

    const post = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: ENTITY });
    expect(post.status).toBe(202);
    const scan = await waitForScan(server, post.body.scanId);
    expect(scan).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      entityRef: ENTITY,
      requestedBy: 'user:default/mock',
    });

    const parity = await request(server)
      .get('/api/platform-kit/entities/resource/default/orders-db/parity')
      .set('Authorization', user());
    expect(parity.status).toBe(200);
    const rls = parity.body.results.find(
      (r: any) => r.capabilityId === 'db.row-level-security',
    );
    // Tables without RLS fail one contract; its policies pass the others.
    expect(rls.status).toBe('partial');
    expect(rls.evidence[0].status).toBe('fail');
    expect(rls.evidence[0].findings.map((f: any) => f.cache_key)).toContain(
      'rls_disabled_in_public_public_orders',
    );
    expect(parity.body.score).toBeLessThan(100);
    expect(parity.body.history).toHaveLength(1);

    const errors = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/findings?level=ERROR',
      )
      .set('Authorization', user());
    expect(errors.body.items.map((f: any) => f.name).sort()).toEqual([
      'rls_disabled_in_public',
      'sensitive_columns_exposed',
    ]);

    const inventory = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/inventory?section=relations&limit=1',
      )
      .set('Authorization', user());
    expect(inventory.body).toMatchObject({ total: 2, offset: 0, limit: 1 });
    expect(inventory.body.items).toHaveLength(1);
    const search = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/inventory?q=NOTE',
      )
      .set('Authorization', user());
    expect(search.body.items.map((r: any) => r.name)).toEqual(['notes']);
    // The columns of one table: an exact match on the table, with the schema.
    const columns = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/inventory?section=columns&schema=public&table=orders',
      )
      .set('Authorization', user());
    expect(columns.status).toBe(200);
    expect(columns.body.items.map((c: any) => c.name).sort()).toEqual([
      'card_number',
      'id',
    ]);
    expect(columns.body.total).toBe(2);
    const partial = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/inventory?section=columns&table=order',
      )
      .set('Authorization', user());
    expect(partial.body).toMatchObject({ total: 0, items: [] });
    const otherSchema = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/inventory?section=columns&schema=auth&table=orders',
      )
      .set('Authorization', user());
    expect(otherSchema.body.total).toBe(0);

    // Every response matches the OpenAPI document.
    const entity = '/entities/{kind}/{namespace}/{name}';
    expect(openApiProblems('POST', '/scans', 202, post.body)).toEqual([]);
    expect(openApiProblems('GET', '/scans/{id}', 200, scan)).toEqual([]);
    expect(
      openApiProblems('GET', `${entity}/parity`, 200, parity.body),
    ).toEqual([]);
    expect(
      openApiProblems('GET', `${entity}/findings`, 200, errors.body),
    ).toEqual([]);
    expect(
      openApiProblems('GET', `${entity}/inventory`, 200, inventory.body),
    ).toEqual([]);
    expect(
      openApiProblems('GET', `${entity}/inventory`, 200, columns.body),
    ).toEqual([]);
    expect(
      openApiProblems('GET', `${entity}/parity`, 404, before.body),
    ).toEqual([]);
    const password = new URL(target.url).password;
    for (const body of [
      post.body,
      scan,
      parity.body,
      errors.body,
      inventory.body,
    ]) {
      expect(JSON.stringify(body)).not.toContain(password);
    }
  });

  it('keeps the last good results when a scan fails, and records why without secrets', async () => {
    const server = await start();
    const first = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: ENTITY });
    await waitForScan(server, first.body.scanId);
    const good = await request(server)
      .get('/api/platform-kit/entities/resource/default/orders-db/parity')
      .set('Authorization', user());

    const admin = new Client({ connectionString: target.adminUrl });
    await admin.connect();
    await admin.query(
      `ALTER DATABASE "${target.name}" ALLOW_CONNECTIONS false`,
    );
    try {
      const second = await request(server)
        .post('/api/platform-kit/scans')
        .set('Authorization', user())
        .send({ entityRef: ENTITY });
      const failed = await waitForScan(server, second.body.scanId);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
      expect(failed.error).toMatch(/^connection: /);
      expect(failed.logs.map((l: any) => l.message)).toEqual([
        'attempt 1: scanning orders-db',
        expect.stringMatching(/^attempt 1 failed: connection: /),
        'attempt 2: scanning orders-db',
        expect.stringMatching(/^attempt 2 failed: connection: /),
      ]);
      expect(JSON.stringify(failed)).not.toContain(
        new URL(target.url).password,
      );
    } finally {
      await admin.query(
        `ALTER DATABASE "${target.name}" ALLOW_CONNECTIONS true`,
      );
      await admin.end();
    }
    const after = await request(server)
      .get('/api/platform-kit/entities/resource/default/orders-db/parity')
      .set('Authorization', user());
    expect(after.body.scan).toEqual(good.body.scan);
    expect(after.body.results).toEqual(good.body.results);
  });

  it('answers bad input with 400, unknown entities with 404 and missing permissions with 403', async () => {
    const server = await start();
    const bad = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({});
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "request/body must have required property 'entityRef'",
    );
    expect(JSON.stringify(bad.body)).not.toMatch(/\bat \w+ \(/);

    const limit = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/inventory?limit=0',
      )
      .set('Authorization', user());
    expect(limit.status).toBe(400);
    const table = await request(server)
      .get(
        `/api/platform-kit/entities/resource/default/orders-db/inventory?section=columns&table=${'t'.repeat(
          201,
        )}`,
      )
      .set('Authorization', user());
    expect(table.status).toBe(400);
    expect(table.body.error.message).toMatch(
      /^request\/query\/table must NOT have more than 200 characters/,
    );
    const tables = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/orders-db/inventory?table=a&table=b',
      )
      .set('Authorization', user());
    expect(tables.status).toBe(400);

    const unknown = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: 'resource:default/nope' });
    expect(unknown.status).toBe(404);

    const scanId = await request(server)
      .get('/api/platform-kit/scans/not-a-uuid')
      .set('Authorization', user());
    expect(scanId.status).toBe(400);

    const hidden = await start({ visible: [BROKEN] });
    const invisible = await request(hidden)
      .get('/api/platform-kit/entities/resource/default/orders-db/findings')
      .set('Authorization', user());
    expect(invisible.status).toBe(404);
    expect(invisible.body.error.message).toBe(
      `No entity ${ENTITY} in the catalog, or no access to it`,
    );

    const denied = await start({ denied: true });
    const forbidden = await request(denied)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: ENTITY });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe(
      'Missing permission platform-kit.scan.create',
    );
  });
});

describe('platform-kit exemptions and jobs', () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target =
      await controlPlane.targetDatabase(`create extension citext with schema public; create table public.t (id int primary key);
      alter table public.t enable row level security; create policy p on public.t for select to authenticated using (id > 0);`);
  });
  afterAll(() => target.drop());

  async function start() {
    const { server } = await controlPlane.start({
      targets: [projectTarget('resource:default/ext-db', target.url)],
      config: { retryDelaySeconds: 0, scanAttempts: 1 },
      scheduler: mockServices.scheduler.factory(),
    });
    const post = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: 'resource:default/ext-db' });
    await waitForScan(server, post.body.scanId);
    return server;
  }
  const parityOf = async (server: any) =>
    (
      await request(server)
        .get('/api/platform-kit/entities/resource/default/ext-db/parity')
        .set('Authorization', user())
    ).body;
  const extensionIsolation = (body: any) =>
    body.results.find((r: any) => r.capabilityId === 'db.extension-isolation');

  it('turns a failing capability into exempted while the exemption is active, and back when revoked', async () => {
    const server = await start();
    const before = await parityOf(server);
    expect(extensionIsolation(before).status).toBe('partial');

    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await request(server)
      .post('/api/platform-kit/exemptions')
      .set('Authorization', user())
      .send({
        entityRef: 'resource:default/ext-db',
        capabilityId: 'db.extension-isolation',
        reason: 'citext moves with the next release',
        expiresAt,
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      requestedBy: 'user:default/mock',
      capabilityId: 'db.extension-isolation',
      expiresAt,
    });

    const during = await parityOf(server);
    expect(extensionIsolation(during)).toMatchObject({
      status: 'exempted',
      exemption: { reason: 'citext moves with the next release' },
    });
    expect(during.score).toBeGreaterThan(before.score);

    const list = await request(server)
      .get('/api/platform-kit/exemptions?entityRef=resource:default/ext-db')
      .set('Authorization', user());
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: created.body.id, active: true }),
    ]);

    expect(
      (
        await request(server)
          .delete(`/api/platform-kit/exemptions/${created.body.id}`)
          .set('Authorization', user())
      ).status,
    ).toBe(204);
    expect(extensionIsolation(await parityOf(server)).status).toBe('partial');
    expect(
      (
        await request(server)
          .delete(`/api/platform-kit/exemptions/${created.body.id}`)
          .set('Authorization', user())
      ).status,
    ).toBe(404);
  });

  it('rejects exemptions without a real reason, in the past, too long or for unknown capabilities', async () => {
    const server = await start();
    const send = (body: object) =>
      request(server)
        .post('/api/platform-kit/exemptions')
        .set('Authorization', user())
        .send({
          entityRef: 'resource:default/ext-db',
          capabilityId: 'db.extension-isolation',
          reason: 'a long enough reason',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          ...body,
        });
    expect((await send({ reason: 'because' })).body.error.message).toBe(
      'request/body/reason must NOT have fewer than 10 characters',
    );
    expect(
      (await send({ expiresAt: '2020-01-01T00:00:00Z' })).body.error.message,
    ).toBe('expiresAt must be in the future');
    expect(
      (
        await send({
          expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
        })
      ).body.error.message,
    ).toBe('An exemption can last at most 366 days');
    expect((await send({ capabilityId: 'db.nope' })).status).toBe(400);
    expect((await send({ expiresAt: 'tomorrow' })).status).toBe(400);
  });

  it('lists jobs by status and retries only failed ones', async () => {
    const server = await start();
    const jobs = await request(server)
      .get('/api/platform-kit/jobs?status=succeeded')
      .set('Authorization', user());
    expect(jobs.body.total).toBeGreaterThanOrEqual(1);
    expect(jobs.body.items[0]).toMatchObject({
      type: 'scan',
      status: 'succeeded',
      entityRef: 'resource:default/ext-db',
    });
    const retry = await request(server)
      .post(`/api/platform-kit/jobs/${jobs.body.items[0].id}/retry`)
      .set('Authorization', user());
    expect(retry.status).toBe(409);
    expect(retry.body.error.message).toMatch(
      /is succeeded; only failed jobs can be retried$/,
    );
    const pastTheEnd = await request(server)
      .get('/api/platform-kit/jobs?status=succeeded&offset=1000')
      .set('Authorization', user());
    expect(pastTheEnd.body).toMatchObject({
      items: [],
      total: jobs.body.total,
    });
    expect(
      (
        await request(server)
          .get('/api/platform-kit/jobs?status=lost')
          .set('Authorization', user())
      ).status,
    ).toBe(400);
  });
});

describe('POST /results (CI)', () => {
  it('stores pushed findings and parity from a service token, and refuses users and mismatched input', async () => {
    const { server } = await controlPlane.start({
      targets: [
        projectTarget(
          'resource:default/ci-db',
          'postgresql://u:p@127.0.0.1:1/x',
        ),
      ],
      scheduler: mockServices.scheduler.factory(),
    });
    const finding = {
      name: 'extension_in_public',
      title: 'Extension in Public',
      level: 'WARN',
      facing: 'EXTERNAL',
      categories: ['SECURITY'],
      description: 'd',
      detail:
        'Extension `pgcrypto` is installed in the public schema. Move it to another schema.',
      remediation: 'r',
      metadata: { schema: 'public', name: 'pgcrypto', type: 'extension' },
      cache_key: 'extension_in_public_pgcrypto',
      severity: 3,
      fixable: true,
    };
    const parity = {
      entityRef: 'resource:default/ci-db',
      evaluatedAt: new Date().toISOString(),
      score: 80,
      results: [
        {
          capabilityId: 'db.extension-isolation',
          title: 'Extension isolation',
          severity: 3,
          status: 'partial',
          exemption: null,
          evidence: [],
        },
      ],
    };
    const body = {
      entityRef: 'resource:default/ci-db',
      findings: [finding],
      parity,
    };
    const pushed = await request(server)
      .post('/api/platform-kit/results')
      .set('Authorization', mockCredentials.service.header())
      .send(body);
    expect(pushed.status).toBe(201);
    const findings = await request(server)
      .get('/api/platform-kit/entities/resource/default/ci-db/findings')
      .set('Authorization', user());
    expect(findings.body.items).toEqual([
      { ...finding, source: 'resource:default/ci-db' },
    ]);
    const current = await request(server)
      .get('/api/platform-kit/entities/resource/default/ci-db/parity')
      .set('Authorization', user());
    // The score is recomputed from the pushed results (one partial capability), not taken on trust.
    expect(current.body.score).toBe(50);
    const snapshot = await request(server)
      .get('/api/platform-kit/entities/resource/default/ci-db/inventory')
      .set('Authorization', user());
    expect(snapshot.body).toMatchObject({ kind: 'pushed-results' });

    expect(
      (
        await request(server)
          .post('/api/platform-kit/results')
          .set('Authorization', user())
          .send(body)
      ).status,
    ).toBe(403);
    const mismatch = await request(server)
      .post('/api/platform-kit/results')
      .set('Authorization', mockCredentials.service.header())
      .send({
        ...body,
        parity: { ...parity, entityRef: 'resource:default/other' },
      });
    expect(mismatch.status).toBe(400);
    const invalid = await request(server)
      .post('/api/platform-kit/results')
      .set('Authorization', mockCredentials.service.header())
      .send({ ...body, findings: [{ ...finding, severity: 9 }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(
      /^request\/body\/findings\/0\/severity must be <= 5/,
    );
  });
});
