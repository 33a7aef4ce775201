-- Catalog entities that have parity, with what scorecards roll up by: owner, system, domain.
-- Synced from the catalog by the backend; row level security as for the other ops tables.

CREATE TABLE IF NOT EXISTS ops.entities (
  entity_ref text PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  kind text NOT NULL,
  title text NOT NULL,
  owner text,
  system text,
  domain text,
  synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS entities_project_idx ON ops.entities (project_id);
CREATE INDEX IF NOT EXISTS entities_owner_idx ON ops.entities (owner);
CREATE INDEX IF NOT EXISTS entities_system_idx ON ops.entities (system);
CREATE INDEX IF NOT EXISTS entities_domain_idx ON ops.entities (domain);

ALTER TABLE ops.entities ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON ops.entities FROM PUBLIC;

DO $rls$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    EXECUTE 'REVOKE ALL ON ops.entities FROM anon';
  END IF;
  IF NOT (EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role')
          AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated')
          AND to_regprocedure('auth.uid()') IS NOT NULL) THEN
    RETURN;
  END IF;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ops.entities TO service_role;
  DROP POLICY IF EXISTS service_role_all ON ops.entities;
  CREATE POLICY service_role_all ON ops.entities FOR ALL TO service_role USING (true) WITH CHECK (true);
  GRANT SELECT ON ops.entities TO authenticated;
  DROP POLICY IF EXISTS members_read ON ops.entities;
  CREATE POLICY members_read ON ops.entities FOR SELECT TO authenticated USING (project_id IN (
    SELECT m.project_id FROM ops.project_members m WHERE m.user_id = (SELECT auth.uid())));
END
$rls$;
