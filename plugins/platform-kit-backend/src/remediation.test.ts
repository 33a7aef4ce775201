import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import request from 'supertest';
import { openApiProblems } from './__testUtils__/openApiValidator';
import {
  backendTestDatabases,
  catalogWith,
  scanAndWait,
  user,
} from './__testUtils__/testBackend';
import { platformKitPlugin } from './plugin';

jest.setTimeout(120_000);

const { databases, dbId } = backendTestDatabases();
const DB = 'resource:default/notes-db';
const API_ONLY = 'resource:default/remote-db';

/** Whether users hold platform-kit.remediation.apply. */
let mayApply = true;

describe('remediation plans through the REST API', () => {
  let target: TestDatabase;
  let server: any;
  let backend: { server: any; stop(): Promise<void> };

  beforeAll(async () => {
    target = await createTestDatabase({ supabase: true });
    await (
      await target.connect()
    ).query(`
      create table public.notes (id int primary key, body text);
      insert into public.notes select g, 'n' || g from generate_series(1, 25) g;
      grant select on public.notes to anon, authenticated;
    `);
    const knex = await databases.init(dbId);
    backend = await startTestBackend({
      features: [
        platformKitPlugin,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.database.factory({ knex }),
        catalogWith(DB, API_ONLY),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result:
                'permission' in r &&
                r.permission.name === 'platform-kit.remediation.apply' &&
                !mayApply
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            platformKit: {
              targets: [
                {
                  id: 'notes-db',
                  entityRef: DB,
                  kind: 'supabase-project',
                  connectionString: target.url,
                },
                {
                  id: 'remote-db',
                  entityRef: API_ONLY,
                  kind: 'supabase-project',
                  supabaseRef: 'abcdefghijklmnopqrst',
                  supabaseToken: 'sbp_secret',
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    const scan = await scanAndWait(server, DB);
    if (scan.status !== 'succeeded')
      throw new Error(`the first scan failed: ${scan.error}`);
  });
  afterAll(async () => {
    // Stop the backend (background scans) before its databases go.
    await backend.stop();
    await target.drop();
  });

  const api = (method: 'get' | 'post', path: string, body?: unknown) => {
    const req = request(server)
      [method](`/api/platform-kit${path}`)
      .set('Authorization', user());
    return body === undefined ? req : req.send(body as object);
  };
  const documented = (
    method: string,
    template: string,
    res: { status: number; body: unknown },
  ) =>
    expect(openApiProblems(method, template, res.status, res.body)).toEqual([]);

  async function waitForPlan(id: string) {
    for (let i = 0; i < 300; i++) {
      const res = await api('get', `/remediation-plans/${id}`);
      if (res.body.status !== 'applying') return res.body;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`plan ${id} did not finish`);
  }

  it('builds a plan for selected lints, with its SQL, from the latest scan', async () => {
    const res = await api('post', '/remediation-plans', {
      entityRef: DB,
      lints: ['rls_disabled_in_public'],
    });
    expect(res.status).toBe(201);
    documented('POST', '/remediation-plans', res);
    expect(res.body).toMatchObject({ entityRef: DB, status: 'pending' });
    expect(res.body.plan.patches).toHaveLength(1);
    expect(res.body.plan.patches[0].steps[0]).toMatchObject({
      risk: 'behaviour-change',
    });
    expect(res.body.sql).toContain(
      'ALTER TABLE "public"."notes" ENABLE ROW LEVEL SECURITY',
    );
    const list = await api(
      'get',
      '/entities/resource/default/notes-db/remediation-plans',
    );
    documented(
      'GET',
      '/entities/{kind}/{namespace}/{name}/remediation-plans',
      list,
    );
    expect(list.body.items.map((p: any) => p.id)).toContain(res.body.id);
  });

  it('rejects unknown lints and findings with 400, unknown targets with 404', async () => {
    const lint = await api('post', '/remediation-plans', {
      entityRef: DB,
      lints: ['no_such_lint'],
    });
    expect(lint.status).toBe(400);
    expect(lint.body.error.message).toMatch(
      /No automatic fix for no_such_lint; fixable lints: .*rls_disabled_in_public/,
    );
    const key = await api('post', '/remediation-plans', {
      entityRef: DB,
      findingKeys: ['rls_disabled_in_public_public_nope'],
    });
    expect(key.status).toBe(400);
    const shape = await api('post', '/remediation-plans', { entityRef: 3 });
    expect(shape.status).toBe(400);
    const unknown = await api('post', '/remediation-plans', {
      entityRef: 'resource:default/elsewhere',
    });
    expect(unknown.status).toBe(404);
  });

  it('needs platform-kit.remediation.apply to apply, and a direct connection for Management API targets', async () => {
    const { body: plan } = await api('post', '/remediation-plans', {
      entityRef: DB,
      lints: ['rls_disabled_in_public'],
    });
    mayApply = false;
    const denied = await api('post', `/remediation-plans/${plan.id}/apply`, {});
    mayApply = true;
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Missing permission platform-kit.remediation.apply',
    );
    const missing = await api(
      'post',
      '/remediation-plans/00000000-0000-4000-8000-000000000000/apply',
      {},
    );
    expect(missing.status).toBe(404);
    const remote = await api('post', '/remediation-plans', {
      entityRef: API_ONLY,
    });
    // Never scanned: nothing to build from.
    expect(remote.status).toBe(404);
    expect(JSON.stringify(remote.body)).not.toContain('sbp_secret');
  });

  it('runs a dry run that changes nothing, then applies, verifies and refuses a second apply', async () => {
    const { body: plan } = await api('post', '/remediation-plans', {
      entityRef: DB,
      lints: ['rls_disabled_in_public'],
    });
    const dry = await api('post', `/remediation-plans/${plan.id}/apply`, {
      dryRun: true,
    });
    expect(dry.status).toBe(202);
    documented('POST', '/remediation-plans/{id}/apply', dry);
    const afterDry = await waitForPlan(plan.id);
    expect(afterDry.status).toBe('pending');
    expect(afterDry.logs.map((l: any) => l.message).join('\n')).toMatch(
      /\[dry run\].*ENABLE ROW LEVEL SECURITY[\s\S]*nothing was changed/,
    );
    const rls = async () =>
      (
        await (
          await target.connect()
        ).query(
          `select relrowsecurity from pg_class where oid = 'public.notes'::regclass`,
        )
      ).rows[0].relrowsecurity;
    expect(await rls()).toBe(false);

    const applying = await api(
      'post',
      `/remediation-plans/${plan.id}/apply`,
      {},
    );
    expect(applying.status).toBe(202);
    expect(applying.body.status).toBe('applying');
    const done = await waitForPlan(plan.id);
    documented('GET', '/remediation-plans/{id}', { status: 200, body: done });
    expect(done).toMatchObject({
      status: 'applied',
      appliedBy: 'user:default/mock',
      outcome: { status: 'applied', remaining: [] },
    });
    expect(done.outcome.rowCounts['"public"."notes"']).toEqual({
      before: 25,
      after: 25,
    });
    expect(await rls()).toBe(true);
    const again = await api('post', `/remediation-plans/${plan.id}/apply`, {});
    expect(again.status).toBe(409);
    // The control plane re-scans after an apply: that scan lands and shows RLS on.
    let rescan: any;
    for (let i = 0; i < 300; i++) {
      const jobs = await api('get', '/jobs');
      rescan = jobs.body.items.find(
        (j: any) => j.requestedBy === `remediation:${plan.id}`,
      );
      if (rescan && ['succeeded', 'failed'].includes(rescan.status)) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(rescan?.status).toBe('succeeded');
    const findings = await api(
      'get',
      '/entities/resource/default/notes-db/findings',
    );
    expect(
      findings.body.items.filter(
        (f: any) => f.name === 'rls_disabled_in_public',
      ),
    ).toEqual([]);
  });
});
