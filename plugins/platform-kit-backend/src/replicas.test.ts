import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { TestDatabase } from '@platform-kit/devtools';
import knexFactory, { Knex } from 'knex';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';

const controlPlane = controlPlaneTests();

describe('two backends on one ops store', () => {
  let target: TestDatabase;
  let first: Knex;
  let second: Knex;
  const backends: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    target = await controlPlane.targetDatabase();
    first = await controlPlane.opsStore();
    second = knexFactory({
      client: 'pg',
      connection: first.client.config.connection,
    });
  });
  afterAll(async () => {
    for (const b of backends) await b.stop();
    await second.destroy();
    await target.drop();
  });

  const replica = (knex: Knex) =>
    controlPlane.start({
      knex,
      targets: [
        projectTarget('resource:default/shared-db', target.url, {
          schedule: 'PT1H',
        }),
      ],
      // Backstage's own scheduler: global tasks are locked in the database.
      scheduler: schedulerServiceFactory,
    });

  it('runs a scheduled scan once, not once per replica', async () => {
    backends.push(...(await Promise.all([replica(first), replica(second)])));
    const scans = async () =>
      (
        await first.raw(
          `SELECT status FROM ops.scans WHERE requested_by = 'scheduler'`,
        )
      ).rows.map((r: { status: string }) => r.status);
    for (let i = 0; i < 100 && !(await scans()).includes('succeeded'); i++)
      await new Promise(r => setTimeout(r, 100));
    // Both replicas have had time to look at the task again.
    await new Promise(r => setTimeout(r, 6000));
    expect(await scans()).toEqual(['succeeded']);
  });
});
