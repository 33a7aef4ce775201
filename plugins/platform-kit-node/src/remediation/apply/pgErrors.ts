import { connectionStringSecrets, redactSecrets } from '../../executor/redact';

/** SQLSTATEs of a lock conflict: retried with backoff (lock_not_available, deadlock_detected). */
const LOCK_CONFLICT_CODES = new Set(['55P03', '40P01']);

/** The SQLSTATE of a `pg` error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
    ? code
    : undefined;
}

/** A lock timeout or a deadlock: the same statements may succeed a little later. */
export function isLockConflict(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && LOCK_CONFLICT_CODES.has(code);
}

/** Builds the one-line, secret-free message of errors on one connection string. */
export function errorMessages(
  connectionString: string,
): (error: unknown) => string {
  const secrets = connectionStringSecrets(connectionString);
  return error => {
    const message =
      error instanceof Error ? error.message : String(error ?? 'unknown error');
    const code = sqlState(error);
    const text = `${message.split('\n')[0]}${
      code ? ` (SQLSTATE ${code})` : ''
    }`;
    return redactSecrets(text, secrets);
  };
}
