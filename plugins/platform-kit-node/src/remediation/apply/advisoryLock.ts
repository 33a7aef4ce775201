import { Client } from 'pg';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** How often a waiting apply asks for the lock again. */
const POLL_MS = 100;

/**
 * Takes the session-level advisory lock of a target (a string key hashed by
 * the server), polling `pg_try_advisory_lock` until `waitMs` has passed.
 * Resolves to false when another session still holds it. The lock lasts until
 * `releaseAdvisoryLock` or the end of the connection, across transactions.
 */
export async function acquireAdvisoryLock(
  client: Client,
  key: string,
  waitMs: number,
): Promise<boolean> {
  const deadline = Date.now() + Math.max(0, waitMs);
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1, 0)) AS locked',
      [key],
    );
    if (rows[0].locked) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(POLL_MS, left));
  }
}

export async function releaseAdvisoryLock(
  client: Client,
  key: string,
): Promise<void> {
  await client.query(
    'SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended($1, 0))',
    [key],
  );
}
