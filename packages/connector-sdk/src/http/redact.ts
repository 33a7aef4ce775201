/**
 * What a secret is replaced with in errors and logs.
 *
 * @public
 */
export const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this are not redacted: replacing every occurrence of
 * a one- to three-character string would mangle whole messages while
 * protecting nothing (such a value is guessable anyway).
 *
 * @public
 */
export const MIN_SECRET_LENGTH = 4;

/** Query parameter names whose values are always redacted from URLs. */
const SENSITIVE_PARAM =
  /^(api[-_]?key|apikey|key|token|access[-_]?token|refresh[-_]?token|id[-_]?token|auth|authorization|password|passwd|pwd|secret|client[-_]?secret|signature|sig|session|session[-_]?id|code|x-api-key|private[-_]?token)$/i;

function base64Forms(secret: string): string[] {
  const standard = Buffer.from(secret, 'utf8').toString('base64');
  const unpadded = standard.replace(/=+$/, '');
  const urlSafe = unpadded.replace(/\+/g, '-').replace(/\//g, '_');
  return [standard, unpadded, urlSafe];
}

/**
 * Every form in which a secret may show up in a message: as it is,
 * URL-encoded (`encodeURIComponent` and form encoding), JSON-escaped and
 * base64-encoded (standard, unpadded and URL-safe).
 *
 * @public
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    ...base64Forms(secret),
  ]);
  return [...forms].filter(form => form.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The password of a URL with credentials (`postgres://user:password@host`), wherever it stands in a text. */
// A password cannot hold an unencoded / ? # @, and quotes or spaces end a URL in a text: a
// port followed by an `@` further on (`"http://host:8080", "login": "a@b"`) is no password.
const URL_PASSWORD =
  /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s"'<>]*:)([^/?#@\s"'<>]+)(@)/gi;

/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED]`, and
 * the password of every URL with credentials (`scheme://user:password@`),
 * known or not.
 *
 * @remarks
 * Each secret is also redacted in its URL-encoded, JSON-escaped and base64
 * forms (see {@link secretForms}). Longer forms are replaced first, so a
 * secret that contains another one is removed whole. Secrets shorter than
 * {@link MIN_SECRET_LENGTH} (4) characters, empty strings and non-strings are
 * ignored.
 *
 * @param text - The message, URL, body or stack to clean.
 * @param secrets - The values that must never appear.
 * @returns `text` without any of the secrets.
 *
 * @public
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  if (!text) return text;
  // Known secrets first: a whole connection string is one, before its password goes.
  return redactKnown(text, secrets).replace(URL_PASSWORD, `$1${REDACTED}$3`);
}

function redactKnown(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      continue;
    }
    for (const form of secretForms(secret)) forms.add(form);
  }
  if (forms.size === 0) return text;
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return text.replace(pattern, REDACTED);
}

/**
 * The values of query parameters with sensitive names (`api_key`, `token`,
 * `password`, `signature`, ...) in a URL; empty for anything not a URL.
 *
 * @public
 */
export function sensitiveQueryValues(url: string): string[] {
  if (!URL.canParse(url)) return [];
  const values: string[] = [];
  for (const [name, value] of new URL(url).searchParams) {
    if (SENSITIVE_PARAM.test(name) && value) values.push(value);
  }
  return values;
}

/**
 * Redacts a URL for an error message: the user-info part, the values of
 * query parameters with sensitive names (`api_key`, `token`, `password`,
 * `signature`, ...) and every given secret wherever it appears.
 *
 * @param url - An absolute URL (anything else is treated as plain text).
 * @param secrets - More values to redact.
 *
 * @public
 */
export function redactUrl(url: string, secrets: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redact(url, secrets);
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = '';
  const values = sensitiveQueryValues(url);
  for (const name of new Set(parsed.searchParams.keys())) {
    if (SENSITIVE_PARAM.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return redact(parsed.toString(), [...secrets, ...values]).replace(
    /%5BREDACTED%5D/g,
    REDACTED,
  );
}

/** Header names whose values are never secrets (everything else sent is). */
const PUBLIC_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'user-agent',
]);

/**
 * The secrets a set of request headers carries: every value except those of
 * well-known public headers (`accept`, `content-type`, `user-agent`, ...),
 * plus the credential part of `<scheme> <credential>` values such as
 * `Bearer abc` or `Basic dXNlcjpwYXNz` (and, for Basic, the decoded
 * `user:password` and password).
 *
 * @public
 */
export function headerSecrets(
  headers: Record<string, string> | undefined,
): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (PUBLIC_HEADERS.has(name.toLowerCase()) || typeof value !== 'string') {
      continue;
    }
    secrets.push(value);
    const match = /^([A-Za-z][\w-]*)\s+(\S.*)$/.exec(value);
    if (match) {
      secrets.push(match[2]);
      if (match[1].toLowerCase() === 'basic') {
        const decoded = Buffer.from(match[2], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) secrets.push(decoded, decoded.slice(colon + 1));
      }
    }
  }
  return secrets;
}
