-- What the catalog made of each connector run: applied, kept (the source failed or looked
-- incomplete, so the previous entities stayed) or failed. Reported by the catalog module.

CREATE TABLE IF NOT EXISTS ops.connector_ingestions (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  target_id uuid NOT NULL REFERENCES ops.targets (id) ON DELETE CASCADE,
  reported_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL CHECK (status IN ('applied', 'kept', 'failed')),
  entities integer NOT NULL CHECK (entities >= 0),
  reason text
);
CREATE INDEX IF NOT EXISTS connector_ingestions_target_idx
  ON ops.connector_ingestions (target_id, reported_at DESC);
CREATE INDEX IF NOT EXISTS connector_ingestions_project_idx
  ON ops.connector_ingestions (project_id);

ALTER TABLE ops.connector_ingestions ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON ops.connector_ingestions FROM PUBLIC;

DO $rls$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    EXECUTE 'REVOKE ALL ON ops.connector_ingestions FROM anon';
  END IF;
  IF NOT (EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role')
          AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated')
          AND to_regprocedure('auth.uid()') IS NOT NULL) THEN
    RETURN;
  END IF;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ops.connector_ingestions TO service_role;
  GRANT USAGE ON SEQUENCE ops.connector_ingestions_id_seq TO service_role;
  DROP POLICY IF EXISTS service_role_all ON ops.connector_ingestions;
  CREATE POLICY service_role_all ON ops.connector_ingestions FOR ALL TO service_role USING (true) WITH CHECK (true);
  GRANT SELECT ON ops.connector_ingestions TO authenticated;
  DROP POLICY IF EXISTS members_read ON ops.connector_ingestions;
  CREATE POLICY members_read ON ops.connector_ingestions FOR SELECT TO authenticated USING (project_id IN (
    SELECT m.project_id FROM ops.project_members m WHERE m.user_id = (SELECT auth.uid())));
END
$rls$;
