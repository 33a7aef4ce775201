/** The units a duration may be written in. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

const MILLISECONDS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Parses a duration such as `90s`, `1h30m` or `250ms` into milliseconds.
 *
 * @throws TypeError when the text is empty or has anything but number-unit pairs.
 */
export function parseDuration(text: string): number {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') throw new TypeError('A duration must not be empty');
  let total = 0;
  let consumed = 0;
  for (const match of compact.matchAll(PART)) {
    if (match.index !== consumed) break;
    total += Number(match[1]) * MILLISECONDS[match[2] as DurationUnit];
    consumed += match[0].length;
  }
  if (consumed !== compact.length) {
    throw new TypeError(`"${text}" is not a duration (e.g. 90s, 1h30m, 250ms)`);
  }
  return total;
}

/** Formats milliseconds as the shortest duration text, e.g. `5400000` → `1h30m`. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new RangeError(
      'A duration must be a finite number of milliseconds, not negative',
    );
  }
  if (milliseconds === 0) return '0ms';
  let rest = Math.round(milliseconds);
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const count = Math.floor(rest / MILLISECONDS[unit]);
    if (count > 0) {
      parts.push(`${count}${unit}`);
      rest -= count * MILLISECONDS[unit];
    }
  }
  return parts.join('');
}
