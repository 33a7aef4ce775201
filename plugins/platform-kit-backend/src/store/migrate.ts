import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { applyOpsMigrations } from '@platform-kit/plugin-platform-kit-node';
import { Knex } from 'knex';

export const MIGRATIONS_DIR = resolvePackagePath(
  '@platform-kit/plugin-platform-kit-backend',
  'migrations',
);

/** The plugin's database, with the ops migrations applied; refuses anything but PostgreSQL. */
export async function openOpsDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  const client = String(knex.client.config.client);
  if (client !== 'pg' && client !== 'postgres' && client !== 'postgresql') {
    throw new Error(
      `Platform Kit needs PostgreSQL as the Backstage database (backend.database.client: pg); it is configured as "${client}".`,
    );
  }
  if (!database.migrations?.skip) {
    const connection = await knex.client.acquireConnection();
    try {
      await applyOpsMigrations(connection, MIGRATIONS_DIR);
    } finally {
      await knex.client.releaseConnection(connection);
    }
  }
  return knex;
}
