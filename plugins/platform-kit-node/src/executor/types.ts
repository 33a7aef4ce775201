/**
 * Runs one SQL statement and resolves to its rows.
 *
 * @public
 */
export type QueryFn = <R = Record<string, unknown>>(
  sql: string,
) => Promise<R[]>;

/** @public */
export interface ReadOnlyOptions {
  /** Per-statement timeout (default 30 s). */
  statementTimeoutMs?: number;
}

/**
 * How the engine reaches a database: a direct connection or the Supabase
 * Management API. Scans only ever use `readOnly`, so they cannot change the target.
 *
 * @public
 */
export interface SqlExecutor {
  /** A short description for messages, never containing secrets. */
  readonly description: string;
  /** Runs `fn` with queries that cannot write (a `READ ONLY` transaction). */
  readOnly<T>(
    fn: (query: QueryFn) => Promise<T>,
    options?: ReadOnlyOptions,
  ): Promise<T>;
  close(): Promise<void>;
}

/** @public */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * An error while reaching or querying a target, with a message that is safe to
 * show (no connection string, no token) and a kind the CLI maps to exit codes.
 *
 * @public
 */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly kind: 'connection' | 'permission' | 'query' | 'timeout',
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/**
 * The settings every scan statement runs under, whichever executor carries it:
 * the statement timeout, and an empty search_path so that deparsed expressions
 * (policies, index definitions) come out schema-qualified.
 */
export function scanSessionSettings(options: ReadOnlyOptions = {}): string[] {
  const timeout = Math.max(
    1,
    Math.floor(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS),
  );
  return [
    `SET LOCAL statement_timeout = ${timeout}`,
    `SET LOCAL search_path = ''`,
  ];
}
