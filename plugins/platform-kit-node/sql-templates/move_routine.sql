-- move_routine: move a SECURITY DEFINER helper out of the exposed schemas.
--
-- Why: a definer function in an exposed schema can be called by anyone who
-- can execute it through /rest/v1/rpc (0028 / 0029). When row level security
-- policies (or views, or defaults) call it as anon or authenticated, a revoke
-- would lock those roles out of the tables. In a schema the Data API does not
-- expose it cannot be called through the API, and everything that calls it
-- by OID (policies, views, defaults, triggers, SQL-standard bodies) keeps
-- working: PostgreSQL stores those calls by OID and checks only EXECUTE, not
-- USAGE on the schema, when they run.
--
-- What changes: /rest/v1/rpc/<name> stops finding it; routines that call it
-- by name would break, so the builder moves it only when none does.
--
-- Placeholders (quoted by the builder):
--   {{schema}}     the non-exposed schema
--   {{routine}}    FUNCTION or PROCEDURE
--   {{signature}}  "schema"."name"(identity arguments)
CREATE SCHEMA IF NOT EXISTS {{schema}};

ALTER {{routine}} {{signature}} SET SCHEMA {{schema}};
