import { redact } from '@platform-kit/connector-sdk';
import { Pool, PoolConfig } from 'pg';
import { assertReadOnlySql } from './readOnlyGuard';
import { connectionStringSecrets, describeConnectionString } from './redact';
import {
  scanSessionSettings,
  QueryFn,
  ReadOnlyOptions,
  SqlExecutor,
  TargetError,
} from './types';

const PERMISSION_CODES = new Set(['42501', '28000', '28P01']);

function toTargetError(
  error: unknown,
  secrets: string[],
  connecting = false,
): TargetError {
  const e = error as { code?: string; message?: string };
  const message = redact(String(e.message ?? error), secrets);
  // Node socket errors (ECONNREFUSED, ENOTFOUND, ...) carry no SQLSTATE.
  const sqlState = e.code && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  if (sqlState === '57014') {
    return new TargetError(
      `the query was cancelled by statement_timeout: ${message}`,
      'timeout',
    );
  }
  if (sqlState && PERMISSION_CODES.has(sqlState))
    return new TargetError(message, 'permission');
  // Anything but a refused login while connecting (e.g. "not accepting connections") is a connection problem.
  if (connecting || !sqlState || /^(08|3D|53|57P)/.test(sqlState))
    return new TargetError(message, 'connection');
  return new TargetError(message, 'query');
}

/**
 * A `pg` pool on a direct connection string.
 *
 * @public
 */
export class PgExecutor implements SqlExecutor {
  readonly description: string;
  private readonly pool: Pool;
  private readonly secrets: string[];

  constructor(
    connectionString: string,
    config: Omit<PoolConfig, 'connectionString'> = {},
  ) {
    this.description = describeConnectionString(connectionString);
    this.secrets = connectionStringSecrets(connectionString);
    this.pool = new Pool({
      connectionString,
      max: 4,
      connectionTimeoutMillis: 10_000,
      application_name: 'platform-kit',
      ...config,
    });
    this.pool.on('error', () => {
      // idle client errors surface on the next query
    });
  }

  async readOnly<T>(
    fn: (query: QueryFn) => Promise<T>,
    options: ReadOnlyOptions = {},
  ): Promise<T> {
    let client;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toTargetError(error, this.secrets, true);
    }
    // A connection lost between two queries (the database restarts, is dropped) is an
    // 'error' event on the checked-out client: without a listener it would crash the process.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    const run = async <R>(sql: string) => {
      try {
        const result = await client!.query(sql);
        // A multi-statement string yields one result each: keep the last, like the Management API.
        const last = Array.isArray(result) ? result[result.length - 1] : result;
        return (last?.rows ?? []) as R[];
      } catch (error) {
        throw toTargetError(error, this.secrets);
      }
    };
    // fn's SQL must not end the transaction or make it read-write.
    const query: QueryFn = async <R>(sql: string) => {
      assertReadOnlySql(sql);
      return run<R>(sql);
    };
    try {
      await run('BEGIN TRANSACTION READ ONLY');
      for (const setting of scanSessionSettings(options)) await run(setting);
      const result = await fn(query);
      await run('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error instanceof TargetError
        ? error
        : toTargetError(error, this.secrets);
    } finally {
      client.off('error', onError);
      // A broken connection is destroyed, not returned to the pool.
      client.release(lost);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
