import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { controlPlaneTests } from './__testUtils__/controlPlane';
import {
  LEDGER_API_KEY,
  Ledger,
  ledgerModule,
  startLedger,
} from './__testUtils__/ledgerConnector';

const controlPlane = controlPlaneTests();

const CONNECTOR = 'resource:default/ledger-prod';

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

describe('connector contract suites as jobs', () => {
  let ledger: Ledger;
  let knex: Knex;
  let backend: { stop(): Promise<void> } | undefined;
  const scheduler = mockServices.scheduler() as any;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await backend?.stop();
    await ledger.close();
  });

  const start = (schedule: string) =>
    controlPlane.start({
      knex,
      targets: [
        {
          id: 'ledger-prod',
          entityRef: CONNECTOR,
          kind: 'connector',
          connector: 'ledger',
          options: { baseUrl: ledger.url, apiKey: LEDGER_API_KEY },
        },
      ],
      config: { contracts: { schedule } },
      scheduler: scheduler.factory({ skipTaskRunOnStartup: true }),
      features: [ledgerModule],
    });

  it("runs a new connector's suite at once as a contract job, then on its schedule", async () => {
    knex = await controlPlane.opsStore();
    backend = await start('0 4 * * *');
    const [schedule] = await knex('ops.job_schedules').where({
      type: 'contract',
    });
    expect(schedule.schedule).toBe('0 4 * * *');
    expect(new Date(schedule.next_run_at).getTime()).toBeLessThanOrEqual(
      Date.now(),
    );

    await scheduler.triggerTask('platform-kit-jobs-planner');
    const job = await until('the contract job to succeed', async () => {
      const [row] = await knex('ops.jobs').where({ type: 'contract' });
      return row?.status === 'succeeded' && row;
    });
    expect(job).toMatchObject({
      attempts: 1,
      serial_key: `contract:${schedule.target_id}`,
    });
    const runs = await knex('ops.contract_runs').where({ job_id: job.id });
    expect(runs.map(r => r.status)).toEqual(['passed']);
    // The ledger's key never reaches the stored run.
    expect(JSON.stringify(runs)).not.toContain(LEDGER_API_KEY);

    // Next at 04:00: the planner has nothing more to queue.
    const [moved] = await knex('ops.job_schedules').where({
      type: 'contract',
    });
    expect(new Date(moved.next_run_at).getTime()).toBeGreaterThan(Date.now());
    await scheduler.triggerTask('platform-kit-jobs-planner');
    expect(await knex('ops.jobs').where({ type: 'contract' })).toHaveLength(1);
  });

  it('runs an abandoned contract run again, and fails one whose target is no longer a connector', async () => {
    const [{ target_id: targetId, project_id: projectId }] = await knex(
      'ops.job_schedules',
    ).where({ type: 'contract' });
    // A run whose replica stopped: its lease ran out a second ago.
    const [abandoned] = await knex('ops.jobs')
      .insert({
        project_id: projectId,
        type: 'contract',
        target_id: targetId,
        serial_key: `contract:${targetId}`,
        status: 'running',
        attempts: 1,
        max_attempts: 2,
        lease_owner: 'a-stopped-replica',
        lease_token: knex.raw('gen_random_uuid()'),
        lease_expires_at: knex.raw("now() - interval '1 second'"),
      })
      .returning('id');
    const [{ id: otherTarget }] = await knex('ops.targets')
      .insert({
        project_id: projectId,
        entity_ref: 'resource:default/not-a-connector',
        kind: 'supabase-project',
        name: 'not-a-connector',
      })
      .returning('id');
    const [orphan] = await knex('ops.jobs')
      .insert({
        project_id: projectId,
        type: 'contract',
        target_id: otherTarget,
      })
      .returning('id');
    await scheduler.triggerTask('platform-kit-jobs-worker');
    const rerun = await until('the abandoned run to run again', async () => {
      const [row] = await knex('ops.jobs').where({ id: abandoned.id });
      return row.status === 'succeeded' && row;
    });
    expect(rerun.attempts).toBe(2);
    expect(
      await knex('ops.contract_runs').where({ job_id: abandoned.id }),
    ).toHaveLength(1);
    const failed = await until('the orphan to fail', async () => {
      const [row] = await knex('ops.jobs').where({ id: orphan.id });
      return row.status === 'failed' && row;
    });
    expect(failed.error).toBe('its target is no longer a configured connector');
  });

  it('keeps the schedule across restarts and follows a changed one', async () => {
    await backend!.stop();
    backend = await start('0 4 * * *');
    const [kept] = await knex('ops.job_schedules').where({ type: 'contract' });
    expect(new Date(kept.next_run_at).getTime()).toBeGreaterThan(Date.now());
    await backend.stop();
    backend = await start('PT12H');
    const [changed] = await knex('ops.job_schedules').where({
      type: 'contract',
    });
    expect(changed.schedule).toBe('PT12H');
    expect(new Date(changed.next_run_at).getTime()).toBeLessThanOrEqual(
      Date.now(),
    );
  });

  it('refuses a contract schedule it cannot read, naming the setting', async () => {
    await backend!.stop();
    backend = undefined;
    await expect(start('every night')).rejects.toThrow(
      /platformKit\.contracts\.schedule: must be a cron expression/,
    );
  });
});
