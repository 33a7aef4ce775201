import { Knex } from 'knex';

export interface EntityRow {
  entityRef: string;
  kind: string;
  title: string;
  owner: string | null;
  system: string | null;
  domain: string | null;
}

export interface ScorecardQuery {
  groupBy: 'none' | 'owner' | 'system' | 'domain';
  sort: 'score' | 'name';
  order: 'asc' | 'desc';
  q?: string;
  owner?: string;
  offset: number;
  limit: number;
}

const LATEST = `
  latest AS (
    SELECT DISTINCT ON (s.entity_ref) s.entity_ref, s.score, s.evaluated_at
      FROM ops.parity_scores s ORDER BY s.entity_ref, s.evaluated_at DESC),
  unmet AS (
    SELECT r.entity_ref, r.capability_id, r.status
      FROM ops.parity_results r
      JOIN (SELECT DISTINCT ON (entity_ref) entity_ref, evaluated_at FROM ops.parity_results
             ORDER BY entity_ref, evaluated_at DESC) l
        ON l.entity_ref = r.entity_ref AND l.evaluated_at = r.evaluated_at
     WHERE r.status IN ('fail', 'partial')),
  failing AS (
    SELECT entity_ref,
           coalesce(array_agg(capability_id ORDER BY capability_id) FILTER (WHERE status = 'fail'), '{}') AS capabilities
      FROM unmet GROUP BY entity_ref),
  rows AS (
    SELECT e.entity_ref, e.kind, e.title, e.owner, e.system, e.domain, l.score, l.evaluated_at,
           coalesce(f.capabilities, '{}') AS failing
      FROM ops.entities e
      LEFT JOIN latest l ON l.entity_ref = e.entity_ref
      LEFT JOIN failing f ON f.entity_ref = e.entity_ref
     WHERE (?::text IS NULL OR e.title ILIKE '%' || ? || '%' OR e.entity_ref ILIKE '%' || ? || '%')
       AND (?::text IS NULL OR e.owner = ?))`;

/** Scorecards: one row per entity, or roll-ups by owner, system or domain, paged and sorted in SQL. */
export async function queryScorecards(knex: Knex, query: ScorecardQuery) {
  const filters = [
    query.q ?? null,
    query.q ?? null,
    query.q ?? null,
    query.owner ?? null,
    query.owner ?? null,
  ];
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  if (query.groupBy === 'none') {
    const orderBy =
      query.sort === 'score'
        ? `score ${order} NULLS LAST, title`
        : `title ${order}`;
    const { rows } = await knex.raw(
      `WITH ${LATEST}
       SELECT *, count(*) OVER () AS total FROM rows ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      [...filters, query.limit, query.offset],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r: any) => ({
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
      })),
    };
  }
  const key = query.groupBy; // owner | system | domain: a column name from a closed set
  const orderBy =
    query.sort === 'score'
      ? `average_score ${order} NULLS LAST, key`
      : `key ${order}`;
  const { rows } = await knex.raw(
    `WITH ${LATEST},
     groups AS (
       SELECT coalesce(${key}, '(none)') AS key, count(*) AS entities, count(score) AS scored,
              round(avg(score), 1) AS average_score, min(score) AS min_score,
              count(*) FILTER (WHERE cardinality(failing) > 0) AS failing_entities
         FROM rows GROUP BY 1),
     worst AS (
       -- Capabilities ranked by how badly the group misses them: fail counts 2, partial 1.
       SELECT key, array_agg(capability ORDER BY weight DESC, capability) FILTER (WHERE rank <= 3) AS capabilities
         FROM (SELECT coalesce(r.${key}, '(none)') AS key, u.capability_id AS capability,
                      sum(CASE WHEN u.status = 'fail' THEN 2 ELSE 1 END) AS weight,
                      row_number() OVER (PARTITION BY coalesce(r.${key}, '(none)')
                                         ORDER BY sum(CASE WHEN u.status = 'fail' THEN 2 ELSE 1 END) DESC, u.capability_id) AS rank
                 FROM rows r JOIN unmet u ON u.entity_ref = r.entity_ref GROUP BY 1, 2) ranked
        GROUP BY key)
     SELECT g.*, coalesce(w.capabilities, '{}') AS worst, count(*) OVER () AS total
       FROM groups g LEFT JOIN worst w ON w.key = g.key
      ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    [...filters, query.limit, query.offset],
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

export async function upsertEntities(
  knex: Knex,
  projectId: string,
  entities: EntityRow[],
): Promise<void> {
  if (entities.length === 0) return;
  await knex('ops.entities')
    .insert(
      entities.map(e => ({
        entity_ref: e.entityRef,
        project_id: projectId,
        kind: e.kind,
        title: e.title,
        owner: e.owner,
        system: e.system,
        domain: e.domain,
        synced_at: knex.fn.now(),
      })),
    )
    .onConflict('entity_ref')
    .merge();
}
