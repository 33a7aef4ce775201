import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TestDatabase } from '@platform-kit/devtools';
import { expectDocumented } from './__testUtils__/openApiValidator';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { callApi, firstScan, waitForPlan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();
const DB = 'resource:default/notes-db';

/** Whether users hold platform-kit.remediation.apply. */
let mayApply = true;

describe('remediation applies as jobs', () => {
  let target: TestDatabase;
  let backend: { server: any; stop(): Promise<void> };

  const sql = async (text: string) => (await target.connect()).query(text);
  beforeAll(async () => {
    target = await controlPlane.targetDatabase(`
      create table public.notes (id int primary key, body text);
      -- Readable by the API roles, not writable (Supabase's default privileges grant all).
      revoke all on public.notes from anon, authenticated;
      grant select on public.notes to anon, authenticated;
    `);
    backend = await controlPlane.start({
      targets: [projectTarget(DB, target.url)],
      permissions: name =>
        name === 'platform-kit.remediation.apply' && !mayApply
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    await firstScan(backend.server, DB);
  });
  afterAll(async () => {
    await backend.stop();
    await target.drop();
  });

  const api = (method: 'get' | 'post', path: string, body?: unknown) =>
    callApi(backend.server, method, path, body);
  const jobOf = async (id: string, query = '') =>
    (await api('get', `/jobs?limit=200${query}`)).body.items.find(
      (j: any) => j.id === id,
    );
  async function waitForScans() {
    for (let i = 0; i < 300; i++) {
      const { body } = await api('get', '/jobs?type=scan');
      if (
        !body.items.some((j: any) => ['queued', 'running'].includes(j.status))
      )
        return;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('scans did not finish');
  }

  it('lists a failed apply as a failed job, retries it through /jobs and counts the attempts', async () => {
    const { body: plan } = await api('post', '/remediation-plans', {
      entityRef: DB,
      lints: ['rls_disabled_in_public'],
      // The table is granted to the API roles: RLS comes with policies that keep their reads.
      policySkeletons: true,
    });
    // A pending plan is not a job.
    expect(await jobOf(plan.id)).toBeUndefined();

    // The table goes away under the plan: its apply fails.
    await sql('alter table public.notes rename to notes_gone');
    const apply = await api('post', `/remediation-plans/${plan.id}/apply`, {});
    expect(apply.status).toBe(202);
    expect((await waitForPlan(backend.server, plan.id)).status).toBe('failed');
    await waitForScans();

    const jobs = await api('get', '/jobs?type=remediation');
    expect(jobs.status).toBe(200);
    expectDocumented('GET', '/jobs', jobs);
    const failed = jobs.body.items.find((j: any) => j.id === plan.id);
    expect(failed).toMatchObject({
      type: 'remediation',
      entityRef: DB,
      status: 'failed',
      planStatus: 'failed',
      attempts: 1,
      requestedBy: 'user:default/mock',
      dryRun: false,
      patches: 1,
    });
    expect(failed.sql).toContain(
      'ALTER TABLE "public"."notes" ENABLE ROW LEVEL SECURITY',
    );
    expect(failed.error).toEqual(expect.any(String));
    expect(failed.queuedAt).toBe(failed.startedAt);
    expect(failed.finishedAt).not.toBeNull();
    expect(jobs.body.items.every((j: any) => j.type === 'remediation')).toBe(
      true,
    );
    expect(await jobOf(plan.id, '&status=failed')).toBeDefined();
    expect(await jobOf(plan.id, '&status=succeeded')).toBeUndefined();
    expect(await jobOf(plan.id, '&type=scan')).toBeUndefined();
    const queued = await api('get', '/jobs?status=queued&type=remediation');
    expect(queued.body).toMatchObject({ items: [], total: 0 });

    // Retrying needs the apply permission, as applying does.
    mayApply = false;
    const denied = await api('post', `/jobs/${plan.id}/retry`);
    mayApply = true;
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Missing permission platform-kit.remediation.apply',
    );

    await sql('alter table public.notes_gone rename to notes');
    const retry = await api('post', `/jobs/${plan.id}/retry`);
    expect(retry.status).toBe(202);
    expectDocumented('POST', '/jobs/{id}/retry', retry);
    expect(retry.body).toEqual({ planId: plan.id, status: 'applying' });
    expect((await waitForPlan(backend.server, plan.id)).status).toBe('applied');
    await waitForScans();
    expect(await jobOf(plan.id)).toMatchObject({
      status: 'succeeded',
      planStatus: 'applied',
      attempts: 2,
      error: null,
      outcome: { status: 'applied' },
    });

    const again = await api('post', `/jobs/${plan.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Job ${plan.id} is a remediation plan that is applied; only failed applies can be retried`,
    );
    const unknown = await api(
      'post',
      '/jobs/00000000-0000-4000-8000-000000000000/retry',
    );
    expect(unknown.status).toBe(404);
  });

  it('pages scans and applies as one list, newest first', async () => {
    const all = await api('get', '/jobs?limit=200');
    expectDocumented('GET', '/jobs', all);
    const types = new Set(all.body.items.map((j: any) => j.type));
    expect(types).toEqual(new Set(['scan', 'remediation']));
    const times = all.body.items.map((j: any) => Date.parse(j.queuedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The re-scan after the apply was queued after it started: it comes first.
    const plan = all.body.items.find((j: any) => j.type === 'remediation');
    const rescan = all.body.items.findIndex(
      (j: any) => j.requestedBy === `remediation:${plan.id}`,
    );
    expect(rescan).toBeGreaterThanOrEqual(0);
    expect(rescan).toBeLessThan(all.body.items.indexOf(plan));

    const pages = [];
    for (let offset = 0; offset < all.body.total; offset += 2) {
      const page = await api('get', `/jobs?limit=2&offset=${offset}`);
      expect(page.body.total).toBe(all.body.total);
      pages.push(...page.body.items.map((j: any) => j.id));
    }
    expect(pages).toEqual(all.body.items.map((j: any) => j.id));
    const past = await api('get', '/jobs?offset=1000');
    expect(past.body).toMatchObject({ items: [], total: all.body.total });

    const bad = await api('get', '/jobs?type=deploy');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/\btype\b/);
  });
});
