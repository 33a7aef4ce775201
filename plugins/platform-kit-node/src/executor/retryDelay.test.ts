import { backoffDelay, rateLimitDelay } from './retryDelay';

describe('backoffDelay', () => {
  const options = { baseMs: 250, maxMs: 4000 };

  it('draws from [0, base * 2^attempt] (full jitter)', () => {
    expect(backoffDelay(0, { ...options, random: () => 1 })).toBe(250);
    expect(backoffDelay(1, { ...options, random: () => 1 })).toBe(500);
    expect(backoffDelay(2, { ...options, random: () => 1 })).toBe(1000);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(1000);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
  });

  it('never exceeds maxMs', () => {
    expect(backoffDelay(4, { ...options, random: () => 1 })).toBe(4000);
    expect(backoffDelay(20, { ...options, random: () => 1 })).toBe(4000);
    expect(backoffDelay(20, { ...options, random: () => 0.25 })).toBe(1000);
  });

  it('uses Math.random by default', () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(2, options);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe('rateLimitDelay', () => {
  const now = Date.parse('2026-03-01T12:00:00.000Z');
  const headers = (init: Record<string, string>) => new Headers(init);

  it('reads Retry-After in seconds', () => {
    expect(rateLimitDelay(headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(rateLimitDelay(headers({ 'retry-after': '0' }), now)).toBe(0);
    expect(rateLimitDelay(headers({ 'retry-after': '1.5' }), now)).toBe(1500);
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(
      rateLimitDelay(
        headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:10 GMT' }),
        now,
      ),
    ).toBe(10_000);
    // A date in the past means: retry now.
    expect(
      rateLimitDelay(
        headers({ 'retry-after': 'Sun, 01 Mar 2026 11:59:00 GMT' }),
        now,
      ),
    ).toBe(0);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    expect(
      rateLimitDelay(
        headers({ 'retry-after': '2', 'x-ratelimit-reset': '30' }),
        now,
      ),
    ).toBe(2000);
  });

  it('reads X-RateLimit-Reset as seconds until the reset', () => {
    expect(rateLimitDelay(headers({ 'x-ratelimit-reset': '7' }), now)).toBe(
      7000,
    );
  });

  it('reads X-RateLimit-Reset as a Unix time in seconds', () => {
    const reset = String(now / 1000 + 42);
    expect(rateLimitDelay(headers({ 'x-ratelimit-reset': reset }), now)).toBe(
      42_000,
    );
    const past = String(now / 1000 - 5);
    expect(rateLimitDelay(headers({ 'x-ratelimit-reset': past }), now)).toBe(0);
  });

  it('falls back to X-RateLimit-Reset when Retry-After is unreadable', () => {
    expect(
      rateLimitDelay(
        headers({ 'retry-after': 'soon', 'x-ratelimit-reset': '4' }),
        now,
      ),
    ).toBe(4000);
  });

  it('returns undefined without usable headers', () => {
    expect(rateLimitDelay(headers({}), now)).toBeUndefined();
    expect(
      rateLimitDelay(headers({ 'x-ratelimit-reset': 'later' }), now),
    ).toBeUndefined();
  });

  it('uses the current time by default', () => {
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    const delay = rateLimitDelay(headers({ 'x-ratelimit-reset': reset }));
    expect(delay).toBeGreaterThan(58_000);
    expect(delay).toBeLessThanOrEqual(60_000);
  });
});
