-- keep_read_policy: keep a role's reads of a table when row level security is enabled.
--
-- Why: a role granted SELECT on a table without RLS reads every row. Enabling
-- RLS with no policy for that role hides every row from it without an error.
-- This policy keeps today's reads (USING (true)); its comment marks it for
-- review: narrow it to the rows the role should see. Reads only: an always-true
-- write policy would be a finding of its own (0024_permissive_rls_policy).
--
-- Idempotent: the policy (whose name is Platform Kit's) is dropped first.
--
-- Placeholders (quoted by the builder):
--   {{policy}}  the policy name
--   {{table}}   "schema"."table"
--   {{role}}    the role
--   {{note}}    the review note, a string literal
DROP POLICY IF EXISTS {{policy}} ON {{table}};

CREATE POLICY {{policy}} ON {{table}}
  AS PERMISSIVE
  FOR SELECT
  TO {{role}}
  USING (true);

COMMENT ON POLICY {{policy}} ON {{table}} IS {{note}};
