import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { TestDatabase } from '@platform-kit/devtools';
import knexFactory, { Knex } from 'knex';
import { Client } from 'pg';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { startTcpProxy } from './__testUtils__/tcpProxy';
import { callApi, firstScan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

/** Short leases: a replica that stops heartbeating is reaped within about 2.5 s. */
const JOBS = {
  jobs: { leaseSeconds: 2, heartbeatSeconds: 0.5, pollSeconds: 0.5 },
};

type Backend = { server: any; stop(): Promise<void> };
type Proxy = Awaited<ReturnType<typeof startTcpProxy>>;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/**
 * Two replicas on one ops store. The first reaches the store through a TCP
 * proxy: closing it is the replica dying for the store (no heartbeat, no
 * write), while what it started on a target goes on.
 */
function replicas() {
  const opened: { stop(): Promise<void> }[] = [];
  let ops: Knex;
  let proxy: Proxy;
  return {
    async open() {
      ops = await controlPlane.opsStore();
      const direct = ops.client.config.connection as Knex.PgConnectionConfig;
      proxy = await startTcpProxy({
        host: direct.host ?? '127.0.0.1',
        port: Number(direct.port),
      });
      const throughProxy = knexFactory({
        client: 'pg',
        // knex keeps the password out of the enumerable keys.
        connection: { ...direct, password: direct.password, port: proxy.port },
        pool: { min: 0, max: 5, acquireTimeoutMillis: 2000 },
      });
      opened.push({ stop: () => throughProxy.destroy() });
      return { ops, dying: throughProxy };
    },
    async start(knex: Knex, targets: ReturnType<typeof projectTarget>[]) {
      const backend: Backend = await controlPlane.start({
        knex,
        targets,
        config: JOBS,
        // Backstage's own scheduler: the job worker runs every 0.5 s on each replica.
        scheduler: schedulerServiceFactory,
      });
      opened.unshift(backend);
      return backend;
    },
    /** The first replica stops: no heartbeat reaches the store any more. */
    kill: () => proxy.close(),
    ops: () => ops,
    async close() {
      for (const o of opened.splice(0)) await o.stop();
    },
  };
}

const jobOf = async (ops: Knex, subjectId: string) =>
  (await ops.raw('SELECT * FROM ops.jobs WHERE subject_id = ?', [subjectId]))
    .rows[0];

describe('a replica killed mid-apply', () => {
  const DB = 'resource:default/notes-db';
  const cluster = replicas();
  let target: TestDatabase;
  let admin: Client;
  afterAll(async () => {
    await cluster.close();
    await admin?.end();
    await target?.drop();
  });

  it('is reaped: its blocked session is ended, the plan fails, and nothing of the apply is committed', async () => {
    target = await controlPlane.targetDatabase(`
      create table public.notes (id int primary key, body text);
      revoke all on public.notes from anon, authenticated;
      grant select on public.notes to anon, authenticated;
    `);
    admin = await target.connect();
    const { ops, dying } = await cluster.open();
    const targets = [projectTarget(DB, target.url)];
    const first = await cluster.start(dying, targets);
    await firstScan(first.server, DB);
    const { body: plan } = await callApi(
      first.server,
      'post',
      '/remediation-plans',
      {
        entityRef: DB,
        lints: ['rls_disabled_in_public'],
        policySkeletons: true,
      },
    );
    expect(plan.plan.patches).toHaveLength(1);

    // The test holds the table: the apply's statement waits on the lock.
    const holder = await target.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE public.notes IN ACCESS EXCLUSIVE MODE');
    const apply = await callApi(
      first.server,
      'post',
      `/remediation-plans/${plan.id}/apply`,
      {},
    );
    expect(apply.status).toBe(202);
    const running = await until('the apply to wait on the lock', async () => {
      const job = await jobOf(ops, plan.id);
      const pid = job?.target_session?.pid;
      if (!pid) return undefined;
      const { rows } = await admin.query(
        `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
        [pid],
      );
      return rows.length > 0 && job;
    });
    expect(running).toMatchObject({ status: 'running', type: 'remediation' });
    const session = running.target_session;

    const second = await cluster.start(ops, targets);
    await cluster.kill();

    const failed = await until('the plan to leave applying', async () => {
      const res = await callApi(
        second.server,
        'get',
        `/remediation-plans/${plan.id}`,
      );
      return res.body.status !== 'applying' && res.body;
    });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      'The backend applying this plan stopped responding; its database session was ended, so it cannot commit anything more. Changes it committed before that stay; a re-scan shows what is left.',
    );
    expect(
      (
        await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
          session.pid,
        ])
      ).rows,
    ).toEqual([]);
    expect(await jobOf(ops, plan.id)).toMatchObject({
      status: 'failed',
      error: failed.error,
      lease_token: null,
    });
    // The reaper queues a re-scan once the plan is failed.
    await until('the re-scan', async () => {
      const { rows } = await ops.raw(
        'SELECT 1 FROM ops.scans WHERE requested_by = ?',
        [`remediation:${plan.id}`],
      );
      return rows.length === 1;
    });

    // The lock goes away: nothing of the apply can commit any more.
    await holder.query('COMMIT');
    await holder.end();
    await new Promise(r => setTimeout(r, 1500));
    const { rows } = await admin.query(
      `SELECT c.relrowsecurity AS rls,
              (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = 'notes') AS policies
         FROM pg_class c WHERE c.oid = 'public.notes'::regclass`,
    );
    expect(rows).toEqual([{ rls: false, policies: 0 }]);
    const after = await callApi(
      second.server,
      'get',
      `/remediation-plans/${plan.id}`,
    );
    expect(after.body.status).toBe('failed');
  });
});

describe('a replica killed mid-scan', () => {
  const DB = 'resource:default/orders-db';
  const cluster = replicas();
  let target: TestDatabase;
  let targetProxy: Proxy;
  afterAll(async () => {
    await cluster.close();
    await targetProxy?.close();
    await target?.drop();
  });

  it('leaves its scan to another replica, which runs it to the end', async () => {
    target = await controlPlane.targetDatabase(
      'create table public.orders (id int primary key)',
    );
    const url = new URL(target.url);
    targetProxy = await startTcpProxy({
      host: url.hostname,
      port: Number(url.port),
    });
    url.port = String(targetProxy.port);
    const targets = [projectTarget(DB, url.toString())];
    const { ops, dying } = await cluster.open();
    const first = await cluster.start(dying, targets);

    // The scan waits on the target while the first replica holds it.
    targetProxy.hold();
    const posted = await callApi(first.server, 'post', '/scans', {
      entityRef: DB,
    });
    expect(posted.status).toBe(202);
    const { scanId } = posted.body;
    await until('the scan to reach its target', async () =>
      targetProxy.waiting > 0 ? true : undefined,
    );
    const claimed = await jobOf(ops, scanId);
    expect(claimed).toMatchObject({ status: 'running', attempts: 1 });

    const second = await cluster.start(ops, targets);
    await cluster.kill();
    const retried = await until(
      'another replica to take the scan',
      async () => {
        const job = await jobOf(ops, scanId);
        return (
          job.status === 'running' &&
          job.attempts === 2 &&
          job.lease_owner !== claimed.lease_owner &&
          job
        );
      },
    );
    expect(retried.lease_owner).toEqual(expect.any(String));
    targetProxy.release();

    const done = await until('the scan to finish', async () => {
      const res = await callApi(second.server, 'get', `/scans/${scanId}`);
      return ['succeeded', 'failed'].includes(res.body.status) && res.body;
    });
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      error: null,
    });
    expect(done.logs.map((l: { message: string }) => l.message)).toEqual([
      'attempt 1: scanning orders-db',
      'attempt 1: the backend running it stopped (its lease ran out); queued again',
      'attempt 2: scanning orders-db',
    ]);
    expect(await jobOf(ops, scanId)).toMatchObject({ status: 'succeeded' });
    const stuck = await ops.raw(
      `SELECT count(*)::int AS n FROM ops.scans WHERE status IN ('queued', 'running')`,
    );
    expect(stuck.rows[0].n).toBe(0);
  });
});
