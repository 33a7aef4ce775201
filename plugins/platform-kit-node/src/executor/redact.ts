/**
 * Replaces the password of any URL-style connection string in `text`.
 *
 * @public
 */
export function redactSecrets(text: string, secrets: string[] = []): string {
  let out = text.replace(
    /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]+)(@)/gi,
    '$1***$3',
  );
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
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
