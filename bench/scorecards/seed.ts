/**
 * Seeds an ops store for the scorecards benchmark: one project, SIZE.entities
 * catalog entities with owners, systems and domains (and the nulls a real
 * catalog has), SIZE.days of daily scores each, the latest capability results,
 * and the current parity on ops.entities consistent with the latest day.
 * Everything is generated in bulk SQL (generate_series, INSERT ... SELECT).
 */
import { Client } from 'pg';

export const SIZE = {
  entities: 10_000,
  days: 90,
  owners: 200,
  systems: 500,
  domains: 50,
};

const WORDS = [
  'payments',
  'ledger',
  'search',
  'identity',
  'billing',
  'catalog',
  'orders',
  'shipping',
  'pricing',
  'inventory',
  'auth',
  'profile',
  'notifications',
  'analytics',
  'reports',
  'checkout',
  'gateway',
  'edge',
  'media',
  'content',
  'support',
  'fraud',
  'loyalty',
  'partner',
];
const SUFFIXES = [
  'api',
  'service',
  'db',
  'worker',
  'web',
  'store',
  'sync',
  'jobs',
];

/** Values used by the query mix: names that exist in the seeded data. */
export const SEARCH_TERMS = ['pay', 'ledger-api', 'Edge Wo', 'fraud', 'zzz'];
export const ownerRef = (i: number) =>
  `group:default/team-${String(i).padStart(3, '0')}`;
export const systemRef = (i: number) =>
  `system:default/system-${String(i).padStart(3, '0')}`;
export const domainRef = (i: number) =>
  `domain:default/domain-${String(i).padStart(2, '0')}`;

const sqlArray = (values: string[]) =>
  `ARRAY[${values.map(v => `'${v}'`).join(', ')}]::text[]`;

/**
 * Fills ops.entities, ops.parity_results and ops.parity_scores of the project
 * (the capabilities must be in ops.capabilities already), then ANALYZE.
 */
export async function seedScorecards(
  client: Client,
  projectId: string,
  log: (s: string) => void,
): Promise<Record<string, number>> {
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t0 = Date.now();
    const result = await client.query(sql, params);
    log(
      `  ${what}: ${result.rowCount ?? 0} rows in ${(
        (Date.now() - t0) /
        1000
      ).toFixed(1)} s`,
    );
  };
  // Reproducible random(): the same data on every run.
  await client.query('SELECT setseed(0.4242)');

  // Kinds: 55 % Component, 30 % Resource (Supabase projects), 15 % API; the
  // kind follows i % 20, so that nameOf(i) and kindOf(i) give any entity's ref.
  // Owner: ~200 teams, 1 in 23 without owner; system: ~500, 1 in 9 without;
  // domain follows the system (~50), and 1 system in 17 has no domain. 2 % of
  // entities opted out of every capability (score null). Components depend on
  // the Supabase project (Resource) of their block of 20 (i = 20k+1 .. 20k+20).
  const kindOf = (i: string) =>
    `CASE WHEN ${i} % 20 < 11 THEN 'Component' WHEN ${i} % 20 < 17 THEN 'Resource' ELSE 'API' END`;
  const words = `(${sqlArray(WORDS)})`;
  const suffixes = `(${sqlArray(SUFFIXES)})`;
  const nameOf = (i: string) =>
    `${words}[1 + (${i} * 7) % ${WORDS.length}] || '-' || ${words}[1 + (${i} / ${WORDS.length}) % ${WORDS.length}]
     || '-' || ${suffixes}[1 + (${i} / 7) % ${SUFFIXES.length}] || '-' || lpad((${i})::text, 5, '0')`;
  const refOf = (i: string) =>
    `lower(${kindOf(`(${i})`)}) || ':default/' || ${nameOf(`(${i})`)}`;
  await step(
    'ops.entities',
    `INSERT INTO ops.entities (entity_ref, project_id, kind, title, owner, system, domain,
                               profiles, capabilities, depends_on, applicable, in_catalog, synced_at)
     SELECT g.ref, $1, g.kind, initcap(replace(g.name, '-', ' ')),
            CASE WHEN g.i % 23 = 0 THEN NULL
                 ELSE 'group:default/team-' || lpad(((g.i * 7919) % $3)::text, 3, '0') END,
            CASE WHEN g.sys IS NULL THEN NULL
                 ELSE 'system:default/system-' || lpad(g.sys::text, 3, '0') END,
            CASE WHEN g.sys IS NULL OR g.sys % 17 = 0 THEN NULL
                 ELSE 'domain:default/domain-' || lpad((g.sys % $5)::text, 2, '0') END,
            ARRAY[lower(g.kind)], g.applicable,
            CASE WHEN g.kind = 'Component' THEN ARRAY[${refOf(
              '((g.i - 1) / 20) * 20 + 11',
            )}] ELSE '{}' END,
            g.applicable, true, now()
       FROM (SELECT i, kind, name, ${refOf('i')} AS ref,
                    CASE WHEN i % 9 = 0 THEN NULL ELSE (i * 104729) % $4 END AS sys,
                    CASE WHEN i % 50 = 7 THEN '{}'::text[]
                         WHEN kind = 'Resource' THEN ARRAY['db.api-exposure', 'db.extension-isolation',
                                                          'db.function-security', 'db.row-level-security']
                         WHEN kind = 'API' THEN ARRAY['integration.contracts', 'repo.spec-bundle']
                         ELSE ARRAY['db.api-exposure', 'db.function-security', 'db.row-level-security',
                                    'repo.delivery-gates', 'repo.spec-bundle'] END AS applicable
               FROM (SELECT i, ${kindOf('i')} AS kind, ${nameOf('i')} AS name
                       FROM generate_series(1, $2::int) i) k) g`,
    [projectId, SIZE.entities, SIZE.owners, SIZE.systems, SIZE.domains],
  );

  // Latest evaluation: one result per capability (7), not_applicable outside the
  // entity's applicable set; evaluated today at a per-entity time.
  await step(
    'ops.parity_results (latest)',
    `INSERT INTO ops.parity_results (project_id, entity_ref, capability_id, status, evidence, scan_id, evaluated_at)
     SELECT $1, x.entity_ref, x.id, x.status,
            jsonb_build_object(
              'capabilityId', x.id, 'title', x.title, 'severity', x.severity, 'status', x.status,
              'exemption', CASE WHEN x.status = 'exempted' THEN jsonb_build_object(
                  'reason', 'Accepted risk until the migration lands', 'requestedBy', 'user:default/owner',
                  'expiresAt', to_char(now() + interval '30 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) END,
              'evidence', jsonb_build_array(jsonb_build_object(
                  'contractId', x.id || '-contract', 'title', x.title, 'status',
                  CASE x.status WHEN 'exempted' THEN 'fail' WHEN 'not_applicable' THEN 'pass' ELSE x.status END,
                  'findings', '[]'::jsonb, 'facts', '{}'::jsonb))),
            NULL, x.evaluated_at
       FROM (SELECT b.*,
                    CASE WHEN NOT b.applies THEN 'not_applicable' WHEN b.r < 0.70 THEN 'pass'
                         WHEN b.r < 0.82 THEN 'partial' WHEN b.r < 0.97 THEN 'fail' ELSE 'exempted' END AS status
               FROM (SELECT e.entity_ref, c.id, c.title, c.severity, c.id = ANY(e.applicable) AS applies,
                            random() AS r,
                            date_trunc('day', now())
                              - make_interval(mins => hashtext(e.entity_ref) & 1023) AS evaluated_at
                       FROM ops.entities e CROSS JOIN ops.capabilities c
                      WHERE e.project_id = $1) b) x`,
    [projectId],
  );

  // Current parity on the entity row, from the latest results (the score as
  // parityScore computes it: severity-weighted, pass/exempted 1, partial 0.5, fail 0).
  await step(
    'ops.entities current parity',
    `UPDATE ops.entities e
        SET score = s.score, evaluated_at = s.evaluated_at,
            failing = s.failing, partial = s.partial
       FROM (SELECT r.entity_ref, max(r.evaluated_at) AS evaluated_at,
                    round(100.0 * sum(c.severity * CASE r.status WHEN 'partial' THEN 0.5
                                                             WHEN 'fail' THEN 0 ELSE 1 END)
                                      FILTER (WHERE r.status <> 'not_applicable')
                          / nullif(sum(c.severity) FILTER (WHERE r.status <> 'not_applicable'), 0), 1) AS score,
                    coalesce(array_agg(r.capability_id ORDER BY r.capability_id)
                             FILTER (WHERE r.status = 'fail'), '{}') AS failing,
                    coalesce(array_agg(r.capability_id ORDER BY r.capability_id)
                             FILTER (WHERE r.status = 'partial'), '{}') AS partial
               FROM ops.parity_results r JOIN ops.capabilities c ON c.id = r.capability_id
              WHERE r.project_id = $1
              GROUP BY r.entity_ref) s
      WHERE s.entity_ref = e.entity_ref`,
    [projectId],
  );

  // Daily history: today is the current score; earlier days drift down and jitter.
  await step(
    'ops.parity_scores (90 days)',
    `INSERT INTO ops.parity_scores (project_id, entity_ref, score, evaluated_at)
     SELECT $1, e.entity_ref,
            CASE WHEN d = 0 OR e.score IS NULL THEN e.score
                 ELSE least(100, greatest(0, round(e.score - d * 0.15 + (random()::numeric - 0.5) * 10, 1))) END,
            e.evaluated_at - make_interval(days => d)
       FROM ops.entities e CROSS JOIN generate_series(0, $2::int - 1) d
      WHERE e.project_id = $1
      ORDER BY d DESC, e.entity_ref`,
    [projectId, SIZE.days],
  );
  const t0 = Date.now();
  await client.query('VACUUM ANALYZE ops.entities');
  await client.query('VACUUM ANALYZE ops.parity_results');
  await client.query('VACUUM ANALYZE ops.parity_scores');
  log(`  VACUUM ANALYZE in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM ops.entities WHERE project_id = $1)::int AS entities,
            (SELECT count(DISTINCT kind) FROM ops.entities WHERE project_id = $1)::int AS kinds,
            (SELECT count(DISTINCT owner) FROM ops.entities WHERE project_id = $1)::int AS owners,
            (SELECT count(*) FROM ops.entities WHERE project_id = $1 AND owner IS NULL)::int AS "ownerNull",
            (SELECT count(DISTINCT system) FROM ops.entities WHERE project_id = $1)::int AS systems,
            (SELECT count(*) FROM ops.entities WHERE project_id = $1 AND system IS NULL)::int AS "systemNull",
            (SELECT count(DISTINCT domain) FROM ops.entities WHERE project_id = $1)::int AS domains,
            (SELECT count(*) FROM ops.entities WHERE project_id = $1 AND domain IS NULL)::int AS "domainNull",
            (SELECT count(*) FROM ops.entities WHERE project_id = $1 AND score IS NULL)::int AS "scoreNull",
            (SELECT count(*) FROM ops.parity_results WHERE project_id = $1)::int AS "parityResults",
            (SELECT count(*) FROM ops.parity_scores WHERE project_id = $1)::int AS "parityScores",
            (SELECT count(*) FROM ops.entities e
              WHERE e.project_id = $1 AND cardinality(e.depends_on) > 0
                AND NOT EXISTS (SELECT FROM ops.entities d WHERE d.entity_ref = e.depends_on[1]))::int
              AS "dependsOnMissing",
            (SELECT count(*) FROM ops.entities e
              WHERE e.project_id = $1 AND e.score IS DISTINCT FROM
                    (SELECT s.score FROM ops.parity_scores s WHERE s.entity_ref = e.entity_ref
                      ORDER BY s.evaluated_at DESC LIMIT 1))::int AS "inconsistent"`,
    [projectId],
  );
  return rows[0];
}
