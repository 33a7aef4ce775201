-- Remediation plans that applied some findings and rolled back others ('partial'), whether an
-- apply commits all or nothing, and what the control plane could not do when it built a plan
-- (the application's source unreadable, the pre-flight not run).

ALTER TABLE ops.remediation_plans DROP CONSTRAINT IF EXISTS remediation_plans_status_check;
ALTER TABLE ops.remediation_plans
  ADD CONSTRAINT remediation_plans_status_check
  CHECK (status IN ('pending', 'applying', 'applied', 'partial', 'failed'));

ALTER TABLE ops.remediation_plans
  ADD COLUMN IF NOT EXISTS all_or_nothing boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS warnings jsonb NOT NULL DEFAULT '[]';

-- Partial applies are jobs too.
DROP INDEX IF EXISTS ops.remediation_plans_jobs_idx;
CREATE INDEX IF NOT EXISTS remediation_plans_jobs_idx
  ON ops.remediation_plans (started_at DESC)
  WHERE status IN ('applying', 'applied', 'partial', 'failed');
