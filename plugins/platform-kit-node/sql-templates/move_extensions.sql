-- move_extensions: relocate an extension out of public or an API-exposed schema
-- into the dedicated "extensions" schema (Supabase's layout).
--
-- Why: an extension's functions, types and tables in public or in a schema the
-- Data API exposes become part of the API (callable over RPC, listed in the
-- OpenAPI document) and share the namespace of the application's own objects
-- (Supabase lint 0014_extension_in_public).
--
-- What, in order (each statement is idempotent):
--   1. create the extensions schema if it does not exist yet;
--   2. let the API roles that exist use it (anon, authenticated, service_role),
--      as they could use the extension where it was;
--   3. for each function whose pinned search_path names the old schema but not
--      extensions: add extensions right after that schema, so its unqualified
--      references to the extension still resolve after the move;
--   4. move the extension. Column types, column defaults, indexes, views and
--      SQL functions with BEGIN ATOMIC bodies keep working by themselves:
--      PostgreSQL stores them by OID. Unqualified references now resolve only
--      where extensions is on the search_path (Supabase's default and its
--      PostgREST extra search path); code that names the old schema explicitly
--      (old_schema.fn(...)) must be changed by hand.
-- A non-relocatable extension gets a manual plan instead (drop and re-create).
--
-- Placeholders (quoted by the builder):
--   {{schema}}       "extensions"
--   {{roles}}        the API roles, comma-separated
--   {{kind}}         FUNCTION or PROCEDURE (step 3, once per function)
--   {{routine}}      "schema"."name"(identity arguments)
--   {{search_path}}  the function's pinned path with extensions added
--   {{extension}}    the extension's name
CREATE SCHEMA IF NOT EXISTS {{schema}};

GRANT USAGE ON SCHEMA {{schema}} TO {{roles}};

ALTER {{kind}} {{routine}} SET search_path = {{search_path}};

ALTER EXTENSION {{extension}} SET SCHEMA {{schema}};
