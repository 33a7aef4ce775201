-- mark_remediation_index: record on an index that remediation created it, and when.
--
-- Why: a new index has never been scanned, so unused_index (0005_unused_index)
-- would report it at once. The comment marks it in the target itself (the CLI
-- runs without a store); unused_index leaves a marked index alone until the
-- statistics have been reset after the time it records (pg_stat_database.stats_reset).
--
-- Runs right after the CONCURRENTLY build, on its own: the time is the real
-- time of this step (clock_timestamp(), UTC, microseconds). An index that
-- already has a comment keeps it (it was not created by this plan, or was
-- marked by an earlier run). Fails when the index is not there (its build failed).
--
-- Placeholders (quoted by the builder):
--   {{tag}}     the dollar-quote tag of the block (not found in the names)
--   {{schema}}  the schema, as a string literal
--   {{index}}   the index name, as a string literal
--   {{prefix}}  the marker text before the time, as a string literal
DO {{tag}}
DECLARE
  target pg_catalog.regclass := pg_catalog.to_regclass(pg_catalog.format('%I.%I', {{schema}}, {{index}}));
BEGIN
  IF target IS NULL THEN
    RAISE EXCEPTION 'index %.% does not exist: its build did not succeed', {{schema}}, {{index}};
  END IF;
  IF pg_catalog.obj_description(target, 'pg_class') IS NULL THEN
    EXECUTE pg_catalog.format('COMMENT ON INDEX %I.%I IS %L', {{schema}}, {{index}},
      {{prefix}} || pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
  END IF;
END
{{tag}};
