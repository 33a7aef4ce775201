import { capabilities, history } from './testFixtures';
import { relativeTime, weeklyChange, worstCapabilities } from './parityUtils';

describe('weeklyChange', () => {
  it('compares the latest score with the one seven days before', () => {
    expect(weeklyChange(history(82, 77.5)).text).toBe('+4.5 since last week');
    expect(weeklyChange(history(70, 75)).text).toBe('-5 since last week');
    expect(weeklyChange(history(60, 60)).text).toBe(
      'no change since last week',
    );
  });

  it('says when there is no data a week ago', () => {
    expect(weeklyChange(history(82, null)).text).toBe('no data a week ago');
    expect(weeklyChange([]).text).toBe('no data a week ago');
  });
});

describe('worstCapabilities', () => {
  it('puts failures before partial ones, then by severity', () => {
    expect(worstCapabilities(capabilities).map(c => c.capabilityId)).toEqual([
      'rls-exposed-tables',
      'indexes',
      'backups',
    ]);
  });
});

describe('relativeTime', () => {
  it('formats past times', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(relativeTime('2026-11-25T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-11-25T11:59:50Z', now)).toBe('just now');
  });
});
