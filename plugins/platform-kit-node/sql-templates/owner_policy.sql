-- owner_policy: a policy skeleton that lets signed-in users reach their own rows.
--
-- Why: enabling RLS on a table without policies denies the API roles every
-- row. Where the table has an owner column (user_id / owner_id / created_by
-- of type uuid), one policy per command lets each signed-in user keep the
-- rows whose owner column is their id. `(select auth.uid())` is evaluated
-- once per statement, not once per row (0003_auth_rls_initplan).
-- Review it: it assumes the column holds the owning user's auth.users id.
--
-- Idempotent: the policy (whose name is Platform Kit's) is dropped first.
--
-- Placeholders (quoted by the builder):
--   {{policy}}   the policy name
--   {{table}}    "schema"."table"
--   {{command}}  SELECT, INSERT, UPDATE or DELETE
--   {{clauses}}  USING (...) and / or WITH CHECK (...)
DROP POLICY IF EXISTS {{policy}} ON {{table}};

CREATE POLICY {{policy}} ON {{table}}
  AS PERMISSIVE
  FOR {{command}}
  TO authenticated
  {{clauses}};
