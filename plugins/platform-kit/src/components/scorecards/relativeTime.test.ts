import { formatRelativeTime } from './relativeTime';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-11-26T12:00:00.000Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('says how long ago, in the largest fitting unit', () => {
    expect(formatRelativeTime(ago(10_000), now)).toBe('just now');
    expect(formatRelativeTime(ago(5 * 60_000), now)).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(3 * 3600_000), now)).toBe('3 hours ago');
    expect(formatRelativeTime(ago(24 * 3600_000), now)).toBe('yesterday');
    expect(formatRelativeTime(ago(6 * 24 * 3600_000), now)).toBe('6 days ago');
    expect(formatRelativeTime(ago(15 * 24 * 3600_000), now)).toBe(
      '2 weeks ago',
    );
    expect(formatRelativeTime(ago(400 * 24 * 3600_000), now)).toBe('last year');
  });

  it('handles the future and invalid input', () => {
    expect(formatRelativeTime(ago(-2 * 3600_000), now)).toBe('in 2 hours');
    expect(formatRelativeTime('not a date', now)).toBe('—');
  });
});
