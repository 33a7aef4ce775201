import { Exemption } from '../../api/types';

/** An exemption can last at most this many days (the API enforces it too). */
export const MAX_EXEMPTION_DAYS = 366;
/** A reason needs at least this many characters (the API enforces it too). */
export const MIN_EXEMPTION_REASON = 10;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) `days` from now. */
export function utcDate(days: number, now = Date.now()): string {
  return new Date(now + days * DAY_MS).toISOString().slice(0, 10);
}

/** The day an exemption ends, `YYYY-MM-DD` (UTC, as it was requested). */
export function exemptionDate(expiresAt: string): string {
  const time = new Date(expiresAt).getTime();
  return Number.isNaN(time)
    ? expiresAt
    : new Date(time).toISOString().slice(0, 10);
}

/** What to tell the user once an exemption was requested. */
export function requestedNotice(capabilityTitle: string, e: Exemption): string {
  return `Exemption for ${capabilityTitle} requested until ${exemptionDate(
    e.expiresAt,
  )}.`;
}

/** Whether an exemption still counts (the server's flag, else by its expiry). */
export function isActive(e: Exemption, now = Date.now()): boolean {
  return e.active ?? new Date(e.expiresAt).getTime() > now;
}

/** Per capability, the active exemption that lasts longest. */
export function activeExemptionsByCapability(
  exemptions: Exemption[],
  now = Date.now(),
): Map<string, Exemption> {
  const byCapability = new Map<string, Exemption>();
  for (const e of exemptions) {
    if (!isActive(e, now)) continue;
    const current = byCapability.get(e.capabilityId);
    if (!current || current.expiresAt < e.expiresAt) {
      byCapability.set(e.capabilityId, e);
    }
  }
  return byCapability;
}
