import {
  notExtensionMember as notExt,
  userSchemaPredicate as userSchema,
} from './managedSchemas';

/**
 * What uses the routines and tables of user schemas, as the remediation
 * planner needs it to choose fixes that keep the dependants working.
 *
 * - From `pg_depend` (exact, by OID): policies (with command, roles and the
 *   clauses that call the routine), views and materialised views, column
 *   defaults and generated columns, CHECK constraints, triggers, routines with SQL-standard
 *   bodies. Dependants in managed schemas count too (a `storage.objects`
 *   policy calling `public.is_member()` is the common case).
 * - From routine bodies (`source = 'body'`, by name): `sql` and `plpgsql`
 *   routines whose text calls a SECURITY DEFINER routine (the routines a
 *   patch may revoke or move); plpgsql resolves such names when it runs.
 * - Publications of tables (Supabase Realtime sends their changes through RLS).
 */
const TARGETS = `
  targets AS (
    SELECT p.oid, n.nspname AS schema, p.proname AS name, p.prosecdef AS definer,
           pg_catalog.pg_get_function_identity_arguments(p.oid) AS args
      FROM pg_catalog.pg_proc p
      JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE ${userSchema('n')} AND ${notExt(
  'pg_proc',
  'p.oid',
)} AND p.prokind IN ('f', 'p')),
  deps AS (
    SELECT DISTINCT d.classid, d.objid, d.refobjid
      FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_proc'::regclass AND d.deptype = 'n'
       AND d.refobjid IN (SELECT t.oid FROM targets t))`;

const ON_FUNCTION = `'function' AS on_kind, t.schema AS on_schema, t.name AS on_name, t.args AS on_args`;
const NO_POLICY = `NULL::text AS command, '[]'::jsonb AS roles, NULL::text AS using_expr, NULL::text AS check_expr`;

/** `name(` or `"name"(` in text, the name's regex characters escaped. */
const callPattern = (name: string) =>
  `('(^|[^A-Za-z0-9_$"])"?' || regexp_replace(${name}, '([.*+?^$(){}|\\[\\]\\\\])', '\\\\\\1', 'g') || '"?\\s*\\(')`;

export const DEPENDANTS_SQL = `
WITH ${TARGETS}
SELECT ${ON_FUNCTION}, 'policy' AS kind, n.nspname AS schema, pol.polname AS name, c.relname AS "table",
       NULL::text AS "column", NULL::text AS identity_arguments,
       pol.polcmd::text AS command,
       to_jsonb(CASE WHEN pol.polroles = '{0}'::oid[] THEN ARRAY['public']
                    ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.oid = ANY (pol.polroles) ORDER BY 1) END) AS roles,
       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS using_expr,
       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expr,
       'catalog' AS source
  FROM deps d
  JOIN targets t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_policy pol ON d.classid = 'pg_catalog.pg_policy'::regclass AND pol.oid = d.objid
  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
UNION ALL
SELECT DISTINCT ${ON_FUNCTION}, CASE v.relkind WHEN 'm' THEN 'materialized_view' ELSE 'view' END,
       n.nspname, v.relname, NULL, NULL, NULL, ${NO_POLICY}, 'catalog'
  FROM deps d
  JOIN targets t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_rewrite rw ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND rw.oid = d.objid
  JOIN pg_catalog.pg_class v ON v.oid = rw.ev_class AND v.relkind IN ('v', 'm')
  JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace
UNION ALL
SELECT ${ON_FUNCTION}, CASE WHEN a.attgenerated <> '' THEN 'generated_column' ELSE 'column_default' END,
       n.nspname, c.relname, c.relname, a.attname, NULL, ${NO_POLICY}, 'catalog'
  FROM deps d
  JOIN targets t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND ad.oid = d.objid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
  JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
UNION ALL
SELECT ${ON_FUNCTION}, 'check_constraint', n.nspname, con.conname, c.relname, NULL, NULL, ${NO_POLICY}, 'catalog'
  FROM deps d
  JOIN targets t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_constraint con ON d.classid = 'pg_catalog.pg_constraint'::regclass AND con.oid = d.objid
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
UNION ALL
SELECT ${ON_FUNCTION}, 'trigger', n.nspname, tg.tgname, c.relname, NULL, NULL, ${NO_POLICY}, 'catalog'
  FROM deps d
  JOIN targets t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_trigger tg ON d.classid = 'pg_catalog.pg_trigger'::regclass AND tg.oid = d.objid AND NOT tg.tgisinternal
  JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
UNION ALL
SELECT ${ON_FUNCTION}, 'routine', n.nspname, p.proname, NULL, NULL,
       pg_catalog.pg_get_function_identity_arguments(p.oid), ${NO_POLICY}, 'catalog'
  FROM deps d
  JOIN targets t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_proc p ON d.classid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.objid
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
UNION ALL
SELECT ${ON_FUNCTION}, 'routine', n.nspname, p.proname, NULL, NULL,
       pg_catalog.pg_get_function_identity_arguments(p.oid), ${NO_POLICY}, 'body'
  FROM targets t
  JOIN pg_catalog.pg_proc p ON p.oid <> t.oid AND p.prosrc ~* ${callPattern(
    't.name',
  )}
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang AND l.lanname IN ('sql', 'plpgsql')
 WHERE t.definer AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND ${notExt(
   'pg_proc',
   'p.oid',
 )}
UNION ALL
SELECT 'table', pt.schemaname::text, pt.tablename::text, NULL, 'publication', '', pt.pubname::text,
       NULL, NULL, NULL, ${NO_POLICY}, 'catalog'
  FROM pg_catalog.pg_publication_tables pt
  JOIN pg_catalog.pg_namespace n ON n.nspname = pt.schemaname
 WHERE ${userSchema('n')}
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`;
