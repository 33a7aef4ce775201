-- Remediation plans as jobs: what a plan was built from, who applied it, when, and how it went.

ALTER TABLE ops.remediation_plans
  ADD COLUMN IF NOT EXISTS entity_ref text,
  ADD COLUMN IF NOT EXISTS scan_id uuid REFERENCES ops.scans (id) ON DELETE SET NULL,
  ADD COLUMN IF NOT EXISTS sql text,
  ADD COLUMN IF NOT EXISTS applied_by text,
  ADD COLUMN IF NOT EXISTS started_at timestamptz,
  ADD COLUMN IF NOT EXISTS finished_at timestamptz,
  ADD COLUMN IF NOT EXISTS dry_run boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS outcome jsonb,
  ADD COLUMN IF NOT EXISTS logs jsonb NOT NULL DEFAULT '[]';

CREATE INDEX IF NOT EXISTS remediation_plans_entity_idx ON ops.remediation_plans (entity_ref, created_at DESC);
CREATE INDEX IF NOT EXISTS remediation_plans_status_idx ON ops.remediation_plans (status, created_at DESC);
CREATE INDEX IF NOT EXISTS remediation_plans_scan_idx ON ops.remediation_plans (scan_id);
