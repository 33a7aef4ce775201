import crypto from 'node:crypto';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../postgres/databases';
import { ensurePostgres, PostgresServer } from '../postgres/ensurePostgres';
import { dataPath } from '../postgres/repoPaths';
import { applySupabaseFixture } from '../fixtures/supabase';

export interface TestDatabase {
  /** Superuser connection string to this database. */
  url: string;
  /** Superuser connection string to the server's `postgres` database. */
  adminUrl: string;
  name: string;
  serverMajorVersion: number;
  /** A connected client that is closed by drop(). */
  connect(): Promise<Client>;
  /** Closes clients from connect() and drops the database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply the Supabase-like fixture (default true). */
  supabase?: boolean;
}

// Under `./kit test` PLATFORM_KIT_PG_URL points at one shared server; a test
// file run on its own (e.g. `yarn workspace x test`) starts its own server.
let server: Promise<PostgresServer> | undefined;
let openDatabases = 0;

function sharedServer(): Promise<PostgresServer> {
  server ??= ensurePostgres({
    dataDir: dataPath(
      `test-pg-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
    ),
  });
  return server;
}

/** A fresh database (Supabase-like unless `supabase: false`) on real PostgreSQL. */
export async function createTestDatabase(
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const pg = await sharedServer();
  openDatabases++;
  const name = `pk_test_${crypto.randomBytes(5).toString('hex')}`;
  const url = await createDatabase(pg.adminUrl, name);
  if (options.supabase !== false) await applySupabaseFixture(url);
  const clients: Client[] = [];
  return {
    url,
    adminUrl: pg.adminUrl,
    name,
    serverMajorVersion: pg.majorVersion,
    async connect() {
      const client = new Client({ connectionString: url });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map(c => c.end().catch(() => undefined)));
      await dropDatabase(pg.adminUrl, name);
      if (--openDatabases === 0 && pg.embedded) {
        server = undefined;
        await pg.stop();
      }
    },
  };
}
