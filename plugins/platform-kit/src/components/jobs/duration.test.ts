import { formatDuration, jobDuration } from './duration';

describe('duration', () => {
  it('formats milliseconds, seconds, minutes and hours', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(184_000)).toBe('3 min 4 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
    expect(formatDuration(-1)).toBe('—');
  });

  it('measures finished jobs, running jobs until now, and nothing before start', () => {
    const startedAt = '2026-11-20T10:00:00.000Z';
    expect(
      jobDuration({ startedAt, finishedAt: '2026-11-20T10:00:30.000Z' }),
    ).toBe(30_000);
    expect(
      jobDuration(
        { startedAt, finishedAt: null },
        Date.parse(startedAt) + 5000,
      ),
    ).toBe(5000);
    expect(jobDuration({ startedAt: null, finishedAt: null })).toBeUndefined();
  });
});
