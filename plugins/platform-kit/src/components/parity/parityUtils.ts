import { Theme } from '@material-ui/core/styles';
import { ParityCapability } from '@platform-kit/plugin-platform-kit-common';
import { ParityResponse } from '../../api/types';

export type CapabilityStatus = ParityCapability['status'];

export const STATUS_LABELS: Record<CapabilityStatus, string> = {
  pass: 'Pass',
  partial: 'Partial',
  fail: 'Fail',
  exempted: 'Exempted',
  not_applicable: 'Not applicable',
};

export const STATUS_ORDER: CapabilityStatus[] = [
  'fail',
  'partial',
  'exempted',
  'pass',
  'not_applicable',
];

export const SEVERITY_LABELS: Record<number, string> = {
  5: 'Critical',
  4: 'High',
  3: 'Medium',
  2: 'Low',
  1: 'Info',
};

/** 5 = error red, down to 1 = grey, from the theme's palette. */
export function severityColor(theme: Theme, severity: number): string {
  switch (severity) {
    case 5:
      return theme.palette.error.main;
    case 4:
      return theme.palette.warning.dark;
    case 3:
      return theme.palette.warning.main;
    case 2:
      return theme.palette.info.main;
    default:
      return theme.palette.grey[500];
  }
}

export function statusColor(theme: Theme, status: string): string {
  switch (status) {
    case 'pass':
      return theme.palette.success.main;
    case 'partial':
      return theme.palette.warning.main;
    case 'fail':
      return theme.palette.error.main;
    case 'exempted':
      return theme.palette.info.main;
    default:
      return theme.palette.grey[500];
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Latest score in the history versus the score 7 days before it. */
export function weeklyChange(history: ParityResponse['history']): {
  text: string;
  delta: number | null;
} {
  const scored = [...history]
    .filter(h => h.score !== null)
    .sort((a, b) => a.day.localeCompare(b.day));
  const latest = scored[scored.length - 1];
  if (!latest) return { text: 'no data a week ago', delta: null };
  const weekAgo = new Date(Date.parse(latest.day) - 7 * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const before = history.find(h => h.day.slice(0, 10) === weekAgo);
  if (!before || before.score === null) {
    return { text: 'no data a week ago', delta: null };
  }
  const delta = Math.round(((latest.score as number) - before.score) * 10) / 10;
  if (delta === 0) return { text: 'no change since last week', delta: 0 };
  return {
    text: `${delta > 0 ? '+' : ''}${delta} since last week`,
    delta,
  };
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', DAY_MS],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

/** "3 hours ago", "just now". */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const diff = Date.parse(iso) - now;
  if (Number.isNaN(diff)) return 'unknown';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

export function countByStatus(
  results: ParityCapability[],
): Record<CapabilityStatus, number> {
  const counts: Record<CapabilityStatus, number> = {
    pass: 0,
    partial: 0,
    fail: 0,
    exempted: 0,
    not_applicable: 0,
  };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/** Failing before partial, then by severity (highest first), then title. */
export function worstCapabilities(
  results: ParityCapability[],
  count = 3,
): ParityCapability[] {
  const rank = (s: CapabilityStatus) => (s === 'fail' ? 0 : 1);
  return results
    .filter(r => r.status === 'fail' || r.status === 'partial')
    .sort(
      (a, b) =>
        rank(a.status) - rank(b.status) ||
        b.severity - a.severity ||
        a.title.localeCompare(b.title),
    )
    .slice(0, count);
}

export { errorMessage, notFoundMessage } from '../../api/errors';
