import { Knex } from 'knex';
import { scoreTrends } from './scoreTrends';

export interface ScorecardQuery {
  projectId: string;
  groupBy: 'none' | 'owner' | 'system' | 'domain';
  sort: 'score' | 'name';
  order: 'asc' | 'desc';
  q?: string;
  owner?: string;
  system?: string;
  domain?: string;
  kind?: string;
  /** Entity refs the caller may see; undefined when the caller sees everything. */
  visible?: string[];
  offset: number;
  limit: number;
}

/** Entities in the catalog, filtered; one row per entity, current parity kept on the row. */
const WHERE = `e.project_id = ? AND e.in_catalog
       AND (?::text[] IS NULL OR e.entity_ref = ANY(?::text[]))
       AND (?::text IS NULL OR e.title ILIKE '%' || ? || '%' OR e.entity_ref ILIKE '%' || ? || '%')
       AND (?::text IS NULL OR e.owner = ?)
       AND (?::text IS NULL OR e.system = ?)
       AND (?::text IS NULL OR e.domain = ?)
       AND (?::text IS NULL OR lower(e.kind) = lower(?))`;
const ROWS = `
  rows AS (
    SELECT e.entity_ref, e.kind, e.title, e.owner, e.system, e.domain, e.score, e.evaluated_at,
           e.failing, e.partial
      FROM ops.entities e WHERE ${WHERE})`;

function rowParams(query: ScorecardQuery): Knex.RawBinding[] {
  const twice = <T>(v: T | undefined): (T | null)[] => [v ?? null, v ?? null];
  const q = query.q ?? null;
  return [
    query.projectId,
    ...twice(query.visible),
    q,
    q,
    q,
    ...twice(query.owner),
    ...twice(query.system),
    ...twice(query.domain),
    ...twice(query.kind),
  ];
}

/** Scorecards: one row per entity, or roll-ups by owner, system or domain, paged and sorted in SQL. */
export async function queryScorecards(knex: Knex, query: ScorecardQuery) {
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  if (query.groupBy === 'none') {
    // Ordered and limited on ops.entities itself (an index order), the total counted apart.
    const orderBy =
      query.sort === 'score'
        ? `e.score ${order} NULLS LAST, e.title, e.entity_ref`
        : `e.title ${order}, e.entity_ref ${order}`;
    const [page, count] = await Promise.all([
      knex.raw(
        `SELECT e.entity_ref, e.kind, e.title, e.owner, e.system, e.domain, e.score, e.evaluated_at,
                e.failing, e.partial
           FROM ops.entities e WHERE ${WHERE} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
        [...rowParams(query), query.limit, query.offset],
      ),
      knex.raw(
        `SELECT count(*)::int AS total FROM ops.entities e WHERE ${WHERE}`,
        rowParams(query),
      ),
    ]);
    // The page's trends in one query.
    const trends = await scoreTrends(
      knex,
      page.rows.map((r: any) => r.entity_ref),
    );
    return {
      total: count.rows[0].total as number,
      items: page.rows.map((r: any) => ({
        entityRef: r.entity_ref,
        kind: r.kind,
        title: r.title,
        owner: r.owner,
        system: r.system,
        domain: r.domain,
        score: r.score === null ? null : Number(r.score),
        evaluatedAt: r.evaluated_at
          ? new Date(r.evaluated_at).toISOString()
          : null,
        failingCapabilities: r.failing,
        partialCapabilities: r.partial,
        trend: trends.get(r.entity_ref) ?? [],
      })),
    };
  }
  const key = query.groupBy; // owner | system | domain: a column name from a closed set
  const orderBy =
    query.sort === 'score'
      ? `average_score ${order} NULLS LAST, key`
      : `key ${order}`;
  const { rows } = await knex.raw(
    `WITH ${ROWS},
     groups AS (
       SELECT coalesce(${key}, '(none)') AS key, count(*) AS entities, count(score) AS scored,
              round(avg(score), 1) AS average_score, min(score) AS min_score,
              count(*) FILTER (WHERE cardinality(failing) > 0) AS failing_entities
         FROM rows GROUP BY 1),
     unmet AS (
       SELECT coalesce(${key}, '(none)') AS key, u.capability, sum(u.weight) AS weight
         FROM rows,
              LATERAL (SELECT unnest(failing) AS capability, 2 AS weight
                       UNION ALL SELECT unnest(partial), 1) u
        GROUP BY 1, 2),
     worst AS (
       -- Capabilities ranked by how badly the group misses them: fail counts 2, partial 1.
       SELECT key, array_agg(capability ORDER BY weight DESC, capability) AS capabilities
         FROM (SELECT *, row_number() OVER (PARTITION BY key ORDER BY weight DESC, capability) AS rank
                 FROM unmet) ranked
        WHERE rank <= 3 GROUP BY key)
     SELECT g.*, coalesce(w.capabilities, '{}') AS worst, count(*) OVER () AS total
       FROM groups g LEFT JOIN worst w ON w.key = g.key
      ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    [...rowParams(query), query.limit, query.offset],
  );
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    items: rows.map((r: any) => ({
      key: r.key,
      entities: Number(r.entities),
      scored: Number(r.scored),
      averageScore: r.average_score === null ? null : Number(r.average_score),
      minScore: r.min_score === null ? null : Number(r.min_score),
      failingEntities: Number(r.failing_entities),
      worstCapabilities: r.worst,
    })),
  };
}
