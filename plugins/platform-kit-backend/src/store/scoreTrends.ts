import { Knex } from 'knex';

export type ScoreTrend = { day: string; score: number }[];

/** Days of score history a scorecard row carries. */
export const TREND_DAYS = 90;

/**
 * Daily scores (the last of each day, days without a score left out) of the
 * last {@link TREND_DAYS} days, oldest first, for a page of entities in one
 * query, aggregated per entity in SQL. Days are those of the parity history
 * (`GET /entities/.../parity`). Entities without a score in that time get an
 * empty trend.
 */
export async function scoreTrends(
  knex: Knex,
  entityRefs: string[],
): Promise<Map<string, ScoreTrend>> {
  const trends = new Map<string, ScoreTrend>(entityRefs.map(r => [r, []]));
  if (!entityRefs.length) return trends;
  const { rows } = await knex.raw(
    `SELECT entity_ref, json_agg(json_build_object('day', day, 'score', score) ORDER BY day) AS trend
       FROM (SELECT DISTINCT ON (entity_ref, date_trunc('day', evaluated_at)) entity_ref, score,
                    to_char(date_trunc('day', evaluated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
               FROM ops.parity_scores
              WHERE entity_ref = ANY(?::text[]) AND score IS NOT NULL
                AND evaluated_at > now() - make_interval(days => ?)
              ORDER BY entity_ref, date_trunc('day', evaluated_at), evaluated_at DESC) days
      GROUP BY entity_ref`,
    [entityRefs, TREND_DAYS],
  );
  for (const r of rows as { entity_ref: string; trend: ScoreTrend }[])
    trends.set(r.entity_ref, r.trend);
  return trends;
}
