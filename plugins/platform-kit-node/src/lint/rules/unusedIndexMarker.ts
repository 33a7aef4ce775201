/**
 * The comment remediation puts on an index it creates (`COMMENT ON INDEX`),
 * in the target itself because the CLI runs without our store:
 * `platform-kit: created by remediation at 2025-01-02T03:04:05.123456Z`
 * (UTC, microseconds). `unused_index` reads it to leave a new index alone
 * until statistics cover a full window after it.
 */
export const REMEDIATION_MARKER_PREFIX =
  'platform-kit: created by remediation at ';

const ISO_UTC = String.raw`(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z`;
const escaped = REMEDIATION_MARKER_PREFIX.replace(
  /[.*+?^$()|[\]\\{}]/g,
  '\\$&',
);
const MARKER = new RegExp(`^${escaped}(${ISO_UTC})(?:\\r?\\n|$)`);

/**
 * Microseconds since the epoch of an ISO UTC time such as
 * `2025-01-02T03:04:05.123Z` (fraction optional, up to 6 digits), exactly
 * (a JavaScript Date keeps milliseconds only); null when it is not of that shape.
 */
export function isoUtcMicros(text: string): number | null {
  const match = new RegExp(`^${ISO_UTC}$`).exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(ms)) return null;
  return ms * 1000 + Number((match[7] ?? '').padEnd(6, '0'));
}

/**
 * The time remediation created the index, from its comment's first line
 * (the ISO UTC text as written); null when the comment is not a marker.
 */
export function remediationMarkerTime(comment: string | null): string | null {
  if (comment === null) return null;
  return MARKER.exec(comment)?.[1] ?? null;
}

/**
 * Whether the database's statistics cover a full window after the index was
 * created: they were reset (`pg_stat_database.stats_reset`) at or after the
 * marker time. Null `statsReset` (never reset, or unknown) says nothing about
 * when the window started: not covered.
 */
export function statisticsCoverMarker(
  markerTime: string,
  statsReset: string | null,
): boolean {
  if (statsReset === null) return false;
  const reset = isoUtcMicros(statsReset);
  const marker = isoUtcMicros(markerTime);
  return reset !== null && marker !== null && reset >= marker;
}
