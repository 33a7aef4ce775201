import { applySupabaseFixture } from '../fixtures/supabase';
import { quoteIdent, withClient, withDatabase } from '../postgres/connection';
import { createDatabase } from '../postgres/databases';

/** The defect the target is made with: Supabase's linter reports it as `rls_disabled_in_public`. */
export const KNOWN_DEFECT = {
  rule: 'rls_disabled_in_public',
  table: 'public.orders',
};

/**
 * A Supabase-like database to scan, with one known defect: a table in the
 * exposed `public` schema that the API roles can read, without row level
 * security. Returns its connection string.
 */
export async function createDefectiveTarget(
  adminUrl: string,
  database: string,
): Promise<string> {
  const url = await createDatabase(adminUrl, database, { replace: true });
  await applySupabaseFixture(url);
  await withClient(url, client =>
    client.query(`
      CREATE TABLE public.orders (id bigint PRIMARY KEY, customer text NOT NULL);
      GRANT SELECT ON public.orders TO anon, authenticated;
    `),
  );
  return url;
}

/** The `ops` migrations applied in a plugin's database (`ops.schema_migrations`). */
export async function appliedOpsMigrations(
  adminUrl: string,
  database: string,
): Promise<string[]> {
  return withClient(withDatabase(adminUrl, database), async client => {
    const { rows } = await client.query<{ version: string }>(
      'SELECT version FROM ops.schema_migrations ORDER BY version',
    );
    return rows.map(r => r.version);
  });
}

/** Drops the databases whose names start with `prefix` (an earlier run's). */
export async function dropDatabasesWithPrefix(
  adminUrl: string,
  prefix: string,
): Promise<string[]> {
  return withClient(adminUrl, async client => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [prefix],
    );
    for (const { datname } of rows)
      await client.query(
        `DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`,
      );
    return rows.map(r => r.datname);
  });
}
