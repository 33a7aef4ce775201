import {
  backoffDelay,
  redact,
  requestedDelay,
} from '@platform-kit/connector-sdk';
import { assertReadOnlySql } from './readOnlyGuard';
import {
  scanSessionSettings,
  QueryFn,
  ReadOnlyOptions,
  SqlExecutor,
  TargetError,
} from './types';

/** @public */
export interface SupabaseManagementApiOptions {
  /** The project's 20-letter reference. */
  projectRef: string;
  /** A personal access token or OAuth token with database read access. */
  token: string;
  /** Default https://api.supabase.com */
  baseUrl?: string;
  /** Attempts per query after the first (default 5). */
  maxRetries?: number;
  /** Per-request timeout (default 60 s). */
  requestTimeoutMs?: number;
  /** Upper bound of a single wait, also for Retry-After (default 60 s). */
  maxDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry, e.g. to log progress. */
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    status?: number;
  }) => void;
}

const PROJECT_REF = /^[a-z]{20}$/;

/** The API's 500 for a failed statement: `Failed to run sql query: ERROR:  42P01: ...`. */
const SQL_FAILURE = /failed to run (read-only )?sql query/i;
const SQLSTATE_IN_MESSAGE = /\bERROR:\s+([0-9A-Z]{5}):/;

function sqlErrorKind(message: string): TargetError['kind'] {
  const sqlState = SQLSTATE_IN_MESSAGE.exec(message)?.[1];
  if (sqlState === '57014') return 'timeout';
  if (sqlState === '42501') return 'permission';
  return 'query';
}

/**
 * Runs SQL through the Supabase Management API
 * (`POST /v1/projects/{ref}/database/query`, `read_only: true`). Each query is
 * its own request; 429 honours `Retry-After` / `X-RateLimit-Reset`, 5xx and
 * network errors back off exponentially with jitter.
 *
 * @public
 */
export class SupabaseManagementApiExecutor implements SqlExecutor {
  readonly description: string;
  private readonly options: Required<
    Omit<SupabaseManagementApiOptions, 'onRetry'>
  > &
    Pick<SupabaseManagementApiOptions, 'onRetry'>;

  constructor(options: SupabaseManagementApiOptions) {
    if (!PROJECT_REF.test(options.projectRef)) {
      throw new TargetError(
        `"${options.projectRef}" is not a Supabase project ref (20 lowercase letters)`,
        'connection',
      );
    }
    if (!options.token)
      throw new TargetError('the Supabase access token is empty', 'permission');
    this.options = {
      baseUrl: 'https://api.supabase.com',
      maxRetries: 5,
      requestTimeoutMs: 60_000,
      maxDelayMs: 60_000,
      fetch: globalThis.fetch,
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
      random: Math.random,
      ...options,
    };
    this.description = `Supabase project ${options.projectRef} (Management API)`;
  }

  async readOnly<T>(
    fn: (query: QueryFn) => Promise<T>,
    options: ReadOnlyOptions = {},
  ): Promise<T> {
    // One request per statement; the prefix runs in the same (implicit) transaction so
    // that deparsed expressions come out schema-qualified and slow statements are
    // cancelled, as over a direct connection.
    const prefix = scanSessionSettings(options)
      .map(setting => `${setting};\n`)
      .join('');
    return fn(sql => {
      try {
        assertReadOnlySql(sql);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.post(`${prefix}${sql}`);
    });
  }

  async close(): Promise<void> {}

  private fail(message: string, kind: TargetError['kind']): TargetError {
    return new TargetError(redact(message, [this.options.token]), kind);
  }

  private async post<R>(sql: string): Promise<R[]> {
    const { baseUrl, projectRef, token, maxRetries, maxDelayMs } = this.options;
    const url = `${baseUrl.replace(
      /\/$/,
      '',
    )}/v1/projects/${projectRef}/database/query`;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.options.fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ query: sql, read_only: true }),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs),
        });
      } catch (error) {
        if (attempt >= maxRetries) {
          throw this.fail(
            `the Supabase Management API cannot be reached: ${
              (error as Error).message
            }`,
            'connection',
          );
        }
        await this.wait(attempt, undefined);
        continue;
      }
      if (response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        if (!Array.isArray(body))
          throw this.fail(
            'the Management API answered with something other than rows',
            'query',
          );
        return body as R[];
      }
      const status = response.status;
      const text = await response.text().catch(() => '');
      let message = text;
      try {
        message = JSON.parse(text).message ?? text;
      } catch {
        // plain text error
      }
      message = String(message);
      // A failed statement is answered with 500 too: retrying cannot help.
      const sqlFailure = status === 500 && SQL_FAILURE.test(message);
      const retryable = status === 429 || (status >= 500 && !sqlFailure);
      if (retryable && attempt < maxRetries) {
        const asked =
          status === 429 ? requestedDelay(response.headers) : undefined;
        await this.wait(
          attempt,
          asked === undefined ? undefined : Math.min(asked, maxDelayMs),
          status,
        );
        continue;
      }
      if (status === 401 || status === 403) {
        throw this.fail(
          `the Supabase Management API refused the token (HTTP ${status})`,
          'permission',
        );
      }
      if (sqlFailure) {
        throw this.fail(
          `the query failed on Supabase project ${projectRef}: ${message}`,
          sqlErrorKind(message),
        );
      }
      if (retryable) {
        throw this.fail(
          status === 429
            ? `the Supabase Management API rate limit persisted after ${maxRetries} retries`
            : `the Supabase Management API answered HTTP ${status} after ${maxRetries} retries: ${
                message || response.statusText
              }`,
          'connection',
        );
      }
      throw this.fail(
        `the Supabase Management API answered HTTP ${status}: ${
          message || response.statusText
        }`,
        'query',
      );
    }
  }

  private async wait(
    attempt: number,
    askedMs: number | undefined,
    status?: number,
  ) {
    const { maxDelayMs, random } = this.options;
    const delayMs =
      askedMs ??
      backoffDelay(attempt, { baseMs: 250, maxMs: maxDelayMs }, random);
    this.options.onRetry?.({ attempt: attempt + 1, delayMs, status });
    await this.options.sleep(delayMs);
  }
}
