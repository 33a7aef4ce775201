import {
  DependantKind,
  Inventory,
  inventorySchema,
} from '@platform-kit/plugin-platform-kit-common';
import { QueryFn, ReadOnlyOptions, SqlExecutor } from '../executor/types';
import { resolveExposedSchemas } from './exposedSchemas';
import { DEPENDANTS_SQL } from './dependantsQuery';
import * as q from './queries';
import { bool, json, num, str, strOrNull } from './rows';

/** @public */
export interface IntrospectOptions extends ReadOnlyOptions {
  /** Exposed (API) schemas; resolved from the database when omitted. */
  exposedSchemas?: string[];
  /** Receives one line per catalog query, for progress output. */
  onProgress?: (step: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

type Row = Record<string, any>;

const RELKIND = {
  r: 'table',
  p: 'partitioned_table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign_table',
} as const;
const CONTYPE = {
  p: 'primary_key',
  u: 'unique',
  f: 'foreign_key',
  c: 'check',
  x: 'exclusion',
  t: 'trigger',
  n: 'not_null',
} as const;
const POLCMD = {
  '*': 'ALL',
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
} as const;
const PROKIND = {
  f: 'function',
  p: 'procedure',
  a: 'aggregate',
  w: 'window',
} as const;
const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

const escapeRegex = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The clauses of a policy whose text calls the routine `name` (both when neither names it plainly). */
function policyClauses(
  name: string,
  using: string | null,
  withCheck: string | null,
): ('using' | 'with_check')[] {
  const call = new RegExp(
    `(^|[^A-Za-z0-9_$"])"?${escapeRegex(name)}"?\\s*\\(`,
    'i',
  );
  const clauses: ('using' | 'with_check')[] = [];
  if (using !== null && call.test(using)) clauses.push('using');
  if (withCheck !== null && call.test(withCheck)) clauses.push('with_check');
  if (clauses.length) return clauses;
  return [
    ...(using !== null ? (['using'] as const) : []),
    ...(withCheck !== null ? (['with_check'] as const) : []),
  ];
}

function searchPathOf(config: string[]): string | null {
  const entry = config.find(c => c.startsWith('search_path='));
  return entry === undefined ? null : entry.slice('search_path='.length);
}

async function collect(query: QueryFn, options: IntrospectOptions) {
  const run = async (step: string, sql: string) => {
    options.onProgress?.(step);
    return query<Row>(sql);
  };
  const [server] = await run('server', q.SERVER_SQL);
  return {
    server,
    schemas: await run('schemas', q.SCHEMAS_SQL),
    relations: await run('relations', q.RELATIONS_SQL),
    columns: await run('columns', q.COLUMNS_SQL),
    indexes: await run('indexes', q.INDEXES_SQL),
    constraints: await run('constraints', q.CONSTRAINTS_SQL),
    policies: await run('policies', q.POLICIES_SQL),
    functions: await run('functions', q.FUNCTIONS_SQL),
    extensions: await run('extensions', q.EXTENSIONS_SQL),
    roles: await run('roles', q.ROLES_SQL),
    tablePrivileges: await run('table privileges', q.TABLE_PRIVILEGES_SQL),
    columnPrivileges: await run('column privileges', q.COLUMN_PRIVILEGES_SQL),
    functionPrivileges: await run(
      'function privileges',
      q.FUNCTION_PRIVILEGES_SQL,
    ),
    viewDependencies: await run('view dependencies', q.VIEW_DEPENDENCIES_SQL),
    dependants: await run('dependants', DEPENDANTS_SQL),
    storageBuckets: bool(server.can_read_buckets)
      ? await run('storage buckets', q.STORAGE_BUCKETS_SQL)
      : null,
  };
}

/**
 * Reads one inventory snapshot of the database behind `executor`, read-only,
 * with one catalog query per object kind.
 *
 * @public
 */
export async function introspect(
  executor: SqlExecutor,
  options: IntrospectOptions = {},
): Promise<Inventory> {
  const raw = await executor.readOnly(
    query => collect(query, options),
    options,
  );
  const exposed = resolveExposedSchemas({
    option: options.exposedSchemas,
    authenticatorDbConfig: json(raw.server.authenticator_db_config, null),
    authenticatorConfig: json(raw.server.authenticator_config, null),
    sessionDbSchemas: strOrNull(raw.server.session_db_schemas),
  });
  const exposedSet = new Set(exposed.schemas);

  const inventory: Inventory = {
    formatVersion: 1,
    capturedAt: (options.now?.() ?? new Date()).toISOString(),
    server: {
      version: str(raw.server.version),
      versionNum: num(raw.server.version_num),
      database: str(raw.server.database),
      currentUser: str(raw.server.current_user),
      settings: json(raw.server.settings, {}),
      statsReset: strOrNull(raw.server.stats_reset),
    },
    exposedSchemas: exposed,
    schemas: raw.schemas.map(r => ({
      name: str(r.name),
      owner: str(r.owner),
      comment: strOrNull(r.comment),
      exposed: exposedSet.has(str(r.name)),
    })),
    relations: raw.relations.map(r => ({
      schema: str(r.schema),
      name: str(r.name),
      kind: RELKIND[r.kind as keyof typeof RELKIND],
      owner: str(r.owner),
      rlsEnabled: bool(r.rls_enabled),
      rlsForced: bool(r.rls_forced),
      estimatedRows: num(r.estimated_rows),
      hasPrimaryKey: bool(r.has_primary_key),
      isPartition: bool(r.is_partition),
      comment: strOrNull(r.comment),
      securityInvoker:
        r.security_invoker === null || r.security_invoker === undefined
          ? null
          : bool(r.security_invoker),
      sizeBytes: num(r.size_bytes),
      liveTuples: num(r.live_tuples),
      deadTuples: num(r.dead_tuples),
      bloatRatio: num(r.bloat_ratio),
      bloatBytes: num(r.bloat_bytes),
      managed: bool(r.managed),
    })),
    columns: raw.columns.map(r => ({
      schema: str(r.schema),
      table: str(r.table),
      name: str(r.name),
      position: num(r.position),
      type: str(r.type),
      baseType: str(r.base_type),
      notNull: bool(r.not_null),
      default: strOrNull(r.default),
    })),
    indexes: raw.indexes.map(r => ({
      schema: str(r.schema),
      table: str(r.table),
      name: str(r.name),
      definition: str(r.definition),
      keys: json<number[]>(r.keys, []).map(num),
      unique: bool(r.unique),
      primary: bool(r.primary),
      valid: bool(r.valid),
      partial: bool(r.partial),
      scans: num(r.scans),
      sizeBytes: num(r.size_bytes),
      constraint: strOrNull(r.constraint),
      comment: strOrNull(r.comment),
    })),
    constraints: raw.constraints.map(r => ({
      schema: str(r.schema),
      table: str(r.table),
      name: str(r.name),
      type: CONTYPE[r.type as keyof typeof CONTYPE],
      keys: json<number[]>(r.keys, []).map(num),
      definition: str(r.definition),
      validated: bool(r.validated),
      references:
        r.type === 'f'
          ? {
              schema: str(r.ref_schema),
              table: str(r.ref_table),
              keys: json<number[]>(r.ref_keys, []).map(num),
              indexKind: (r.ref_index_kind ?? 'other') as
                | 'primary_key'
                | 'unique'
                | 'other',
            }
          : null,
    })),
    policies: raw.policies.map(r => ({
      schema: str(r.schema),
      table: str(r.table),
      name: str(r.name),
      command: POLCMD[r.command as keyof typeof POLCMD],
      permissive: bool(r.permissive),
      roles: json<string[]>(r.roles, []),
      using: strOrNull(r.using),
      withCheck: strOrNull(r.with_check),
    })),
    functions: raw.functions.map(r => {
      const config = json<string[]>(r.config, []);
      return {
        schema: str(r.schema),
        name: str(r.name),
        identityArguments: str(r.identity_arguments),
        resultType: strOrNull(r.result_type),
        kind: PROKIND[r.kind as keyof typeof PROKIND],
        language: str(r.language),
        volatility: VOLATILITY[r.volatility as keyof typeof VOLATILITY],
        securityDefiner: bool(r.security_definer),
        config,
        searchPath: searchPathOf(config),
        owner: str(r.owner),
        dynamicSql: bool(r.dynamic_sql),
        argumentTypes: strOrNull(r.argument_types),
        executableBy:
          r.executable_by === null || r.executable_by === undefined
            ? null
            : json<string[]>(r.executable_by, []),
      };
    }),
    extensions: raw.extensions.map(r => ({
      name: str(r.name),
      schema: str(r.schema),
      installedVersion: str(r.installed_version),
      defaultVersion: strOrNull(r.default_version),
      installedVersionAvailable: bool(r.installed_version_available),
      relocatable: bool(r.relocatable),
    })),
    roles: raw.roles.map(r => ({
      name: str(r.name),
      superuser: bool(r.superuser),
      bypassRls: bool(r.bypass_rls),
      canLogin: bool(r.can_login),
      inherit: bool(r.inherit),
      createRole: bool(r.create_role),
      createDb: bool(r.create_db),
      memberOf: json<string[]>(r.member_of, []),
    })),
    privileges: {
      tables: raw.tablePrivileges.map(r => ({
        schema: str(r.schema),
        name: str(r.name),
        grantee: str(r.grantee) as 'anon' | 'authenticated' | 'PUBLIC',
        privileges: json<string[]>(r.privileges, []),
      })),
      columns: raw.columnPrivileges.map(r => ({
        schema: str(r.schema),
        table: str(r.table),
        column: str(r.column),
        grantee: str(r.grantee) as 'anon' | 'authenticated' | 'PUBLIC',
        privileges: json<string[]>(r.privileges, []),
      })),
      functions: raw.functionPrivileges.map(r => ({
        schema: str(r.schema),
        name: str(r.name),
        identityArguments: str(r.identity_arguments),
        grantee: str(r.grantee) as 'anon' | 'authenticated' | 'PUBLIC',
      })),
    },
    viewDependencies: raw.viewDependencies.map(r => ({
      schema: str(r.schema),
      name: str(r.name),
      referencedSchema: str(r.referenced_schema),
      referencedName: str(r.referenced_name),
    })),
    dependants: raw.dependants.map(r => ({
      on: {
        kind: str(r.on_kind) as 'function' | 'table',
        schema: str(r.on_schema),
        name: str(r.on_name),
        identityArguments: strOrNull(r.on_args),
      },
      kind: str(r.kind) as DependantKind,
      schema: str(r.schema),
      name: str(r.name),
      table: strOrNull(r.table),
      column: strOrNull(r.column),
      identityArguments: strOrNull(r.identity_arguments),
      command:
        r.command === null || r.command === undefined
          ? null
          : POLCMD[r.command as keyof typeof POLCMD],
      roles: json<string[]>(r.roles, []),
      clauses:
        str(r.kind) === 'policy'
          ? policyClauses(
              str(r.on_name),
              strOrNull(r.using_expr),
              strOrNull(r.check_expr),
            )
          : [],
      source: str(r.source) as 'catalog' | 'body',
    })),
    storageBuckets: raw.storageBuckets
      ? raw.storageBuckets.map(r => ({
          id: str(r.id),
          name: str(r.name),
          public: bool(r.public),
        }))
      : null,
  };
  return inventorySchema.parse(inventory);
}
