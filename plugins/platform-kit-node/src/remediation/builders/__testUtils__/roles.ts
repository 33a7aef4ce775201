import { Client } from 'pg';

/** Who runs a query: an API role, with the JWT claims PostgREST would set. */
export interface Caller {
  role: 'anon' | 'authenticated' | 'service_role';
  /** request.jwt.claims; `role` is added. */
  claims?: Record<string, unknown>;
}

export const anon: Caller = { role: 'anon' };
export const serviceRole: Caller = { role: 'service_role' };
export const user = (
  sub: string,
  claims: Record<string, unknown> = {},
): Caller => ({ role: 'authenticated', claims: { sub, ...claims } });

async function asCaller<T>(
  url: string,
  caller: Caller,
  run: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL ROLE ${caller.role}`);
    await client.query(
      "SELECT set_config('request.jwt.claims', $1, true), set_config('request.jwt.claim.role', $2, true)",
      [JSON.stringify({ ...caller.claims, role: caller.role }), caller.role],
    );
    return await run(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** Rows of a query run as the caller (in a transaction that is rolled back). */
export function rowsAs(
  url: string,
  caller: Caller,
  sql: string,
): Promise<Record<string, unknown>[]> {
  return asCaller(url, caller, async c => (await c.query(sql)).rows);
}

/** The error message of a statement run as the caller, or 'ok'. */
export function outcomeAs(
  url: string,
  caller: Caller,
  sql: string,
): Promise<string> {
  return asCaller(url, caller, async c => {
    try {
      await c.query(sql);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  });
}

/** Rows of a query as the superuser, with request.jwt.claims set (for evaluating expressions). */
export async function rowsWithClaims(
  url: string,
  claims: Record<string, unknown>,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('request.jwt.claims', $1, true)", [
      JSON.stringify(claims),
    ]);
    return (await client.query(sql)).rows;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** Rows of a table as the superuser. */
export async function countRows(url: string, table: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM ${table}`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** A double-quoted identifier, for test SQL. */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
