import {
  backoffDelay,
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
  requestedDelay,
} from './retryDelay';

describe('backoffDelay', () => {
  it('grows exponentially up to maxMs, scaled by jitter', () => {
    const backoff = { baseMs: 500, maxMs: 30_000 };
    expect(
      [0, 1, 2, 10].map(n => backoffDelay(n, backoff, () => 0.999999)),
    ).toEqual([499, 999, 1999, 29_999]);
    expect(backoffDelay(3, backoff, () => 0)).toBe(0);
    expect(backoffDelay(0, backoff, () => 7)).toBe(500);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1_500);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores missing or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('parseRateLimitReset', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads seconds until reset or a Unix time', () => {
    expect(parseRateLimitReset('30', now)).toBe(30_000);
    expect(parseRateLimitReset(String(now / 1000 + 12), now)).toBe(12_000);
    expect(parseRateLimitReset(String(now / 1000 - 12), now)).toBe(0);
    expect(parseRateLimitReset('x', now)).toBeUndefined();
    expect(parseRateLimitReset(null, now)).toBeUndefined();
  });
});

describe('requestedDelay', () => {
  const now = Date.parse('2026-03-01T12:00:00.000Z');
  const headers = (init: Record<string, string>) => new Headers(init);

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(requestedDelay(headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(requestedDelay(headers({ 'retry-after': '0' }), now)).toBe(0);
    expect(
      requestedDelay(
        headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:10 GMT' }),
        now,
      ),
    ).toBe(10_000);
    // A date in the past means: retry now.
    expect(
      requestedDelay(
        headers({ 'retry-after': 'Sun, 01 Mar 2026 11:59:00 GMT' }),
        now,
      ),
    ).toBe(0);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    expect(
      requestedDelay(
        headers({ 'retry-after': '2', 'x-ratelimit-reset': '30' }),
        now,
      ),
    ).toBe(2000);
  });

  it('reads X-RateLimit-Reset as seconds until the reset or a Unix time', () => {
    expect(requestedDelay(headers({ 'x-ratelimit-reset': '7' }), now)).toBe(
      7000,
    );
    const reset = String(now / 1000 + 42);
    expect(requestedDelay(headers({ 'x-ratelimit-reset': reset }), now)).toBe(
      42_000,
    );
  });

  it('falls back to X-RateLimit-Reset when Retry-After is unreadable', () => {
    expect(
      requestedDelay(
        headers({ 'retry-after': 'soon', 'x-ratelimit-reset': '4' }),
        now,
      ),
    ).toBe(4000);
  });

  it('returns undefined without usable headers', () => {
    expect(requestedDelay(headers({}), now)).toBeUndefined();
    expect(
      requestedDelay(headers({ 'x-ratelimit-reset': 'later' }), now),
    ).toBeUndefined();
  });

  it('reads any object with get(), using the clock by default', () => {
    const map = new Map([['retry-after', '5']]);
    expect(requestedDelay({ get: name => map.get(name) ?? null })).toBe(5000);
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(
      true,
    );
    expect(
      [200, 400, 401, 403, 404, 409, 422, 600].some(isRetryableStatus),
    ).toBe(false);
  });
});
