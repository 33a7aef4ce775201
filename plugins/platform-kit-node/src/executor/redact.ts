import { redact } from '@platform-kit/connector-sdk';

/**
 * Removes the given secrets (in every form they may take) and the password of
 * any URL with credentials from a message: the connector SDK's `redact`, the
 * one redaction of Platform Kit, under the name the engine's users know.
 *
 * @public
 */
export function redactSecrets(text: string, secrets: string[] = []): string {
  return redact(text, secrets);
}

/**
 * A connection string fit for messages: only host, port and database remain.
 *
 * @public
 */
export function describeConnectionString(url: string): string {
  try {
    const u = new URL(url);
    return `postgres ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgres (connection string)';
  }
}

/**
 * What of a connection string must never be printed: the string itself and its password.
 *
 * @public
 */
export function connectionStringSecrets(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [url, password] : [url];
  } catch {
    return [url]; // libpq key/value strings are not URL-shaped
  }
}
