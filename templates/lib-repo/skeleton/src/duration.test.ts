import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './index.js';

describe('parseDuration', () => {
  it('reads single and combined units', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('2d 3h')).toBe(2 * 86_400_000 + 3 * 3_600_000);
  });

  it('rejects text that is not a duration', () => {
    expect(() => parseDuration('')).toThrow(TypeError);
    expect(() => parseDuration('soon')).toThrow(/is not a duration/);
    expect(() => parseDuration('10 minutes')).toThrow(/is not a duration/);
  });
});

describe('formatDuration', () => {
  it('writes the shortest text', () => {
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_250)).toBe('1m30s250ms');
  });

  it('round-trips with parseDuration', () => {
    for (const text of ['1d', '3h15m', '45s', '1m1s1ms']) {
      expect(formatDuration(parseDuration(text))).toBe(text);
    }
  });

  it('rejects negative and infinite values', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Infinity)).toThrow(RangeError);
  });
});
