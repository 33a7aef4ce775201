/**
 * Messages for people from errors of other systems: one line, no stack, no
 * credentials in URLs (`user:token@`), no query strings (signed archive
 * links carry tokens), bounded length.
 */

const MAX_MESSAGE = 300;

/** A URL without credentials, query or fragment; undefined when it is not an http(s) URL. */
export function safeSourceUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** An error as one secret-free line. */
export function safeReadError(error: unknown): string {
  const raw =
    error instanceof Error
      ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
      : String(error);
  const line = (raw.split('\n')[0] ?? '').replace(
    /\b(https?:\/\/)[^\s/?#]*@/g,
    '$1',
  );
  const clean = line
    .replace(/(https?:\/\/[^\s?#]*)[?#][^\s,;)]*/g, '$1')
    .replace(/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]+/g, '$1…')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
  return clean.length > MAX_MESSAGE
    ? `${clean.slice(0, MAX_MESSAGE - 1)}…`
    : clean;
}
