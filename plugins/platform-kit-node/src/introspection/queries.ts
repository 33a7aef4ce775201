import {
  notExtensionMember as notExt,
  userSchemaPredicate as userSchema,
} from './managedSchemas';

/**
 * The catalog queries of a scan: one per object kind, never one per object.
 * Every value that is not a string or boolean is cast so that a direct
 * connection and the Management API (JSON) return the same shapes.
 */

const RELKINDS = `('r', 'p', 'v', 'm', 'f')`;

export const API_ROLES_SQL = `(SELECT r.oid, r.rolname FROM pg_catalog.pg_roles r WHERE r.rolname IN ('anon', 'authenticated'))`;

export const SERVER_SQL = `
SELECT version() AS version,
       current_setting('server_version_num')::int AS version_num,
       current_database() AS database,
       current_user AS current_user,
       (SELECT coalesce(json_object_agg(s.name, s.setting), '{}'::json) FROM pg_catalog.pg_settings s
         WHERE s.name IN ('search_path', 'statement_timeout', 'max_connections', 'row_security',
                          'shared_preload_libraries', 'server_version', 'default_transaction_read_only')) AS settings,
       (SELECT to_json(s.setconfig) FROM pg_catalog.pg_db_role_setting s
          JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
         WHERE r.rolname = 'authenticator'
           AND s.setdatabase = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database())) AS authenticator_db_config,
       (SELECT to_json(s.setconfig) FROM pg_catalog.pg_db_role_setting s
          JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
         WHERE r.rolname = 'authenticator' AND s.setdatabase = 0) AS authenticator_config,
       current_setting('pgrst.db_schemas', true) AS session_db_schemas,
       (SELECT to_char(d.stats_reset AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          FROM pg_catalog.pg_stat_database d WHERE d.datname = current_database()) AS stats_reset,
       EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'storage' AND c.relname = 'buckets') AS has_storage_buckets,
       -- By OID: resolving the name 'storage.buckets' fails without USAGE on storage.
       -- With RLS in force the scan would see only some buckets (often none): unknown.
       coalesce((SELECT has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
                        AND NOT row_security_active(c.oid)
                   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'storage' AND c.relname = 'buckets'), false) AS can_read_buckets`;

export const SCHEMAS_SQL = `
SELECT n.nspname AS name, pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
       pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
  FROM pg_catalog.pg_namespace n
 WHERE ${userSchema('n')} AND ${notExt('pg_namespace', 'n.oid')}
 ORDER BY 1`;

// pgmq queue tables live in a managed schema but decide insecure_queue_exposed_in_api.
const QUEUE_TABLE = `(n.nspname = 'pgmq' AND c.relkind = 'r' AND c.relname LIKE 'q\\_%')`;
const USER_OR_QUEUE = (alias: string) =>
  `(${userSchema(alias)} OR ${QUEUE_TABLE})`;

/**
 * Table bloat estimate from planner statistics (pg_stats): the pages a table
 * would need for its live rows versus the pages it has.
 */
const BLOAT_CTE = `
  widths AS (
    SELECT s.schemaname, s.tablename,
           sum((1 - s.null_frac) * s.avg_width) AS data_width,
           max(s.null_frac) AS max_null_frac,
           count(*) FILTER (WHERE s.null_frac <> 0) AS nullable_columns
      FROM pg_catalog.pg_stats s
     GROUP BY 1, 2),
  bloat AS (
    SELECT n.nspname AS schema, c.relname AS name, c.relpages::float8 AS pages,
           ceil(c.reltuples * (
             (24 + w.data_width + 3 - ((24 + w.data_width)::int % 4 + 3) % 4 + 4)
             + w.max_null_frac * (23 + 1 + w.nullable_columns / 8)
           ) / (current_setting('block_size')::float8 - 20))::float8 AS expected_pages
      FROM widths w
      JOIN pg_catalog.pg_namespace n ON n.nspname = w.schemaname
      JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.tablename
     WHERE c.relkind = 'r' AND c.reltuples > 0)`;

export const RELATIONS_SQL = `
WITH ${BLOAT_CTE}
SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced,
       c.reltuples::float8 AS estimated_rows, c.relispartition AS is_partition,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) AS has_primary_key,
       CASE WHEN c.relkind = 'v' THEN coalesce(
         (SELECT lower(o.option_value) IN ('true', 'on', 'yes', '1')
            FROM pg_catalog.pg_options_to_table(c.reloptions) o WHERE o.option_name = 'security_invoker'), false)
       END AS security_invoker,
       CASE WHEN c.relkind IN ('r', 'm') THEN pg_catalog.pg_total_relation_size(c.oid) ELSE 0 END::float8 AS size_bytes,
       coalesce(st.n_live_tup, 0)::float8 AS live_tuples,
       coalesce(st.n_dead_tup, 0)::float8 AS dead_tuples,
       CASE WHEN b.expected_pages > 0 THEN round((b.pages / b.expected_pages)::numeric, 1) ELSE 0 END::float8 AS bloat_ratio,
       CASE WHEN b.pages > b.expected_pages
            THEN current_setting('block_size')::float8 * (b.pages - b.expected_pages) ELSE 0 END AS bloat_bytes,
       NOT ${userSchema('n')} AS managed
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_stat_all_tables st ON st.relid = c.oid
  LEFT JOIN bloat b ON b.schema = n.nspname AND b.name = c.relname
 WHERE c.relkind IN ${RELKINDS} AND ${USER_OR_QUEUE('n')} AND ${notExt(
  'pg_class',
  'c.oid',
)}
 ORDER BY 1, 2`;

export const COLUMNS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, a.attnum::int AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, et.typname AS base_type,
       a.attnotnull AS not_null, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped
   AND c.relkind IN ${RELKINDS} AND ${userSchema('n')} AND ${notExt(
  'pg_class',
  'c.oid',
)}
 ORDER BY 1, 2, 4`;

export const INDEXES_SQL = `
SELECT n.nspname AS schema, c.relname AS table, ic.relname AS name,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       to_json(i.indkey::int2[]) AS keys,
       i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid,
       i.indpred IS NOT NULL AS partial,
       coalesce(s.idx_scan, 0)::float8 AS scans,
       pg_catalog.pg_relation_size(i.indexrelid)::float8 AS size_bytes,
       con.conname AS constraint,
       pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
  LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
 WHERE ${userSchema('n')} AND ${notExt('pg_class', 'c.oid')}
 ORDER BY 1, 2, 3`;

export const CONSTRAINTS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype::text AS type,
       to_json(coalesce(con.conkey, '{}'::int2[])) AS keys,
       pg_catalog.pg_get_constraintdef(con.oid) AS definition, con.convalidated AS validated,
       fn.nspname AS ref_schema, fc.relname AS ref_table,
       to_json(coalesce(con.confkey, '{}'::int2[])) AS ref_keys,
       CASE WHEN con.contype <> 'f' THEN NULL
            WHEN fi.indisprimary THEN 'primary_key' WHEN fi.indisunique THEN 'unique' ELSE 'other' END AS ref_index_kind
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
  LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
  LEFT JOIN pg_catalog.pg_index fi ON fi.indexrelid = con.conindid AND con.contype = 'f'
 WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
   AND ${userSchema('n')} AND ${notExt('pg_class', 'c.oid')}
 ORDER BY 1, 2, 3`;

// storage.objects policies are kept: they decide whether public buckets can be listed.
export const POLICIES_SQL = `
SELECT n.nspname AS schema, c.relname AS table, p.polname AS name, p.polcmd::text AS command,
       p.polpermissive AS permissive,
       CASE WHEN p.polroles = '{0}'::oid[] THEN to_json(ARRAY['public'])
            ELSE to_json(ARRAY(SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = ANY (p.polroles) ORDER BY 1)) END AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
  FROM pg_catalog.pg_policy p
  JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE (${userSchema('n')} OR (n.nspname = 'storage' AND c.relname = 'objects'))
 ORDER BY 1, 2, 3`;

export const FUNCTIONS_SQL = `
SELECT n.nspname AS schema, p.proname AS name,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_catalog.oidvectortypes(p.proargtypes) AS argument_types,
       CASE WHEN p.prokind IN ('f', 'w') THEN pg_catalog.pg_get_function_result(p.oid) END AS result_type,
       p.prokind::text AS kind, l.lanname AS language, p.provolatile::text AS volatility,
       p.prosecdef AS security_definer, to_json(coalesce(p.proconfig, '{}'::text[])) AS config,
       pg_catalog.pg_get_userbyid(p.proowner) AS owner,
       (l.lanname = 'plpgsql' AND p.prosrc ~* '\\mexecute\\M(?!\\s+(function|procedure)\\M)') AS dynamic_sql,
       CASE WHEN p.prosecdef THEN
         (SELECT to_json(coalesce(array_agg(r.rolname::text ORDER BY r.rolname), '{}'::text[]))
            FROM pg_catalog.pg_roles r
           WHERE NOT r.rolsuper AND r.oid <> p.proowner AND r.rolname !~ '^pg_'
             AND pg_catalog.has_function_privilege(r.oid, p.oid, 'EXECUTE'))
       END AS executable_by
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
 WHERE ${userSchema('n')} AND ${notExt('pg_proc', 'p.oid')}
 ORDER BY 1, 2, 3`;

export const EXTENSIONS_SQL = `
SELECT e.extname AS name, n.nspname AS schema, e.extversion AS installed_version,
       a.default_version, e.extrelocatable AS relocatable,
       EXISTS (SELECT 1 FROM pg_catalog.pg_available_extension_versions v
                WHERE v.name = e.extname AND v.version = e.extversion) AS installed_version_available
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
  LEFT JOIN pg_catalog.pg_available_extensions a ON a.name = e.extname
 ORDER BY 1`;

export const ROLES_SQL = `
SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass_rls, r.rolcanlogin AS can_login,
       r.rolinherit AS inherit, r.rolcreaterole AS create_role, r.rolcreatedb AS create_db,
       to_json(ARRAY(SELECT g.rolname FROM pg_catalog.pg_auth_members m
                       JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                      WHERE m.member = r.oid ORDER BY 1)) AS member_of
  FROM pg_catalog.pg_roles r
 WHERE r.rolname IN ('anon', 'authenticated', 'service_role', 'authenticator', 'postgres',
                     'supabase_admin', 'dashboard_user', current_user)
    OR r.oid IN (SELECT c.relowner FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relkind IN ${RELKINDS} AND ${userSchema('n')})
    OR r.oid IN (SELECT unnest(p.polroles) FROM pg_catalog.pg_policy p)
 ORDER BY 1`;

const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];

export const TABLE_PRIVILEGES_SQL = `
SELECT * FROM (
  SELECT n.nspname AS schema, c.relname AS name, r.rolname AS grantee,
         to_json(array_remove(ARRAY[${TABLE_PRIVILEGES.map(
           p =>
             `CASE WHEN has_table_privilege(r.oid, c.oid, '${p}') THEN '${p}' END`,
         ).join(', ')}], NULL)) AS privileges
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   CROSS JOIN ${API_ROLES_SQL} r
   WHERE c.relkind IN ${RELKINDS} AND ${USER_OR_QUEUE('n')} AND ${notExt(
  'pg_class',
  'c.oid',
)}
  UNION ALL
  SELECT n.nspname, c.relname, 'PUBLIC', to_json(array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type))
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   CROSS JOIN LATERAL aclexplode(c.relacl) a
   WHERE a.grantee = 0 AND c.relkind IN ${RELKINDS} AND ${USER_OR_QUEUE(
  'n',
)} AND ${notExt('pg_class', 'c.oid')}
   GROUP BY 1, 2
) t WHERE json_array_length(t.privileges) > 0
ORDER BY 1, 2, 3`;

// Column-level grants only exist where attacl is set; table-level grants cover the rest.
export const COLUMN_PRIVILEGES_SQL = `
SELECT * FROM (
  SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, r.rolname AS grantee,
         to_json(array_remove(ARRAY[${['SELECT', 'INSERT', 'UPDATE']
           .map(
             p =>
               `CASE WHEN has_column_privilege(r.oid, c.oid, a.attnum, '${p}') THEN '${p}' END`,
           )
           .join(', ')}], NULL)) AS privileges
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   CROSS JOIN ${API_ROLES_SQL} r
   WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
     AND c.relkind IN ${RELKINDS} AND ${userSchema('n')}
  UNION ALL
  SELECT n.nspname, c.relname, a.attname, 'PUBLIC', to_json(array_agg(DISTINCT x.privilege_type ORDER BY x.privilege_type))
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   CROSS JOIN LATERAL aclexplode(a.attacl) x
   WHERE x.grantee = 0 AND a.attnum > 0 AND NOT a.attisdropped
     AND c.relkind IN ${RELKINDS} AND ${userSchema('n')}
   GROUP BY 1, 2, 3
) t WHERE json_array_length(t.privileges) > 0
ORDER BY 1, 2, 3, 4`;

export const FUNCTION_PRIVILEGES_SQL = `
SELECT n.nspname AS schema, p.proname AS name,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments, r.rolname AS grantee
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 CROSS JOIN ${API_ROLES_SQL} r
 WHERE has_function_privilege(r.oid, p.oid, 'EXECUTE')
   AND ${userSchema('n')} AND ${notExt('pg_proc', 'p.oid')}
UNION ALL
SELECT n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), 'PUBLIC'
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) x WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE'))
   AND ${userSchema('n')} AND ${notExt('pg_proc', 'p.oid')}
ORDER BY 1, 2, 3, 4`;

export const VIEW_DEPENDENCIES_SQL = `
SELECT DISTINCT vn.nspname AS schema, v.relname AS name, rn.nspname AS referenced_schema, r.relname AS referenced_name
  FROM pg_catalog.pg_rewrite rw
  JOIN pg_catalog.pg_class v ON v.oid = rw.ev_class
  JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
                             AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> v.oid
  JOIN pg_catalog.pg_class r ON r.oid = d.refobjid
  JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
 WHERE v.relkind IN ('v', 'm') AND ${userSchema('vn')} AND ${notExt(
  'pg_class',
  'v.oid',
)}
 ORDER BY 1, 2, 3, 4`;

export const STORAGE_BUCKETS_SQL = `
SELECT b.id::text AS id, b.name::text AS name, coalesce(b.public, false) AS public
  FROM storage.buckets b ORDER BY 1`;
