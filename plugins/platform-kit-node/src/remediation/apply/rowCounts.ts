import { Client } from 'pg';
import { tableName } from './names';

/** An error while counting a table's rows, naming the table. */
export class RowCountError extends Error {
  constructor(readonly table: string, readonly original: unknown) {
    super(
      `counting the rows of ${table} failed: ${(original as Error).message}`,
    );
    this.name = 'RowCountError';
  }
}

/**
 * Exact row counts (`count(*)`) of tables given as schema-qualified SQL names.
 * Keys are the names as the plan wrote them. Runs in whatever transaction and
 * under whatever timeouts the client is in.
 */
export async function countRows(
  client: Client,
  tables: string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    try {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${tableName(table)}`,
      );
      counts.set(table, Number(rows[0].n));
    } catch (error) {
      throw new RowCountError(table, error);
    }
  }
  return counts;
}
