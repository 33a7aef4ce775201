import { Client } from 'pg';
import { errorMessages } from './pgErrors';
import { ApplySession } from './types';

/** backend_start as UTC text to the microsecond: exact, whatever the session's settings. */
const BACKEND_START = `pg_catalog.to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The session of a connected client (its pid and when it started). */
export async function currentSession(client: Client): Promise<ApplySession> {
  const { rows } = await client.query<{ pid: number; start: string }>(
    `SELECT a.pid, ${BACKEND_START} AS start FROM pg_catalog.pg_stat_activity a
      WHERE a.pid = pg_catalog.pg_backend_pid()`,
  );
  return { pid: rows[0].pid, backendStart: rows[0].start };
}

/** @public */
export type EndSessionResult = 'terminated' | 'gone';

/**
 * Ends an apply's session on the target with `pg_terminate_backend`, only
 * when a session with that pid AND start time still exists (a pid alone may
 * name a later, unrelated session), and waits until it has exited: its open
 * transaction is rolled back and it can never commit. Resolves to 'gone'
 * when no such session is left. Connects with `connectionString` (the role
 * that ran the apply may end its own sessions); errors name no secret.
 *
 * @public
 */
export async function endApplySession(
  connectionString: string,
  session: ApplySession,
  options: { timeoutMs?: number } = {},
): Promise<EndSessionResult> {
  const message = errorMessages(connectionString);
  const timeoutMs = Math.max(1, Math.floor(options.timeoutMs ?? 10_000));
  const client = new Client({
    connectionString,
    application_name: 'platform-kit-reaper',
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => {
    // a lost connection surfaces as the error of the query
  });
  try {
    await client.connect();
    const { rows } = await client.query<{ ended: boolean }>(
      `SELECT pg_catalog.pg_terminate_backend(a.pid, $3) AS ended
         FROM pg_catalog.pg_stat_activity a WHERE a.pid = $1 AND ${BACKEND_START} = $2`,
      [session.pid, session.backendStart, timeoutMs],
    );
    if (!rows.length) return 'gone';
    if (!rows[0].ended)
      throw new Error(`it did not end within ${timeoutMs} ms`);
    return 'terminated';
  } catch (error) {
    throw new Error(
      `could not end the apply's session ${session.pid}: ${message(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
