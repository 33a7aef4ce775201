-- Connector contract runs: the SDK's contract suite run on its own schedule (a `contract` job),
-- never by a scan. A connector scan copies the latest run into its snapshot, and the capability
-- integration.contracts reads its result with its age. Errors and evidence are stored redacted.

CREATE TABLE IF NOT EXISTS ops.contract_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  target_id uuid NOT NULL REFERENCES ops.targets (id) ON DELETE CASCADE,
  -- The `contract` job that ran it (kept while the job is, see platformKit.jobs.retentionDays).
  job_id uuid REFERENCES ops.jobs (id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('passed', 'failed')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  duration_ms integer NOT NULL CHECK (duration_ms >= 0),
  summary text NOT NULL,
  -- One entry per contract: id, title, status (pass | fail | skip), durationMs, error, evidence.
  results jsonb NOT NULL DEFAULT '[]',
  -- Why the suite could not run at all (then results is empty).
  error text,
  CHECK (finished_at >= started_at)
);
CREATE INDEX IF NOT EXISTS contract_runs_target_idx
  ON ops.contract_runs (target_id, finished_at DESC);
CREATE INDEX IF NOT EXISTS contract_runs_project_idx
  ON ops.contract_runs (project_id);
CREATE INDEX IF NOT EXISTS contract_runs_job_idx
  ON ops.contract_runs (job_id);

ALTER TABLE ops.contract_runs ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON ops.contract_runs FROM PUBLIC;

DO $rls$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    EXECUTE 'REVOKE ALL ON ops.contract_runs FROM anon';
  END IF;
  IF NOT (EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role')
          AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated')
          AND to_regprocedure('auth.uid()') IS NOT NULL) THEN
    RETURN;
  END IF;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ops.contract_runs TO service_role;
  DROP POLICY IF EXISTS service_role_all ON ops.contract_runs;
  CREATE POLICY service_role_all ON ops.contract_runs FOR ALL TO service_role USING (true) WITH CHECK (true);
  GRANT SELECT ON ops.contract_runs TO authenticated;
  DROP POLICY IF EXISTS members_read ON ops.contract_runs;
  CREATE POLICY members_read ON ops.contract_runs FOR SELECT TO authenticated USING (project_id IN (
    SELECT m.project_id FROM ops.project_members m WHERE m.user_id = (SELECT auth.uid())));
END
$rls$;
