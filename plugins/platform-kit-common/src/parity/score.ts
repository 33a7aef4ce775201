import { CapabilityResult, CapabilityStatus } from './parityResult';

const VALUE: Partial<Record<CapabilityStatus, number>> = {
  pass: 1,
  exempted: 1,
  partial: 0.5,
  fail: 0,
};

/**
 * Severity-weighted mean of the applicable capabilities, 0-100: pass (and an
 * active exemption) 1, partial 0.5, fail 0; not-applicable ones are left out.
 * Null when nothing applies.
 *
 * @public
 */
export function parityScore(
  results: Pick<CapabilityResult, 'status' | 'severity'>[],
): number | null {
  let weight = 0;
  let total = 0;
  for (const r of results) {
    const value = VALUE[r.status];
    if (value === undefined) continue;
    weight += r.severity;
    total += r.severity * value;
  }
  return weight === 0 ? null : Math.round((total / weight) * 1000) / 10;
}
