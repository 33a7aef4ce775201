-- revoke_definer_execute: stop the Data API roles calling a SECURITY DEFINER function.
--
-- Why: a SECURITY DEFINER function runs with its owner's rights, and new
-- functions are executable by PUBLIC (so by anon and authenticated) unless
-- that is revoked: in an exposed schema anyone can call it through
-- /rest/v1/rpc (0028 / 0029 security_definer_function_executable), and one
-- that runs dynamic SQL can be an injection into the owner's rights.
--
-- What changes: anon and authenticated get "permission denied for function";
-- service_role keeps EXECUTE, granted explicitly because it may have held it
-- only through PUBLIC. Idempotent.
--
-- Placeholders (quoted by the builder):
--   {{routine}}    FUNCTION or PROCEDURE
--   {{signature}}  "schema"."name"(identity arguments), which picks one overload
--   {{roles}}      PUBLIC and the API roles that exist
REVOKE EXECUTE ON {{routine}} {{signature}} FROM {{roles}};

GRANT EXECUTE ON {{routine}} {{signature}} TO service_role;
