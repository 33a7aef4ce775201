import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { openOpsDatabase } from '../../store/migrate';
import { backendTestDatabases } from '../../__testUtils__/testBackend';
import { JobWorkers } from '../JobWorkers';
import { DEFAULT_JOB_SETTINGS, JobSettings } from '../jobSettings';

/**
 * Fresh, migrated ops stores for the tests of the job mechanism, with a
 * project and targets to hang jobs on. Call at the top level of a test file.
 */
export function jobsTestStores() {
  jest.setTimeout(60_000);
  const { databases, dbId } = backendTestDatabases();
  return async (targets = 3) => {
    const knex = await databases.init(dbId);
    await openOpsDatabase({
      getClient: async () => knex,
    } as unknown as DatabaseService);
    const { rows } = await knex.raw(
      `INSERT INTO ops.projects (slug, name) VALUES ('jobs', 'jobs') RETURNING id`,
    );
    const projectId: string = rows[0].id;
    const targetIds: string[] = [];
    for (let i = 0; i < targets; i++) {
      const t = await knex.raw(
        `INSERT INTO ops.targets (project_id, entity_ref, kind, name)
         VALUES (?, ?, 'supabase-project', ?) RETURNING id`,
        [projectId, `resource:default/db-${i}`, `db-${i}`],
      );
      targetIds.push(t.rows[0].id);
    }
    return { knex, projectId, targetIds };
  };
}

/** Job workers on a test store, with short leases unless told otherwise. */
export function testWorkers(
  knex: Knex,
  name: string,
  settings: Partial<JobSettings> = {},
) {
  return new JobWorkers({
    knex,
    logger: mockServices.logger.mock(),
    ownerId: name,
    settings: {
      ...DEFAULT_JOB_SETTINGS,
      leaseMs: 1000,
      heartbeatMs: 200,
      pollMs: 100,
      ...settings,
    },
  });
}

/** Polls until `probe` gives a truthy value. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
