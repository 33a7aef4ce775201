const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago", "in 2 hours". */
export function formatRelativeTime(
  iso: string,
  now: number = Date.now(),
): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '—';
  const diff = at - now;
  if (Math.abs(diff) < 45_000) return 'just now';
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') {
      return format.format(Math.round(diff / ms), unit);
    }
  }
  return 'just now';
}
