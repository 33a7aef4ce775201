-- Durable jobs (docs/jobs.md): one table of work for every replica (scans, remediation applies,
-- connector contract runs), claimed with FOR UPDATE SKIP LOCKED under a lease that the running
-- replica renews by a heartbeat; a lease that runs out is reaped by another replica.
-- ops.scans and ops.remediation_plans stay the records people read; a job runs one of them.

CREATE TABLE IF NOT EXISTS ops.jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9-]*$'),
  -- What the job runs: a scan, a remediation plan, a contract run (by type).
  subject_id uuid,
  target_id uuid REFERENCES ops.targets (id) ON DELETE CASCADE,
  -- Jobs with the same key never run at once (one scan, one apply of a target at a time).
  serial_key text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  payload jsonb NOT NULL DEFAULT '{}',
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 1 CHECK (max_attempts >= 1),
  -- The lease of the replica running it: a fresh token per claim fences every write of the run.
  lease_owner text,
  lease_token uuid,
  lease_expires_at timestamptz,
  heartbeat_at timestamptz,
  -- The run's session on the target database ({pid, backendStart}), ended before a reaped apply fails.
  target_session jsonb,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
-- A queue table: every claim, heartbeat and end updates rows; vacuum it early so that claims do
-- not walk over the dead index entries of finished jobs.
ALTER TABLE ops.jobs SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);
CREATE INDEX IF NOT EXISTS jobs_due_idx ON ops.jobs (run_at, created_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS jobs_lease_idx ON ops.jobs (lease_expires_at) WHERE status = 'running';
CREATE UNIQUE INDEX IF NOT EXISTS jobs_serial_running_idx ON ops.jobs (serial_key)
  WHERE status = 'running' AND serial_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_subject_idx ON ops.jobs (subject_id);
CREATE INDEX IF NOT EXISTS jobs_project_idx ON ops.jobs (project_id);
CREATE INDEX IF NOT EXISTS jobs_target_idx ON ops.jobs (target_id);
CREATE INDEX IF NOT EXISTS jobs_finished_idx ON ops.jobs (finished_at)
  WHERE status IN ('succeeded', 'failed');

-- Scheduled work by target: the planner enqueues what is due and moves next_run_at on.
CREATE TABLE IF NOT EXISTS ops.job_schedules (
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9-]*$'),
  target_id uuid NOT NULL REFERENCES ops.targets (id) ON DELETE CASCADE,
  -- A cron expression or an ISO-8601 duration.
  schedule text NOT NULL,
  next_run_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (type, target_id)
);
CREATE INDEX IF NOT EXISTS job_schedules_due_idx ON ops.job_schedules (next_run_at);
CREATE INDEX IF NOT EXISTS job_schedules_project_idx ON ops.job_schedules (project_id);
CREATE INDEX IF NOT EXISTS job_schedules_target_idx ON ops.job_schedules (target_id);

-- Queued scans of an earlier release become jobs (three attempts, as the default scanAttempts).
INSERT INTO ops.jobs (project_id, type, subject_id, target_id, serial_key, attempts, max_attempts, created_at, run_at)
SELECT s.project_id, 'scan', s.id, s.target_id, 'scan:' || s.target_id, s.attempts,
       greatest(s.attempts + 1, 3), s.queued_at, now()
  FROM ops.scans s
 WHERE s.status = 'queued'
   AND NOT EXISTS (SELECT 1 FROM ops.jobs j WHERE j.subject_id = s.id);

-- Applies of an earlier release ran without a lease: one still applying has no runner to wait for.
UPDATE ops.remediation_plans
   SET status = 'failed', finished_at = now(),
       error = 'abandoned: the backend applying it stopped before it finished (started before applies ran as jobs); scan the target to see what is left'
 WHERE status = 'applying';

ALTER TABLE ops.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE ops.job_schedules ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON ops.jobs, ops.job_schedules FROM PUBLIC;

DO $rls$
DECLARE
  t text;
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    EXECUTE 'REVOKE ALL ON ops.jobs, ops.job_schedules FROM anon';
  END IF;
  IF NOT (EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role')
          AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated')
          AND to_regprocedure('auth.uid()') IS NOT NULL) THEN
    RETURN;
  END IF;
  FOREACH t IN ARRAY ARRAY['jobs', 'job_schedules'] LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ops.%I TO service_role', t);
    EXECUTE format('DROP POLICY IF EXISTS service_role_all ON ops.%I', t);
    EXECUTE format('CREATE POLICY service_role_all ON ops.%I FOR ALL TO service_role USING (true) WITH CHECK (true)', t);
    EXECUTE format('GRANT SELECT ON ops.%I TO authenticated', t);
    EXECUTE format('DROP POLICY IF EXISTS members_read ON ops.%I', t);
    EXECUTE format(
      'CREATE POLICY members_read ON ops.%I FOR SELECT TO authenticated USING (project_id IN (
         SELECT m.project_id FROM ops.project_members m WHERE m.user_id = (SELECT auth.uid())))', t);
  END LOOP;
END
$rls$;
