/**
 * Backoff settings with defaults applied.
 *
 * @public
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * Full-jitter exponential backoff: a random delay between 0 and
 * `min(maxMs, baseMs * 2^retry)`.
 *
 * @param retry - 0 for the first retry, 1 for the second, ...
 * @param random - A number in [0, 1), `Math.random` unless injected.
 *
 * @public
 */
export function backoffDelay(
  retry: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** retry);
  return Math.floor(Math.max(0, Math.min(1, random())) * ceiling);
}

/**
 * Reads a `Retry-After` header: delay-seconds (`120`, also `1.5`) or an
 * HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`). A date in the past means
 * "now" (0). Returns undefined when the header is missing or unreadable.
 *
 * @public
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Reads an `X-RateLimit-Reset` header (used when a 429 carries no
 * `Retry-After`): seconds until the window resets, or a Unix time in seconds
 * when the number is that large (above 10^9). Returns undefined when unreadable.
 *
 * @public
 */
export function parseRateLimitReset(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const n = Number(value);
  if (n > 1e9) return Math.max(0, Math.round(n * 1000 - now));
  return Math.round(n * 1000);
}

/**
 * The wait a refusal asks for: `Retry-After` (seconds or an HTTP date), else
 * `X-RateLimit-Reset` (seconds until the window resets, or a Unix time).
 * Undefined when neither is readable: then back off with
 * {@link backoffDelay}.
 *
 * @param headers - The response's headers (a `Headers` or anything with `get`).
 *
 * @public
 */
export function requestedDelay(
  headers: { get(name: string): string | null },
  now: number = Date.now(),
): number | undefined {
  return (
    parseRetryAfter(headers.get('retry-after'), now) ??
    parseRateLimitReset(headers.get('x-ratelimit-reset'), now)
  );
}

/**
 * Whether a status is worth retrying: 408 (request timeout), 429 and every 5xx.
 *
 * @public
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
