import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TestDatabase } from '@platform-kit/devtools';
import { expectDocumented } from './__testUtils__/openApiValidator';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { callApi, firstScan, waitForPlan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();
const DB = 'resource:default/notes-db';
const API_ONLY = 'resource:default/remote-db';

/** Whether users hold platform-kit.remediation.apply. */
let mayApply = true;

describe('remediation plans through the REST API', () => {
  let target: TestDatabase;
  let server: any;
  let backend: { server: any; stop(): Promise<void> };

  beforeAll(async () => {
    target = await controlPlane.targetDatabase(`
      create table public.notes (id int primary key, body text);
      insert into public.notes select g, 'n' || g from generate_series(1, 25) g;
      -- Readable by the API roles, not writable (Supabase's default privileges grant all).
      revoke all on public.notes from anon, authenticated;
      grant select on public.notes to anon, authenticated;
    `);
    backend = await controlPlane.start({
      targets: [
        projectTarget(DB, target.url),
        {
          id: 'remote-db',
          entityRef: API_ONLY,
          kind: 'supabase-project',
          supabaseRef: 'abcdefghijklmnopqrst',
          supabaseToken: 'sbp_secret',
        },
      ],
      permissions: name =>
        name === 'platform-kit.remediation.apply' && !mayApply
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    server = backend.server;
    await firstScan(server, DB);
  });
  afterAll(async () => {
    // Stop the backend (background scans) before its databases go.
    await backend.stop();
    await target.drop();
  });

  const api = (method: 'get' | 'post', path: string, body?: unknown) =>
    callApi(server, method, path, body);

  it('builds a plan for selected lints, with its SQL, from the latest scan', async () => {
    const res = await api('post', '/remediation-plans', {
      entityRef: DB,
      lints: ['rls_disabled_in_public'],
      // The table is granted to the API roles: RLS comes with policies that keep their reads.
      policySkeletons: true,
    });
    expect(res.status).toBe(201);
    expectDocumented('POST', '/remediation-plans', res);
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
    expectDocumented(
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
      // The table is granted to the API roles: RLS comes with policies that keep their reads.
      policySkeletons: true,
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
      // The table is granted to the API roles: RLS comes with policies that keep their reads.
      policySkeletons: true,
    });
    const dry = await api('post', `/remediation-plans/${plan.id}/apply`, {
      dryRun: true,
    });
    expect(dry.status).toBe(202);
    expectDocumented('POST', '/remediation-plans/{id}/apply', dry);
    const afterDry = await waitForPlan(server, plan.id);
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
    const done = await waitForPlan(server, plan.id);
    expectDocumented('GET', '/remediation-plans/{id}', {
      status: 200,
      body: done,
    });
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
