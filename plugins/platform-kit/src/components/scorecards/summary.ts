import { EntityScorecard } from '../../api/types';

export interface ScorecardSummary {
  /** Entities matching the filter (all of them, also those not fetched). */
  entities: number;
  /** Of the fetched entities: those with a score. */
  evaluated: number;
  averageScore: number | null;
  /** Of the fetched entities: those with at least one failing capability. */
  failing: number;
}

/** Headline numbers of the scorecards matching a filter. */
export function summarize(
  items: Pick<EntityScorecard, 'score' | 'failingCapabilities'>[],
  total: number,
): ScorecardSummary {
  const scores = items
    .map(i => i.score)
    .filter((s): s is number => s !== null && Number.isFinite(s));
  return {
    entities: total,
    evaluated: scores.length,
    averageScore: scores.length
      ? scores.reduce((sum, s) => sum + s, 0) / scores.length
      : null,
    failing: items.filter(i => i.failingCapabilities.length > 0).length,
  };
}
