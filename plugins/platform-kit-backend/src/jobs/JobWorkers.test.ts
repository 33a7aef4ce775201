import { Knex } from 'knex';
import {
  eventually,
  jobsTestStores,
  testWorkers,
} from './__testUtils__/jobsTestStore';
import { JobWorkers } from './JobWorkers';
import { AbandonedJob, JobHandler, JobRun } from './types';

const store = jobsTestStores();

const row = async (knex: Knex, id: string) =>
  (await knex.raw('SELECT * FROM ops.jobs WHERE id = ?', [id])).rows[0];

/** A handler whose runs last until the test ends them. */
function manualHandler(type = 'test') {
  const runs: JobRun[] = [];
  const abandoned: AbandonedJob[] = [];
  const handler: JobHandler & { runs: JobRun[]; abandoned: AbandonedJob[] } = {
    type,
    runs,
    abandoned,
    run: run =>
      new Promise<void>(resolve => {
        runs.push({
          ...run,
          end: async (result, write) => {
            const ended = await run.end(result, write);
            resolve();
            return ended;
          },
        });
      }),
    abandon: async a => {
      abandoned.push(a);
      await a.end('abandoned by the test');
    },
  };
  return handler;
}

describe('JobWorkers', () => {
  const workers: JobWorkers[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
  });
  const make = (...args: Parameters<typeof testWorkers>) => {
    const w = testWorkers(...args);
    workers.push(w);
    return w;
  };

  it('claims due jobs up to its concurrency, one per serial key, under a lease it renews', async () => {
    const { knex, projectId, targetIds } = await store();
    const w = make(knex, 'replica-a', { concurrency: 3 });
    const handler = manualHandler();
    w.register(handler);
    const serial = (i: number) => ({
      projectId,
      type: 'test',
      targetId: targetIds[0],
      serialKey: `test:${targetIds[0]}`,
      payload: { i },
    });
    const a = await w.enqueue(serial(1));
    const b = await w.enqueue(serial(2));
    const c = await w.enqueue({ projectId, type: 'test' });
    const other = await w.enqueue({ projectId, type: 'unregistered' });
    await w.work();
    // b waits for a (same serial key); the unregistered type is left alone.
    expect(handler.runs.map(r => r.job.id).sort()).toEqual([a, c].sort());
    const claimed = await row(knex, a);
    expect(claimed).toMatchObject({
      status: 'running',
      attempts: 1,
      lease_owner: 'replica-a',
    });
    expect(claimed.lease_token).toEqual(expect.any(String));
    expect((await row(knex, b)).status).toBe('queued');
    expect((await row(knex, other)).status).toBe('queued');

    // The heartbeat moves the lease on while the run is held.
    const first = new Date(claimed.lease_expires_at).getTime();
    await eventually(
      'a renewed lease',
      async () =>
        new Date((await row(knex, a)).lease_expires_at).getTime() > first,
    );

    const runA = handler.runs.find(r => r.job.id === a)!;
    let written = false;
    expect(
      await runA.end({ status: 'succeeded' }, async (trx, next) => {
        expect(next).toBe('succeeded');
        written = (await trx.raw('SELECT 1 AS one')).rows[0].one === 1;
      }),
    ).toBe(true);
    expect(written).toBe(true);
    expect(await row(knex, a)).toMatchObject({
      status: 'succeeded',
      lease_owner: null,
      lease_token: null,
    });
    // A run ends once: a second end finds no lease.
    expect(await runA.end({ status: 'succeeded' })).toBe(false);
    await w.work();
    expect(handler.runs.map(r => r.job.id)).toContain(b);
  });

  it('queues a retryable failure again after its delay until its attempts are spent', async () => {
    const { knex, projectId } = await store();
    const w = make(knex, 'replica-a');
    const errors: string[] = [];
    w.register({
      type: 'flaky',
      run: async run => {
        await run.end(
          {
            status: 'failed',
            error: `attempt ${run.job.attempts}`,
            retryable: true,
            retryDelayMs: 200,
          },
          async (_trx, next) => {
            errors.push(`${run.job.attempts}:${next}`);
          },
        );
      },
      abandon: async () => undefined,
    });
    const id = await w.enqueue({ projectId, type: 'flaky', maxAttempts: 3 });
    const started = Date.now();
    w.wake();
    const done = await eventually('the job to fail for good', async () => {
      const r = await row(knex, id);
      return r.status === 'failed' && r;
    });
    expect(errors).toEqual(['1:queued', '2:queued', '3:failed']);
    expect(done).toMatchObject({ attempts: 3, error: 'attempt 3' });
    expect(done.finished_at).not.toBeNull();
    // Two waits of 200 ms between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('runs each of many jobs once across two replicas', async () => {
    const { knex, projectId } = await store();
    const ran = new Map<string, string[]>();
    const handler = (owner: string): JobHandler => ({
      type: 'count',
      run: async run => {
        ran.set(run.job.id, [...(ran.get(run.job.id) ?? []), owner]);
        await run.end({ status: 'succeeded' });
      },
      abandon: async () => undefined,
    });
    const a = make(knex, 'a', { concurrency: 4 });
    const b = make(knex, 'b', { concurrency: 4 });
    a.register(handler('a'));
    b.register(handler('b'));
    await knex.raw(
      `INSERT INTO ops.jobs (project_id, type) SELECT ?, 'count' FROM generate_series(1, 200)`,
      [projectId],
    );
    a.wake();
    b.wake();
    await eventually(
      'every job to succeed',
      async () =>
        (
          await knex.raw(
            `SELECT count(*)::int AS n FROM ops.jobs WHERE status = 'succeeded'`,
          )
        ).rows[0].n === 200,
    );
    expect(ran.size).toBe(200);
    expect([...ran.values()].every(owners => owners.length === 1)).toBe(true);
    const owners = new Set([...ran.values()].flat());
    expect(owners).toEqual(new Set(['a', 'b']));
  });

  it('reaps a run whose heartbeat stopped: the stale run can neither end it nor record a session', async () => {
    const { knex, projectId } = await store();
    // A replica that stalls: its heartbeat would come long after its lease.
    const stalled = make(knex, 'stalled', {
      leaseMs: 300,
      heartbeatMs: 60_000,
    });
    const stalledHandler = manualHandler();
    stalled.register(stalledHandler);
    const retried = await stalled.enqueue({
      projectId,
      type: 'test',
      maxAttempts: 2,
    });
    const last = await stalled.enqueue({ projectId, type: 'test' });
    await stalled.work();
    expect(stalledHandler.runs).toHaveLength(2);
    await stalledHandler.runs[1].recordSession({
      pid: 4242,
      backendStart: '2024-01-01T00:00:00.000000Z',
    });

    const reaper = make(knex, 'reaper');
    const reaperHandler = manualHandler();
    reaper.register(reaperHandler);
    await new Promise(r => setTimeout(r, 400));
    await reaper.work();
    await eventually('both to be reaped', async () =>
      reaperHandler.abandoned.length === 2 ? true : undefined,
    );
    const byId = new Map(reaperHandler.abandoned.map(a => [a.job.id, a]));
    expect(byId.get(retried)).toMatchObject({ next: 'queued' });
    expect(byId.get(last)).toMatchObject({
      next: 'failed',
      job: {
        targetSession: {
          pid: 4242,
          backendStart: '2024-01-01T00:00:00.000000Z',
        },
      },
    });
    expect(await row(knex, last)).toMatchObject({
      status: 'failed',
      error: 'abandoned by the test',
    });
    // The requeued job runs again (on the reaper, whose worker looks for work after reaping).
    await eventually('the second attempt', async () =>
      reaperHandler.runs.some(r => r.job.id === retried) ? true : undefined,
    );
    expect(
      reaperHandler.runs.find(r => r.job.id === retried)!.job.attempts,
    ).toBe(2);

    // The stalled replica comes back: nothing it does is recorded.
    const stale = stalledHandler.runs.find(r => r.job.id === retried)!;
    expect(await stale.end({ status: 'succeeded' })).toBe(false);
    await expect(
      stale.recordSession({ pid: 1, backendStart: 'x' }),
    ).rejects.toThrow(/no longer this backend's/);
  });

  it('tries an abandoned job again when its handler cannot make it safe yet', async () => {
    const { knex, projectId } = await store();
    const crashing = make(knex, 'crashing', { leaseMs: 300 });
    crashing.register({
      type: 'test',
      run: async () => {
        throw new Error('handler bug');
      },
      abandon: async () => undefined,
    });
    const id = await crashing.enqueue({ projectId, type: 'test' });
    await crashing.work();
    // A crashed run's lease is let go at once.
    await eventually('the lease to be let go', async () => {
      const r = await row(knex, id);
      return new Date(r.lease_expires_at).getTime() < Date.now() && r;
    });
    await crashing.stop();

    let tries = 0;
    const reaper = make(knex, 'reaper', { leaseMs: 300 });
    reaper.register({
      type: 'test',
      run: async () => undefined,
      abandon: async a => {
        tries++;
        if (tries === 1) throw new Error('target unreachable');
        await a.end('reaped on the second try');
      },
    });
    await eventually('a first try', async () => {
      await reaper.work();
      return tries >= 1;
    });
    expect((await row(knex, id)).status).toBe('running');
    await eventually('the second try, a lease later', async () => {
      await reaper.work();
      return (await row(knex, id)).status === 'failed';
    });
    expect(tries).toBe(2);
    expect((await row(knex, id)).error).toBe('reaped on the second try');
  });

  it('lets the lease of a run that takes longer than its type allows run out, freeing its slot', async () => {
    const { knex, projectId } = await store(0);
    const w = make(knex, 'slow', { leaseMs: 600, heartbeatMs: 100 });
    w.register({
      type: 'hangs',
      maxRunMs: 200,
      // Never ends.
      run: () => new Promise<void>(() => undefined),
      abandon: async a => {
        await a.end('ran longer than its type allows');
      },
    });
    const id = await w.enqueue({ projectId, type: 'hangs' });
    await w.work();
    expect(w.active).toBe(1);
    await eventually('its slot to be freed', async () => w.active === 0);
    await eventually('the job to be reaped', async () => {
      await w.tick();
      return (await row(knex, id)).status === 'failed';
    });
    expect((await row(knex, id)).error).toBe('ran longer than its type allows');
  });

  it('plans due schedules into jobs, once across planners, and moves them on', async () => {
    const { knex, projectId, targetIds } = await store(3);
    const planned: string[] = [];
    const scheduled = (w: JobWorkers) =>
      w.register({
        type: 'sched',
        run: async run => {
          await run.end({ status: 'succeeded' });
        },
        abandon: async () => undefined,
        enqueueScheduled: async (trx, due) => {
          for (const d of due) {
            planned.push(d.targetId);
            await w.enqueue(
              { projectId: d.projectId, type: 'sched', targetId: d.targetId },
              trx,
            );
          }
        },
      });
    const a = make(knex, 'a');
    const b = make(knex, 'b');
    scheduled(a);
    scheduled(b);
    await a.schedules.set({
      projectId,
      type: 'sched',
      targetId: targetIds[0],
      schedule: 'PT1H',
    });
    await a.schedules.set({
      projectId,
      type: 'sched',
      targetId: targetIds[1],
      schedule: '0 3 * * *',
    });
    // An unchanged schedule keeps its time; the third target is not scheduled.
    await b.schedules.set({
      projectId,
      type: 'sched',
      targetId: targetIds[0],
      schedule: 'PT1H',
    });
    const [n1, n2] = await Promise.all([a.plan(), b.plan()]);
    expect(n1 + n2).toBe(1);
    expect(planned).toEqual([targetIds[0]]);
    const next = await knex.raw(
      'SELECT target_id, next_run_at FROM ops.job_schedules ORDER BY next_run_at',
    );
    const inAnHour = Date.now() + 3600_000;
    const first = next.rows.find((r: any) => r.target_id === targetIds[0]);
    expect(
      Math.abs(new Date(first.next_run_at).getTime() - inAnHour),
    ).toBeLessThan(60_000);
    await eventually('the planned job to run', async () =>
      (
        await knex.raw(
          `SELECT 1 FROM ops.jobs WHERE type = 'sched' AND status = 'succeeded'`,
        )
      ).rows.length
        ? true
        : undefined,
    );
    expect(await a.plan()).toBe(0);

    // A changed schedule starts over.
    await a.schedules.set({
      projectId,
      type: 'sched',
      targetId: targetIds[1],
      schedule: 'PT2H',
    });
    expect(await a.plan()).toBe(1);
    await a.schedules.remove('sched', targetIds[1]);
    expect(
      (await knex.raw('SELECT count(*)::int AS n FROM ops.job_schedules'))
        .rows[0].n,
    ).toBe(1);
  });

  it('deletes finished jobs after their retention', async () => {
    const { knex, projectId } = await store(0);
    const w = make(knex, 'a', { retentionDays: 1 });
    await knex.raw(
      `INSERT INTO ops.jobs (project_id, type, status, finished_at) VALUES
         (?, 'old', 'succeeded', now() - interval '2 days'),
         (?, 'old', 'failed', now() - interval '2 days'),
         (?, 'new', 'succeeded', now()),
         (?, 'old', 'queued', NULL)`,
      [projectId, projectId, projectId, projectId],
    );
    await w.plan();
    const { rows } = await knex.raw(
      'SELECT type, status FROM ops.jobs ORDER BY type, status',
    );
    expect(rows).toEqual([
      { type: 'new', status: 'succeeded' },
      { type: 'old', status: 'queued' },
    ]);
  });
});
