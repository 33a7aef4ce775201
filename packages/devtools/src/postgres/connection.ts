import { Client } from 'pg';

/** Double-quotes an SQL identifier so that any name survives (quotes, spaces, unicode, keywords). */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000'))
    throw new Error('SQL identifiers cannot contain NUL characters');
  return `"${name.replace(/"/g, '""')}"`;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * A connection string as the `POSTGRES_*` variables that Backstage's
 * `app-config.production.yaml` (ours and create-app's) reads.
 */
export function postgresEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  return {
    POSTGRES_HOST: parsed.hostname,
    POSTGRES_PORT: parsed.port || '5432',
    POSTGRES_USER: decodeURIComponent(parsed.username),
    POSTGRES_PASSWORD: decodeURIComponent(parsed.password),
  };
}

/** Opens a client, runs `fn`, always closes it. */
export async function withClient<T>(
  url: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
