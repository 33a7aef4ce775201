-- Platform Kit control plane: the `ops` schema.
-- Applied by the backend plugin at start-up (tracked in ops.schema_migrations) and
-- applicable to a Supabase project with plain psql:  psql "$DATABASE_URL" -f 0001_ops_schema.sql
-- Idempotent where PostgreSQL allows it; every table has row level security.

CREATE SCHEMA IF NOT EXISTS ops;

CREATE TABLE IF NOT EXISTS ops.schema_migrations (
  version text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Tenancy: every row below belongs to a project; users see the projects they are members of.
CREATE TABLE IF NOT EXISTS ops.projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ops.project_members (
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  role text NOT NULL DEFAULT 'viewer' CHECK (role IN ('viewer', 'admin')),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX IF NOT EXISTS project_members_user_idx ON ops.project_members (user_id);

CREATE TABLE IF NOT EXISTS ops.targets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  entity_ref text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('supabase-project', 'repository', 'connector')),
  name text NOT NULL,
  -- Never secrets: connection strings and tokens stay in the backend's config.
  settings jsonb NOT NULL DEFAULT '{}',
  schedule text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, entity_ref)
);
CREATE INDEX IF NOT EXISTS targets_entity_ref_idx ON ops.targets (entity_ref);

CREATE TABLE IF NOT EXISTS ops.scans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  target_id uuid NOT NULL REFERENCES ops.targets (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  requested_by text,
  queued_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  error text,
  logs jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS scans_project_idx ON ops.scans (project_id);
CREATE INDEX IF NOT EXISTS scans_target_queued_idx ON ops.scans (target_id, queued_at DESC);
CREATE INDEX IF NOT EXISTS scans_status_idx ON ops.scans (status, queued_at DESC);

CREATE TABLE IF NOT EXISTS ops.inventory_snapshots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  target_id uuid NOT NULL REFERENCES ops.targets (id) ON DELETE CASCADE,
  scan_id uuid NOT NULL UNIQUE REFERENCES ops.scans (id) ON DELETE CASCADE,
  captured_at timestamptz NOT NULL,
  inventory jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS inventory_snapshots_project_idx ON ops.inventory_snapshots (project_id);
CREATE INDEX IF NOT EXISTS inventory_snapshots_target_idx ON ops.inventory_snapshots (target_id, captured_at DESC);

CREATE TABLE IF NOT EXISTS ops.findings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  scan_id uuid NOT NULL REFERENCES ops.scans (id) ON DELETE CASCADE,
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('ERROR', 'WARN', 'INFO')),
  severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
  cache_key text NOT NULL,
  finding jsonb NOT NULL,
  UNIQUE (scan_id, cache_key)
);
CREATE INDEX IF NOT EXISTS findings_project_idx ON ops.findings (project_id);
CREATE INDEX IF NOT EXISTS findings_level_idx ON ops.findings (scan_id, level, severity DESC);

-- Capability definitions are shared reference data (no project).
CREATE TABLE IF NOT EXISTS ops.capabilities (
  id text PRIMARY KEY,
  title text NOT NULL,
  description text NOT NULL,
  severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
  applies_to text[] NOT NULL
);

CREATE TABLE IF NOT EXISTS ops.capability_contracts (
  capability_id text NOT NULL REFERENCES ops.capabilities (id) ON DELETE CASCADE,
  contract_id text NOT NULL,
  title text NOT NULL,
  "check" jsonb NOT NULL,
  PRIMARY KEY (capability_id, contract_id)
);

CREATE TABLE IF NOT EXISTS ops.parity_results (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  entity_ref text NOT NULL,
  capability_id text NOT NULL REFERENCES ops.capabilities (id),
  status text NOT NULL CHECK (status IN ('pass', 'partial', 'fail', 'exempted', 'not_applicable')),
  evidence jsonb NOT NULL,
  scan_id uuid REFERENCES ops.scans (id) ON DELETE SET NULL,
  evaluated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS parity_results_project_idx ON ops.parity_results (project_id);
CREATE INDEX IF NOT EXISTS parity_results_entity_idx ON ops.parity_results (entity_ref, evaluated_at DESC);
CREATE INDEX IF NOT EXISTS parity_results_capability_idx ON ops.parity_results (capability_id);
CREATE INDEX IF NOT EXISTS parity_results_scan_idx ON ops.parity_results (scan_id);

CREATE TABLE IF NOT EXISTS ops.parity_scores (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  entity_ref text NOT NULL,
  score numeric(5, 1) CHECK (score BETWEEN 0 AND 100),
  evaluated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS parity_scores_project_idx ON ops.parity_scores (project_id);
CREATE INDEX IF NOT EXISTS parity_scores_entity_idx ON ops.parity_scores (entity_ref, evaluated_at DESC);

CREATE TABLE IF NOT EXISTS ops.exemptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  entity_ref text NOT NULL,
  capability_id text NOT NULL REFERENCES ops.capabilities (id),
  reason text NOT NULL CHECK (length(reason) > 0),
  requested_by text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX IF NOT EXISTS exemptions_project_idx ON ops.exemptions (project_id);
CREATE INDEX IF NOT EXISTS exemptions_entity_idx ON ops.exemptions (entity_ref, capability_id);
CREATE INDEX IF NOT EXISTS exemptions_capability_idx ON ops.exemptions (capability_id);

CREATE TABLE IF NOT EXISTS ops.remediation_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES ops.projects (id) ON DELETE CASCADE,
  target_id uuid NOT NULL REFERENCES ops.targets (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applying', 'applied', 'failed')),
  plan jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz,
  output text,
  error text
);
CREATE INDEX IF NOT EXISTS remediation_plans_project_idx ON ops.remediation_plans (project_id);
CREATE INDEX IF NOT EXISTS remediation_plans_target_idx ON ops.remediation_plans (target_id, created_at DESC);
