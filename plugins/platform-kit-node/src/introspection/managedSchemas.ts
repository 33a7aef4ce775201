/**
 * Schemas that Supabase (or PostgreSQL, or well-known extensions) manage. Like
 * Supabase's linter, the engine leaves their objects out of the inventory.
 *
 * @public
 */
export const MANAGED_SCHEMAS = [
  '_timescaledb_cache',
  '_timescaledb_catalog',
  '_timescaledb_config',
  '_timescaledb_internal',
  'auth',
  'cron',
  'extensions',
  'graphql',
  'graphql_public',
  'information_schema',
  'net',
  'pgbouncer',
  'pg_catalog',
  'pgmq',
  'pgroonga',
  'pgsodium',
  'pgsodium_masks',
  'pgtle',
  'realtime',
  'repack',
  'storage',
  'supabase_functions',
  'supabase_migrations',
  'tiger',
  'topology',
  'vault',
] as const;

/** SQL predicate: the namespace aliased `alias` is a user schema. */
export function userSchemaPredicate(alias: string): string {
  const list = MANAGED_SCHEMAS.map(s => `'${s}'`).join(', ');
  return `(${alias}.nspname <> ALL (ARRAY[${list}]) AND ${alias}.nspname NOT LIKE 'pg\\_toast%' AND ${alias}.nspname NOT LIKE 'pg\\_temp\\_%')`;
}

/** SQL predicate: the object `oid` of catalog `catalog` is not owned by an extension. */
export function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;
}
