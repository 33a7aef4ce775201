import path from 'node:path';
import { Client } from 'pg';
import {
  createTestDatabase,
  repoRoot,
  TestDatabase,
} from '@platform-kit/devtools';
import { PgExecutor } from '../executor/pgExecutor';
import { introspect } from '../introspection/introspect';
import { runLints } from '../lint/runLints';
import { applyOpsMigrations, listOpsMigrations } from './opsMigrations';

jest.setTimeout(60_000);

/** The backend plugin ships the migrations; the engine only applies them. */
const MIGRATIONS = path.join(
  repoRoot(),
  'plugins/platform-kit-backend/migrations',
);
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

async function as(
  client: Client,
  role: string,
  sub: string | null,
  sql: string,
) {
  await client.query('BEGIN');
  try {
    if (sub)
      await client.query(`SELECT set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub, role }),
      ]);
    await client.query(`SET LOCAL ROLE ${role}`);
    return (await client.query(sql)).rows;
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('ops store migrations', () => {
  describe('on a Supabase-like project', () => {
    let db: TestDatabase;
    let client: Client;
    beforeAll(async () => {
      db = await createTestDatabase();
      client = await db.connect();
      await applyOpsMigrations(client, MIGRATIONS);
      await client.query(`
        INSERT INTO ops.projects (id, slug, name) VALUES
          ('aaaaaaaa-0000-4000-8000-000000000001', 'payments', 'Payments'),
          ('aaaaaaaa-0000-4000-8000-000000000002', 'search', 'Search');
        INSERT INTO ops.project_members (project_id, user_id) VALUES ('aaaaaaaa-0000-4000-8000-000000000001', '${ALICE}');
        INSERT INTO ops.targets (project_id, entity_ref, kind, name) VALUES
          ('aaaaaaaa-0000-4000-8000-000000000001', 'resource:default/payments-db', 'supabase-project', 'payments-db'),
          ('aaaaaaaa-0000-4000-8000-000000000002', 'resource:default/search-db', 'supabase-project', 'search-db');
        INSERT INTO ops.capabilities (id, title, description, severity, applies_to)
          VALUES ('db.row-level-security', 'RLS', 'd', 5, '{supabase-project}');`);
    });
    afterAll(() => db.drop());

    it('tracks what ran and applies nothing twice', async () => {
      const { rows } = await client.query(
        'SELECT version FROM ops.schema_migrations ORDER BY 1',
      );
      expect(rows.map(r => r.version)).toEqual(
        listOpsMigrations(MIGRATIONS).map(m => m.version),
      );
      expect(await applyOpsMigrations(client, MIGRATIONS)).toEqual([]);
    });

    it('enables row level security on every ops table', async () => {
      const { rows } = await client.query(`
        SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'ops' AND c.relkind = 'r' ORDER BY 1`);
      // 0010 adds jobs and job_schedules, 0011 contract_runs.
      expect(rows.length).toBe(19);
      expect(rows.filter(r => !r.relrowsecurity)).toEqual([]);
    });

    it('lets service_role read and write everything', async () => {
      expect(
        await as(
          client,
          'service_role',
          null,
          'SELECT name FROM ops.targets ORDER BY 1',
        ),
      ).toEqual([{ name: 'payments-db' }, { name: 'search-db' }]);
      await expect(
        as(
          client,
          'service_role',
          null,
          `UPDATE ops.targets SET name = 'x' RETURNING id`,
        ),
      ).resolves.toHaveLength(2);
    });

    it('shows authenticated users only the projects they are members of, read-only', async () => {
      expect(
        await as(
          client,
          'authenticated',
          ALICE,
          'SELECT name FROM ops.targets',
        ),
      ).toEqual([{ name: 'payments-db' }]);
      expect(
        await as(
          client,
          'authenticated',
          ALICE,
          'SELECT slug FROM ops.projects',
        ),
      ).toEqual([{ slug: 'payments' }]);
      expect(
        await as(client, 'authenticated', BOB, 'SELECT name FROM ops.targets'),
      ).toEqual([]);
      expect(
        await as(
          client,
          'authenticated',
          BOB,
          'SELECT id FROM ops.capabilities',
        ),
      ).toEqual([{ id: 'db.row-level-security' }]);
      await expect(
        as(
          client,
          'authenticated',
          ALICE,
          `INSERT INTO ops.project_members VALUES ('aaaaaaaa-0000-4000-8000-000000000002', '${ALICE}')`,
        ),
      ).rejects.toThrow(/permission denied/);
    });

    it('gives anon nothing', async () => {
      await expect(
        as(client, 'anon', null, 'SELECT * FROM ops.projects'),
      ).rejects.toThrow(/permission denied for schema ops/);
    });

    it('passes our own lints with no security findings, even if ops were exposed', async () => {
      const executor = new PgExecutor(db.url);
      const inventory = await introspect(executor, {
        exposedSchemas: ['public', 'ops'],
      });
      await executor.close();
      const ops = runLints(inventory).findings.filter(
        f => f.metadata.schema === 'ops',
      );
      expect(
        ops
          .filter(f => f.categories.includes('SECURITY'))
          .map(f => f.cache_key),
      ).toEqual([]);
      expect(ops.map(f => f.name)).not.toContain('unindexed_foreign_keys');
    });
  });

  it('applies to a plain PostgreSQL without Supabase roles: RLS on, owner-only access', async () => {
    const db = await createTestDatabase({ supabase: false });
    try {
      const client = await db.connect();
      expect(await applyOpsMigrations(client, MIGRATIONS)).toEqual(
        listOpsMigrations(MIGRATIONS).map(m => m.version),
      );
      const { rows } =
        await client.query(`SELECT count(*)::int AS policies FROM pg_policy p
        JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ops'`);
      expect(rows[0].policies).toBe(0);
      await client.query(
        `INSERT INTO ops.projects (slug, name) VALUES ('p', 'P')`,
      );
      expect(
        (await client.query('SELECT slug FROM ops.projects')).rows,
      ).toEqual([{ slug: 'p' }]);
    } finally {
      await db.drop();
    }
  });

  it('applies each migration once when two backends start at the same time', async () => {
    const db = await createTestDatabase();
    try {
      const [a, b] = [await db.connect(), await db.connect()];
      const results = await Promise.all([
        applyOpsMigrations(a, MIGRATIONS),
        applyOpsMigrations(b, MIGRATIONS),
      ]);
      expect([...results[0], ...results[1]].sort()).toEqual(
        listOpsMigrations(MIGRATIONS).map(m => m.version),
      );
    } finally {
      await db.drop();
    }
  });
});
