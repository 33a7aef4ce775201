-- Row level security on every ops table, and, where the Supabase roles exist:
--   service_role   reads and writes everything;
--   authenticated  reads rows of the projects it is a member of (auth.uid()), and the
--                  shared capability definitions;
--   anon           nothing.
-- On a plain PostgreSQL (Backstage's own database) only the table owner, which the
-- backend connects as, can use the tables.

DO $rls$
DECLARE
  t text;
  project_tables text[] := ARRAY['targets', 'scans', 'inventory_snapshots', 'findings', 'parity_results',
                                 'parity_scores', 'exemptions', 'remediation_plans'];
  all_tables text[] := project_tables || ARRAY['schema_migrations', 'projects', 'project_members',
                                                'capabilities', 'capability_contracts'];
  has_supabase boolean := EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role')
                      AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated')
                      AND to_regprocedure('auth.uid()') IS NOT NULL;
BEGIN
  EXECUTE 'REVOKE ALL ON SCHEMA ops FROM PUBLIC';
  FOREACH t IN ARRAY all_tables LOOP
    EXECUTE format('ALTER TABLE ops.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('REVOKE ALL ON ops.%I FROM PUBLIC', t);
  END LOOP;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    EXECUTE 'REVOKE ALL ON SCHEMA ops FROM anon';
    FOREACH t IN ARRAY all_tables LOOP
      EXECUTE format('REVOKE ALL ON ops.%I FROM anon', t);
    END LOOP;
  END IF;
  IF NOT has_supabase THEN
    RETURN;
  END IF;

  EXECUTE 'GRANT USAGE ON SCHEMA ops TO service_role, authenticated';
  FOREACH t IN ARRAY all_tables LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ops.%I TO service_role', t);
    EXECUTE format('DROP POLICY IF EXISTS service_role_all ON ops.%I', t);
    EXECUTE format('CREATE POLICY service_role_all ON ops.%I FOR ALL TO service_role USING (true) WITH CHECK (true)', t);
  END LOOP;

  -- authenticated: read-only, scoped to memberships.
  FOREACH t IN ARRAY project_tables LOOP
    EXECUTE format('GRANT SELECT ON ops.%I TO authenticated', t);
    EXECUTE format('DROP POLICY IF EXISTS members_read ON ops.%I', t);
    EXECUTE format(
      'CREATE POLICY members_read ON ops.%I FOR SELECT TO authenticated USING (project_id IN (
         SELECT m.project_id FROM ops.project_members m WHERE m.user_id = (SELECT auth.uid())))', t);
  END LOOP;
  GRANT SELECT ON ops.projects, ops.project_members, ops.capabilities, ops.capability_contracts TO authenticated;
  DROP POLICY IF EXISTS members_read ON ops.projects;
  CREATE POLICY members_read ON ops.projects FOR SELECT TO authenticated USING (id IN (
    SELECT m.project_id FROM ops.project_members m WHERE m.user_id = (SELECT auth.uid())));
  DROP POLICY IF EXISTS own_memberships ON ops.project_members;
  CREATE POLICY own_memberships ON ops.project_members FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()));
  DROP POLICY IF EXISTS definitions_read ON ops.capabilities;
  CREATE POLICY definitions_read ON ops.capabilities FOR SELECT TO authenticated USING (true);
  DROP POLICY IF EXISTS definitions_read ON ops.capability_contracts;
  CREATE POLICY definitions_read ON ops.capability_contracts FOR SELECT TO authenticated USING (true);
END
$rls$;
