import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTestDatabase,
  dropDatabase,
  demoProjectDir,
  loadDemoProject,
  repoRoot,
  TestDatabase,
} from '@platform-kit/devtools';
// The end-to-end test runs the action against the real control plane.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformKitPlugin from '@platform-kit/plugin-platform-kit-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import yaml from 'yaml';
import { scaffolderModulePlatformKit } from './module';

jest.setTimeout(240_000);

const DB = 'resource:default/acme-tasks-db';
const TEMPLATE = 'template:default/platform-kit-remediation';

function templateEntity(): Entity {
  const file = path.join(repoRoot(), 'templates/remediation/template.yaml');
  return yaml.parse(fs.readFileSync(file, 'utf8'));
}

const demoResource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'acme-tasks-db', namespace: 'default' },
  spec: { type: 'supabase-project', owner: 'group:default/tasks-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/tasks-team' }],
};

describe('remediation as a scaffolder task, on the demo project', () => {
  let server: any;
  let backend: { server: any; stop(): Promise<void> };
  let knex: Knex;
  let pg: TestDatabase;
  const database = `pk_demo_fix_${process.pid}`;

  beforeAll(async () => {
    pg = await createTestDatabase({ supabase: false });
    const demoUrl = await loadDemoProject(pg.adminUrl, database);
    // The backend's own database. Neither it nor its knex is torn down after the tests: the
    // scaffolder's task workers keep polling after the backend stops, and a destroyed pool
    // makes them throw into whichever test file runs next in this worker.
    const store = await createTestDatabase({ supabase: false });
    knex = knexFactory({ client: 'pg', connection: store.url });
    backend = await startTestBackend({
      features: [
        mockServices.database.factory({ knex }),
        platformKitPlugin,
        scaffolderPlugin,
        scaffolderModulePlatformKit,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({
          entities: [demoResource, templateEntity()],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost' },
            platformKit: {
              targets: [
                {
                  id: 'acme-tasks-db',
                  entityRef: DB,
                  kind: 'supabase-project',
                  connectionString: demoUrl,
                  // The demo app's source: what it calls stays working.
                  appSourcePath: path.join(demoProjectDir(), 'app'),
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
  });
  afterAll(async () => {
    // Let the scans the remediation queued finish, then stop the backend, before its databases go.
    for (let i = 0; i < 300; i++) {
      const { rows } = await knex.raw(
        `SELECT count(*)::int AS n FROM ops.scans WHERE status IN ('queued', 'running')`,
      );
      if (rows[0].n === 0) break;
      await new Promise(r => setTimeout(r, 100));
    }
    await backend.stop();
    await dropDatabase(pg.adminUrl, database);
    await pg.drop();
  });

  /** A signed-in user, as Backstage's test utilities mint them. */
  const header = () => mockCredentials.user.header();

  async function scanAndWait() {
    const post = await request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', header())
      .send({ entityRef: DB });
    expect(post.status).toBe(202);
    for (let i = 0; i < 600; i++) {
      const res = await request(server)
        .get(`/api/platform-kit/scans/${post.body.scanId}`)
        .set('Authorization', header());
      if (['succeeded', 'failed'].includes(res.body.status)) return res.body;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('scan did not finish');
  }

  async function securityErrorFindings(): Promise<any[]> {
    const res = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/acme-tasks-db/findings?level=ERROR&category=SECURITY',
      )
      .set('Authorization', header());
    return res.body.items;
  }
  async function securityErrors() {
    return (await securityErrorFindings()).map(
      (f: any) => `${f.name} ${f.metadata.schema}.${f.metadata.name}`,
    );
  }

  async function runTask(values: Record<string, unknown>) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', header())
      .send({ templateRef: TEMPLATE, values });
    expect(created.status).toBe(201);
    for (let i = 0; i < 1200; i++) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', header());
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', header());
        const log = events.body
          .filter((e: any) => e.type === 'log')
          .map((e: any) => e.body.message)
          .join('\n');
        return { task: task.body, log };
      }
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error('task did not finish');
  }

  it('previews the plan in a dry run without changing anything', async () => {
    expect((await scanAndWait()).status).toBe('succeeded');
    const before = await securityErrors();
    expect(before.length).toBeGreaterThan(0);
    const { task, log } = await runTask({ entityRef: DB, dryRun: true });
    expect(task.status).toBe('completed');
    expect(log).toMatch(
      /ALTER TABLE "public"\."tasks" ENABLE ROW LEVEL SECURITY/,
    );
    // What each patch's objects are used by, before anything runs.
    expect(log).toMatch(
      /Before applying, per patch: its dependants and probes\n[\s\S]*rls_disabled_in_public_public_audit_log: Enable row level security on public\.audit_log[\s\S]*needs a human: /,
    );
    expect(log).toMatch(/Dry run: nothing was changed/);
    expect((await scanAndWait()).status).toBe('succeeded');
    expect(await securityErrors()).toEqual(before);
  });

  it('applies exactly the plan the Parity tab started it with', async () => {
    // Its policies cover every command the app's grants allow: RLS keeps the app working.
    const view = (await securityErrorFindings()).find(
      (f: any) =>
        f.name === 'rls_disabled_in_public' && f.metadata.name === 'tasks',
    );
    expect(view).toBeDefined();
    const created = await request(server)
      .post('/api/platform-kit/remediation-plans')
      .set('Authorization', header())
      .send({ entityRef: DB, findingKeys: [view.cache_key] });
    expect(created.status).toBe(201);

    const { task, log } = await runTask({
      entityRef: DB,
      planId: created.body.id,
    });
    expect({ status: task.status, log }).toMatchObject({ status: 'completed' });
    expect(log).toContain(`Plan ${created.body.id}`);
    expect(log).toContain(
      `Outcome per finding, with the probes that ran\n${view.cache_key}: applied`,
    );
    const plan = await request(server)
      .get(`/api/platform-kit/remediation-plans/${created.body.id}`)
      .set('Authorization', header());
    expect(plan.body.status).toBe('applied');
    expect(plan.body.outcome.findings).toEqual([
      expect.objectContaining({
        findingKey: view.cache_key,
        status: 'applied',
      }),
    ]);
    expect((await scanAndWait()).status).toBe('succeeded');
    const errors = await securityErrors();
    expect(errors).not.toContain('rls_disabled_in_public public.tasks');
    // Only that plan: other errors are still there for the full run below.
    expect(errors.length).toBeGreaterThan(0);
  });

  it('applies every fix that keeps the project working, and names the findings that need a human', async () => {
    const { task, log } = await runTask({ entityRef: DB });
    // Enabling RLS on audit_log, which the API roles use without a policy, would hide its rows: a human decides.
    expect({ status: task.status, log }).toMatchObject({ status: 'completed' });
    expect(log).toMatch(
      /Left to a human \(no SQL keeps the application working; see the plan\): needs a human: .*rls_disabled_in_public_public_audit_log/,
    );
    expect(log).toMatch(/Applied and verified by a re-scan/);
    const plans = await request(server)
      .get(
        '/api/platform-kit/entities/resource/default/acme-tasks-db/remediation-plans',
      )
      .set('Authorization', header());
    const [latest] = plans.body.items;
    expect(latest).toMatchObject({ status: 'applied' });
    expect(latest.outcome.remaining).toEqual([]);
    const outcomes = latest.outcome.findings as any[];
    expect(outcomes.length).toBe(latest.plan.patches.length);
    const needsHuman = outcomes
      .filter(f => f.status === 'needs-human')
      .map(f => f.findingKey);
    expect(needsHuman).toContain(
      (await securityErrorFindings()).find(
        (f: any) =>
          f.name === 'rls_disabled_in_public' &&
          f.metadata.name === 'audit_log',
      )?.cache_key,
    );
    expect(
      outcomes.filter(f => !['applied', 'needs-human'].includes(f.status)),
    ).toEqual([]);
    // Data untouched: every table the plan touched has the rows it had.
    for (const counts of Object.values(latest.outcome.rowCounts) as any[])
      expect(counts.after).toBe(counts.before);
    // What is left are the findings a human must decide on, or that have no automatic fix.
    expect((await scanAndWait()).status).toBe('succeeded');
    const skipped = latest.plan.skipped.map((s: any) => s.findingKey);
    for (const f of await securityErrorFindings())
      expect([...needsHuman, ...skipped]).toContain(f.cache_key);
  });
});
