/**
 * Why GitHub refused a request for a while.
 *
 * @public
 */
export type GithubRateLimitKind = 'primary' | 'secondary';

export interface GithubRateLimitWait {
  kind: GithubRateLimitKind;
  /** How long to wait before the next attempt. */
  waitMs: number;
}

/** GitHub's advice for a secondary limit without `retry-after`: wait at least a minute, longer each time. */
const SECONDARY_FALLBACK_MS = 60_000;

function header(
  headers: Record<string, string | number | undefined>,
  name: string,
): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return value === undefined ? undefined : String(value);
}

/**
 * Whether a failed GitHub response is a rate limit, and how long to wait
 * (GitHub's rules for REST clients):
 *
 * - `retry-after` (seconds or an HTTP date) on a 403 or 429: a secondary
 *   limit; wait that long;
 * - `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (Unix seconds): the
 *   primary limit; wait until the reset;
 * - a 429, or a 403 saying "secondary rate limit", without either header:
 *   wait a minute, doubling with each attempt.
 *
 * Anything else (a 403 for missing permissions, say) is not a rate limit.
 */
export function githubRateLimitWait(
  status: number | undefined,
  headers: Record<string, string | number | undefined>,
  message: string,
  attempt: number,
  now: number,
): GithubRateLimitWait | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds))
      return { kind: 'secondary', waitMs: Math.max(0, seconds * 1000) };
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date))
      return { kind: 'secondary', waitMs: Math.max(0, date - now) };
  }
  const remaining = header(headers, 'x-ratelimit-remaining');
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (remaining === '0' && Number.isFinite(reset))
    return { kind: 'primary', waitMs: Math.max(0, reset * 1000 - now) };
  if (status === 429 || /secondary rate limit/i.test(message))
    return { kind: 'secondary', waitMs: SECONDARY_FALLBACK_MS * 2 ** attempt };
  return undefined;
}
