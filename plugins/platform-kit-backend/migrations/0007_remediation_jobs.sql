-- Remediation plans in the jobs list: how many times an apply was started, and the order of the list.

ALTER TABLE ops.remediation_plans
  ADD COLUMN IF NOT EXISTS apply_attempts integer NOT NULL DEFAULT 0;

-- Plans count as jobs once an apply was started; the jobs list is ordered by that time.
UPDATE ops.remediation_plans SET apply_attempts = 1
 WHERE apply_attempts = 0 AND status IN ('applying', 'applied', 'failed');

CREATE INDEX IF NOT EXISTS remediation_plans_jobs_idx
  ON ops.remediation_plans (started_at DESC)
  WHERE status IN ('applying', 'applied', 'failed');

-- Scorecard trends read (entity, day, score) for a page of entities: covered by the index alone.
CREATE INDEX IF NOT EXISTS parity_scores_entity_score_idx
  ON ops.parity_scores (entity_ref, evaluated_at DESC) INCLUDE (score);
DROP INDEX IF EXISTS ops.parity_scores_entity_idx;
