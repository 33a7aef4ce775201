import { mockServices } from '@backstage/backend-test-utils';
import { TestDatabase } from '@platform-kit/devtools';
import { Knex } from 'knex';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { callApi } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

const DB = 'resource:default/ledger-db';

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('scans as jobs', () => {
  let target: TestDatabase;
  let knex: Knex;
  let backend: { server: any; stop(): Promise<void> };
  const scheduler = mockServices.scheduler() as any;

  beforeAll(async () => {
    target = await controlPlane.targetDatabase(
      'create table public.ledger (id int primary key)',
    );
    knex = await controlPlane.opsStore();
    backend = await controlPlane.start({
      knex,
      targets: [projectTarget(DB, target.url)],
      scheduler: scheduler.factory({ skipTaskRunOnStartup: true }),
    });
  });
  afterAll(async () => {
    await backend.stop();
    await target.drop();
  });

  /** A scan of a target with its job, as a stopped replica or an older config left it. */
  async function scanWithJob(
    targetId: string,
    job: Record<string, unknown>,
    scan: Record<string, unknown> = {},
  ) {
    const [{ project_id: projectId }] = await knex('ops.targets').where({
      id: targetId,
    });
    const [{ id: scanId }] = await knex('ops.scans')
      .insert({ project_id: projectId, target_id: targetId, ...scan })
      .returning('id');
    await knex('ops.jobs').insert({
      project_id: projectId,
      type: 'scan',
      subject_id: scanId,
      target_id: targetId,
      serial_key: `scan:${targetId}`,
      max_attempts: 3,
      ...job,
    });
    return scanId as string;
  }
  const scan = (id: string) => callApi(backend.server, 'get', `/scans/${id}`);
  const finished = (id: string) =>
    until(`scan ${id} to finish`, async () => {
      const { body } = await scan(id);
      return ['succeeded', 'failed'].includes(body.status) && body;
    });

  it('fails a scan whose replica stopped on its last attempt, saying so', async () => {
    const [{ id: targetId }] = await knex('ops.targets').where({
      entity_ref: DB,
    });
    const scanId = await scanWithJob(
      targetId,
      {
        status: 'running',
        attempts: 3,
        lease_owner: 'a-stopped-replica',
        lease_token: knex.raw('gen_random_uuid()'),
        lease_expires_at: knex.raw("now() - interval '1 second'"),
      },
      { status: 'running', attempts: 3, started_at: knex.raw('now()') },
    );
    await scheduler.triggerTask('platform-kit-jobs-worker');
    const failed = await finished(scanId);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'abandoned: the backend running it stopped before it finished',
    });
    expect(failed.logs.map((l: { message: string }) => l.message)).toEqual([
      'attempt 3: the backend running it stopped (its lease ran out)',
    ]);
  });

  it('fails a scan of a target that is no longer configured, without retrying it', async () => {
    const [{ project_id: projectId }] = await knex('ops.targets').where({
      entity_ref: DB,
    });
    const [{ id: gone }] = await knex('ops.targets')
      .insert({
        project_id: projectId,
        entity_ref: 'resource:default/removed-db',
        kind: 'supabase-project',
        name: 'removed-db',
      })
      .returning('id');
    const scanId = await scanWithJob(gone, {});
    await scheduler.triggerTask('platform-kit-jobs-worker');
    await until('the scan to fail', async () => {
      const [row] = await knex('ops.scans').where({ id: scanId });
      return row.status === 'failed' && row;
    });
    const [row] = await knex('ops.scans').where({ id: scanId });
    expect(row.error).toBe(
      'its target is no longer scanned (taken out of the config, or no longer discovered)',
    );
    const [job] = await knex('ops.jobs').where({ subject_id: scanId });
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('queues one scheduled scan per due target, none beside a scan already queued', async () => {
    await knex('ops.job_schedules')
      .where({ type: 'scan' })
      .update({ next_run_at: knex.raw("now() - interval '1 minute'") });
    await scheduler.triggerTask('platform-kit-jobs-planner');
    const [scheduled] = await knex('ops.scans').where({
      requested_by: 'scheduler',
    });
    expect((await finished(scheduled.id)).status).toBe('succeeded');
    // Due again while a scan of the target waits: the planner adds none.
    const [{ id: targetId, project_id: projectId }] = await knex(
      'ops.targets',
    ).where({ entity_ref: DB });
    const [waiting] = await knex('ops.scans')
      .insert({ project_id: projectId, target_id: targetId })
      .returning('id');
    await knex('ops.job_schedules')
      .where({ type: 'scan' })
      .update({ next_run_at: knex.raw("now() - interval '1 minute'") });
    await scheduler.triggerTask('platform-kit-jobs-planner');
    expect(
      await knex('ops.scans').where({ requested_by: 'scheduler' }),
    ).toHaveLength(1);
    await knex('ops.scans').where({ id: waiting.id }).delete();
  });
});
