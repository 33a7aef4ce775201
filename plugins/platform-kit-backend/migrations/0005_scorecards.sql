-- Scorecards: index orders for the pages, and a version counter of ops.entities so that the
-- backend can cache scorecard answers until something changes (a scan, an evaluation, a sync).

DROP INDEX IF EXISTS ops.entities_score_idx;
DROP INDEX IF EXISTS ops.entities_title_idx;
CREATE INDEX IF NOT EXISTS entities_scorecard_score_idx
  ON ops.entities (project_id, score, title, entity_ref) WHERE in_catalog;
CREATE INDEX IF NOT EXISTS entities_scorecard_score_desc_idx
  ON ops.entities (project_id, score DESC NULLS LAST, title, entity_ref) WHERE in_catalog;
CREATE INDEX IF NOT EXISTS entities_scorecard_title_idx
  ON ops.entities (project_id, title, entity_ref) WHERE in_catalog;

CREATE TABLE IF NOT EXISTS ops.entities_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO ops.entities_version DEFAULT VALUES ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION ops.bump_entities_version() RETURNS trigger
  LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  UPDATE ops.entities_version SET version = version + 1;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION ops.bump_entities_version() FROM PUBLIC;

DROP TRIGGER IF EXISTS entities_version_bump ON ops.entities;
CREATE TRIGGER entities_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ops.entities
  FOR EACH STATEMENT EXECUTE FUNCTION ops.bump_entities_version();

ALTER TABLE ops.entities_version ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON ops.entities_version FROM PUBLIC;

DO $rls$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    EXECUTE 'REVOKE ALL ON ops.entities_version FROM anon';
    EXECUTE 'REVOKE ALL ON FUNCTION ops.bump_entities_version() FROM anon';
  END IF;
  IF NOT (EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role')
          AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated')
          AND to_regprocedure('auth.uid()') IS NOT NULL) THEN
    RETURN;
  END IF;
  -- Writers of ops.entities bump the counter through the trigger, as themselves.
  GRANT SELECT, UPDATE ON ops.entities_version TO service_role;
  DROP POLICY IF EXISTS service_role_all ON ops.entities_version;
  CREATE POLICY service_role_all ON ops.entities_version FOR ALL TO service_role USING (true) WITH CHECK (true);
  GRANT SELECT ON ops.entities_version TO authenticated;
  DROP POLICY IF EXISTS authenticated_read ON ops.entities_version;
  CREATE POLICY authenticated_read ON ops.entities_version FOR SELECT TO authenticated USING (true);
END
$rls$;
