-- harden_function: pin the search_path of a function or procedure.
--
-- Why: a function without its own search_path resolves every unqualified name
-- (tables, functions, operators, types) through the search_path of whoever
-- calls it. A caller who controls a schema on that path, or a temporary table
-- (pg_temp is searched first by default), can substitute the objects the
-- function uses; for a SECURITY DEFINER function that runs them with the
-- owner's rights (Supabase lint 0011_function_search_path_mutable).
--
-- What: the path pinned is the one the function's callers resolve through
-- today (the database default, the function's own schema first when the API
-- exposes it, as PostgREST does for RPC calls), without "$user", with
-- pg_catalog explicitly first (where PostgreSQL searches it anyway) and
-- pg_temp explicitly last (so temporary objects can no longer shadow
-- anything). It is never empty, so unqualified references keep resolving to
-- the same objects. The comment records why the setting is there.
-- Both statements are idempotent.
--
-- Placeholders (quoted by the builder):
--   {{kind}}         FUNCTION or PROCEDURE
--   {{routine}}      "schema"."name"(identity arguments), which picks one overload
--   {{search_path}}  "pg_catalog", "public", ..., "pg_temp"
--   {{comment}}      a string literal
ALTER {{kind}} {{routine}} SET search_path = {{search_path}};

COMMENT ON {{kind}} {{routine}} IS {{comment}};
