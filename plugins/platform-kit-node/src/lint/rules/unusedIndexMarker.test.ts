import {
  isoUtcMicros,
  REMEDIATION_MARKER_PREFIX,
  remediationMarkerTime,
  statisticsCoverMarker,
} from './unusedIndexMarker';

describe('the remediation marker of an index', () => {
  it('reads microseconds exactly, with or without a fraction', () => {
    const ms = Date.UTC(2025, 0, 2, 3, 4, 5);
    expect(isoUtcMicros('2025-01-02T03:04:05Z')).toBe(ms * 1000);
    expect(isoUtcMicros('2025-01-02T03:04:05.1Z')).toBe(ms * 1000 + 100_000);
    expect(isoUtcMicros('2025-01-02T03:04:05.123456Z')).toBe(
      ms * 1000 + 123_456,
    );
    for (const bad of [
      '2025-01-02 03:04:05Z',
      '2025-01-02T03:04:05',
      '2025-01-02T03:04:05.1234567Z',
      'yesterday',
    ])
      expect(isoUtcMicros(bad)).toBeNull();
  });

  it('is the first line of the comment', () => {
    const time = '2025-01-02T03:04:05.123456Z';
    expect(remediationMarkerTime(`${REMEDIATION_MARKER_PREFIX}${time}`)).toBe(
      time,
    );
    expect(
      remediationMarkerTime(`${REMEDIATION_MARKER_PREFIX}${time}\nkept for x`),
    ).toBe(time);
    expect(remediationMarkerTime(null)).toBeNull();
    expect(remediationMarkerTime('')).toBeNull();
    expect(remediationMarkerTime(`x ${REMEDIATION_MARKER_PREFIX}${time}`)).toBe(
      null,
    );
    expect(
      remediationMarkerTime(`${REMEDIATION_MARKER_PREFIX}${time} by hand`),
    ).toBeNull();
    expect(
      remediationMarkerTime(`${REMEDIATION_MARKER_PREFIX}soon`),
    ).toBeNull();
  });

  it('is covered once statistics were reset at or after it', () => {
    const marker = '2025-01-02T03:04:05.123456Z';
    expect(statisticsCoverMarker(marker, null)).toBe(false);
    expect(statisticsCoverMarker(marker, '2025-01-02T03:04:05.123Z')).toBe(
      false,
    );
    expect(statisticsCoverMarker(marker, '2025-01-02T03:04:05.123456Z')).toBe(
      true,
    );
    expect(statisticsCoverMarker(marker, '2025-01-02T03:04:05.124Z')).toBe(
      true,
    );
    expect(statisticsCoverMarker(marker, 'garbage')).toBe(false);
  });
});
