-- require_pinned_search_path: a guard before moving a routine to another schema.
--
-- Why: a routine moved with a mutable search_path would be reported again
-- (function_search_path_mutable) under its new schema, a finding the fix
-- created. The plan pins it first (that finding's own patch, earlier in the
-- plan); if that did not happen, this guard fails and the move is rolled back
-- with its finding, the rest of the plan goes on.
--
-- Placeholders (quoted by the builder):
--   {{tag}}        a dollar-quote tag that no value contains
--   {{signature}}  "schema"."name"(argument types), as a string literal
--   {{who}}        the routine for people, as a string literal
DO {{tag}}
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p, pg_catalog.unnest(p.proconfig) AS c
                  WHERE p.oid = {{signature}}::pg_catalog.regprocedure AND c LIKE 'search\_path=%') THEN
    RAISE EXCEPTION '% has no pinned search_path: not moved', {{who}};
  END IF;
END
{{tag}};
