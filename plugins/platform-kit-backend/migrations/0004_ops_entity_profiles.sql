-- Profiles and current parity on ops.entities.
-- profiles / capabilities / inherit / exclude: what the entity's profile says (resolved from
--   app-config and the entity's annotations by the catalog sync);
-- depends_on: entities it takes capabilities over from (catalog dependsOn relations);
-- applicable: its own capabilities plus the inherited ones;
-- score .. partial: its current parity, kept beside the history so scorecards read one row per entity.

ALTER TABLE ops.entities
  ADD COLUMN IF NOT EXISTS profiles text[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS capabilities text[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS inherit text[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS exclude text[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS depends_on text[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS applicable text[],
  ADD COLUMN IF NOT EXISTS in_catalog boolean NOT NULL DEFAULT true,
  ADD COLUMN IF NOT EXISTS score numeric(5, 1) CHECK (score BETWEEN 0 AND 100),
  ADD COLUMN IF NOT EXISTS evaluated_at timestamptz,
  ADD COLUMN IF NOT EXISTS failing text[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS partial text[] NOT NULL DEFAULT '{}';

CREATE INDEX IF NOT EXISTS entities_depends_on_idx ON ops.entities USING gin (depends_on);
CREATE INDEX IF NOT EXISTS entities_score_idx ON ops.entities (score, title);
CREATE INDEX IF NOT EXISTS entities_title_idx ON ops.entities (title);

-- Current parity of entities evaluated before this migration.
UPDATE ops.entities e
   SET score = l.score, evaluated_at = l.evaluated_at
  FROM (SELECT DISTINCT ON (entity_ref) entity_ref, score, evaluated_at
          FROM ops.parity_scores ORDER BY entity_ref, evaluated_at DESC) l
 WHERE l.entity_ref = e.entity_ref AND e.evaluated_at IS NULL;

UPDATE ops.entities e
   SET failing = coalesce(r.failing, '{}'), partial = coalesce(r.partial, '{}')
  FROM (SELECT r.entity_ref,
               array_agg(r.capability_id ORDER BY r.capability_id) FILTER (WHERE r.status = 'fail') AS failing,
               array_agg(r.capability_id ORDER BY r.capability_id) FILTER (WHERE r.status = 'partial') AS partial
          FROM ops.parity_results r
          JOIN ops.entities x ON x.entity_ref = r.entity_ref AND x.evaluated_at = r.evaluated_at
         GROUP BY r.entity_ref) r
 WHERE r.entity_ref = e.entity_ref;
