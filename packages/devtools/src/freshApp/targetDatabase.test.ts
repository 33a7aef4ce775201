import crypto from 'node:crypto';
import { withClient, withDatabase } from '../postgres/connection';
import { createDatabase } from '../postgres/databases';
import { createTestDatabase, TestDatabase } from '../testing/testDatabase';
import {
  appliedOpsMigrations,
  createDefectiveTarget,
  dropDatabasesWithPrefix,
} from './targetDatabase';

jest.setTimeout(60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ supabase: false });
});
afterAll(() => db.drop());

describe('the target database of the fresh-app check', () => {
  const prefix = `pk_fa_${crypto.randomBytes(3).toString('hex')}_`;

  it('is Supabase-like with a readable public table without row level security', async () => {
    const url = await createDefectiveTarget(db.adminUrl, `${prefix}target`);
    const row = await withClient(url, async client => {
      const { rows } = await client.query(
        `SELECT c.relrowsecurity, has_table_privilege('anon', 'public.orders', 'SELECT') AS anon
           FROM pg_class c WHERE c.oid = 'public.orders'::regclass`,
      );
      return rows[0];
    });
    expect(row).toEqual({ relrowsecurity: false, anon: true });
  });

  it('reads the applied ops migrations and drops its own databases only', async () => {
    const plugin = await createDatabase(db.adminUrl, `${prefix}platform-kit`);
    await withClient(plugin, client =>
      client.query(
        `CREATE SCHEMA ops; CREATE TABLE ops.schema_migrations (version text PRIMARY KEY);
         INSERT INTO ops.schema_migrations VALUES ('0002_b'), ('0001_a');`,
      ),
    );
    expect(
      await appliedOpsMigrations(db.adminUrl, `${prefix}platform-kit`),
    ).toEqual(['0001_a', '0002_b']);
    expect((await dropDatabasesWithPrefix(db.adminUrl, prefix)).sort()).toEqual(
      [`${prefix}platform-kit`, `${prefix}target`],
    );
    await expect(
      withClient(withDatabase(db.adminUrl, db.name), c => c.query('select 1')),
    ).resolves.toBeDefined();
  });
});
