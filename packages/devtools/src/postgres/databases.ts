import { quoteIdent, withClient, withDatabase } from './connection';

/** Creates (or re-creates, when `replace`) a database and returns its connection string. */
export async function createDatabase(
  adminUrl: string,
  name: string,
  options: { replace?: boolean } = {},
): Promise<string> {
  await withClient(adminUrl, async client => {
    if (options.replace) {
      await client.query(
        `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`,
      );
    }
    await client.query(
      `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`,
    );
  });
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(
  adminUrl: string,
  name: string,
): Promise<void> {
  await withClient(adminUrl, client =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}
