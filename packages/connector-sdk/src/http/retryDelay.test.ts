import {
  backoffDelay,
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
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
