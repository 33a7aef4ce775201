import { githubRateLimitWait } from './githubRateLimit';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('githubRateLimitWait', () => {
  it('waits for retry-after on a secondary limit', () => {
    expect(
      githubRateLimitWait(403, { 'retry-after': '7' }, 'secondary', 0, NOW),
    ).toEqual({
      kind: 'secondary',
      waitMs: 7000,
    });
    expect(
      githubRateLimitWait(
        429,
        { 'retry-after': new Date(NOW + 3000).toUTCString() },
        '',
        0,
        NOW,
      ),
    ).toEqual({ kind: 'secondary', waitMs: 3000 });
  });

  it('waits until x-ratelimit-reset when the primary limit is used up', () => {
    expect(
      githubRateLimitWait(
        403,
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(NOW / 1000 + 42),
        },
        'API rate limit exceeded',
        0,
        NOW,
      ),
    ).toEqual({ kind: 'primary', waitMs: 42_000 });
  });

  it('backs off from a minute on a secondary limit without headers', () => {
    const message = 'You have exceeded a secondary rate limit';
    expect(githubRateLimitWait(403, {}, message, 0, NOW)?.waitMs).toBe(60_000);
    expect(githubRateLimitWait(403, {}, message, 2, NOW)?.waitMs).toBe(240_000);
  });

  it('does not take a permission error or another status for a rate limit', () => {
    expect(
      githubRateLimitWait(
        403,
        { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1' },
        'Resource not accessible by personal access token',
        0,
        NOW,
      ),
    ).toBeUndefined();
    expect(
      githubRateLimitWait(500, { 'retry-after': '1' }, '', 0, NOW),
    ).toBeUndefined();
  });
});
