import fs from 'node:fs';
import path from 'node:path';

/**
 * What the runner needs of a connection: a `pg` Client (or a PoolClient) fits.
 *
 * @public
 */
export interface MigrationClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

// Any constant shared by all replicas: the lock serialises concurrent start-ups.
const LOCK_KEY = 727_001;

/**
 * The ops migrations in a folder: `NNNN_name.sql`, applied in name order.
 *
 * @public
 */
export function listOpsMigrations(
  dir: string,
): { version: string; file: string }[] {
  return fs
    .readdirSync(dir)
    .filter(f => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map(f => ({ version: f.replace(/\.sql$/, ''), file: path.join(dir, f) }));
}

/**
 * Applies the `ops` schema migrations that have not run yet, each in its own
 * transaction, tracked in `ops.schema_migrations`. Several backends starting
 * at once apply each migration exactly once (transaction-level advisory lock).
 * Resolves to the versions applied by this call.
 *
 * @public
 */
export async function applyOpsMigrations(
  client: MigrationClient,
  dir: string,
): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of listOpsMigrations(dir)) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const tracked = await client.query(
        `SELECT to_regclass('ops.schema_migrations') IS NOT NULL AS present`,
      );
      const done =
        tracked.rows[0].present &&
        (
          await client.query(
            'SELECT 1 FROM ops.schema_migrations WHERE version = $1',
            [migration.version],
          )
        ).rows.length > 0;
      if (!done) {
        await client.query(fs.readFileSync(migration.file, 'utf8'));
        await client.query(
          'INSERT INTO ops.schema_migrations (version) VALUES ($1)',
          [migration.version],
        );
        applied.push(migration.version);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(
        `ops migration ${migration.version} failed: ${
          (error as Error).message
        }`,
      );
    }
  }
  return applied;
}
