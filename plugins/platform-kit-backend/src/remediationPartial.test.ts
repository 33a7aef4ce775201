import { TestDatabase } from '@platform-kit/devtools';
import { Client } from 'pg';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { expectDocumented } from './__testUtils__/openApiValidator';
import { callApi, firstScan, waitForPlan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();
const DB = 'resource:default/shared-db';
/** The role the control plane connects as: it owns some functions, not all. */
const FIXER = `pk_fixer_${process.pid}`;

const functionSql = (name: string) => `
  create function public.${name}() returns int language sql as $$ select 1 $$;`;

describe('remediation plans: excluded findings, pre-flight, partial and all-or-nothing applies', () => {
  let target: TestDatabase;
  let backend: { server: any; stop(): Promise<void> };
  let keys: Record<'mine' | 'other' | 'theirs', string>;

  beforeAll(async () => {
    target = await controlPlane.targetDatabase(`
      create role ${FIXER} login password 'fixer-secret';
      grant usage on schema public to ${FIXER};
      ${functionSql('mine')}
      ${functionSql('other')}
      ${functionSql('theirs')}
      alter function public.mine() owner to ${FIXER};
      alter function public.other() owner to ${FIXER};
    `);
    const url = new URL(target.url);
    url.username = FIXER;
    url.password = 'fixer-secret';
    backend = await controlPlane.start({
      targets: [projectTarget(DB, url.toString())],
    });
    await firstScan(backend.server, DB);
    const findings = await api(
      'get',
      '/entities/resource/default/shared-db/findings',
    );
    const key = (name: string) =>
      findings.body.items.find(
        (f: any) =>
          f.name === 'function_search_path_mutable' && f.metadata.name === name,
      )?.cache_key;
    keys = { mine: key('mine'), other: key('other'), theirs: key('theirs') };
  });
  afterAll(async () => {
    await backend.stop();
    await target.drop();
    const admin = new Client({ connectionString: target.adminUrl });
    await admin.connect();
    await admin.query(`drop role if exists ${FIXER}`);
    await admin.end();
  });

  function api(method: 'get' | 'post', path: string, body?: unknown) {
    return callApi(backend.server, method, path, body);
  }
  const searchPath = async (name: string) => {
    const db = await target.connect();
    const { rows } = await db.query(
      `select proconfig from pg_proc where oid = 'public.${name}()'::regprocedure`,
    );
    return rows[0].proconfig;
  };
  const plan = (extra: Record<string, unknown> = {}) =>
    api('post', '/remediation-plans', {
      entityRef: DB,
      lints: ['function_search_path_mutable'],
      ...extra,
    });

  it('leaves out excluded findings, and refuses unknown or unprintable keys', async () => {
    expect(Object.values(keys).every(Boolean)).toBe(true);
    const res = await plan({ excludeFindingKeys: [keys.other] });
    expect(res.status).toBe(201);
    expectDocumented('POST', '/remediation-plans', res);
    expect(res.body.plan.patches.map((p: any) => p.findingKey)).not.toContain(
      keys.other,
    );
    expect(res.body.plan.skipped).toContainEqual({
      findingKey: keys.other,
      reason: 'excluded by the user',
    });
    const unknown = await plan({ excludeFindingKeys: ['no_such_finding'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      `Not among the latest findings of ${DB}: no_such_finding`,
    );
    for (const bad of [
      `${keys.other}\u202e`,
      'a\u0000b',
      'a\nb',
      '',
    ] as const) {
      const refused = await plan({ excludeFindingKeys: [bad] });
      expect({ bad, status: refused.status }).toEqual({ bad, status: 400 });
    }
    const shape = await plan({ excludeFindingKeys: 'one' });
    expect(shape.status).toBe(400);
  });

  it("checks the connecting role's privileges when it builds the plan", async () => {
    const res = await plan({ excludeFindingKeys: [keys.other] });
    expect(res.body.warnings).toEqual([]);
    expect(res.body.plan.preflight).toEqual([
      expect.objectContaining({ findingKey: keys.theirs }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('fixer-secret');
  });

  it('all or nothing: one finding the role may not fix fails the plan and changes nothing', async () => {
    const { body: created } = await plan({ excludeFindingKeys: [keys.other] });
    const started = await api(
      'post',
      `/remediation-plans/${created.id}/apply`,
      { allOrNothing: true },
    );
    expect(started.status).toBe(202);
    expect(started.body.allOrNothing).toBe(true);
    const done = await waitForPlan(backend.server, created.id);
    expectDocumented('GET', '/remediation-plans/{id}', {
      status: 200,
      body: done,
    });
    expect(done.status).toBe('failed');
    expect(done.outcome.findings.map((f: any) => f.status)).not.toContain(
      'applied',
    );
    expect(await searchPath('mine')).toBeNull();
  });

  it('by default commits what it can, stores the partial outcome per finding, and will not apply it again', async () => {
    const { body: created } = await plan({ excludeFindingKeys: [keys.other] });
    const started = await api(
      'post',
      `/remediation-plans/${created.id}/apply`,
      {},
    );
    expect(started.body.allOrNothing).toBe(false);
    const done = await waitForPlan(backend.server, created.id);
    expectDocumented('GET', '/remediation-plans/{id}', {
      status: 200,
      body: done,
    });
    expect(done.status).toBe('partial');
    expect(done.outcome.status).toBe('partial');
    const byKey = Object.fromEntries(
      done.outcome.findings.map((f: any) => [f.findingKey, f]),
    );
    expect(byKey[keys.mine].status).toBe('applied');
    expect(['not-run', 'rolled-back']).toContain(byKey[keys.theirs].status);
    expect(byKey[keys.theirs].reason).toBeTruthy();
    expect(byKey[keys.other]).toBeUndefined();
    expect(await searchPath('mine')).not.toBeNull();
    expect(await searchPath('theirs')).toBeNull();
    expect(await searchPath('other')).toBeNull();
    // The apply's lines are stored in the order they happened, the summary last.
    const messages: string[] = done.logs.map((l: any) => l.message);
    const first = (re: RegExp) => messages.findIndex(m => re.test(m));
    expect(first(/ not run: pre-flight: /)).toBeGreaterThanOrEqual(0);
    expect(first(/ not run: pre-flight: /)).toBeLessThan(first(/^committed /));
    expect(first(/^committed /)).toBeLessThan(first(/^re-scanning/));
    expect(done.logs.at(-1).message).toContain(
      `partly applied: 1 finding(s) committed, 1 not: ${keys.theirs}`,
    );
    expect(JSON.stringify(done)).not.toContain('fixer-secret');

    const again = await api(
      'post',
      `/remediation-plans/${created.id}/apply`,
      {},
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(
      /partly applied; build a new plan/,
    );

    // A job that failed, as far as the jobs list goes, with its plan status and findings.
    const jobs = await api('get', '/jobs?type=remediation&status=failed');
    expectDocumented('GET', '/jobs', jobs);
    const job = jobs.body.items.find((j: any) => j.id === created.id);
    expect(job).toMatchObject({ status: 'failed', planStatus: 'partial' });
    expect(job.outcome.findings).toEqual(done.outcome.findings);
    const succeeded = await api(
      'get',
      '/jobs?type=remediation&status=succeeded',
    );
    expect(succeeded.body.items.map((j: any) => j.id)).not.toContain(
      created.id,
    );
    const retry = await api('post', `/jobs/${created.id}/retry`, {});
    expect(retry.status).toBe(409);
    expect(retry.body.error.message).toMatch(/partly applied/);
  });
});
