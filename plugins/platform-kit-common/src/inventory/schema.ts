import { z } from 'zod';

/**
 * Roles whose effective privileges an inventory records.
 *
 * @public
 */
export const API_GRANTEES = ['anon', 'authenticated', 'PUBLIC'] as const;
/** @public */
export const granteeSchema = z.enum(API_GRANTEES);
/** @public */
export type Grantee = z.infer<typeof granteeSchema>;

/** @public */
export const relationKindSchema = z.enum([
  'table',
  'partitioned_table',
  'view',
  'materialized_view',
  'foreign_table',
]);
/** @public */
export type RelationKind = z.infer<typeof relationKindSchema>;

/** @public */
export const exposedSchemasSourceSchema = z.enum([
  'option',
  'authenticator_role',
  'session',
  'default',
]);

/** @public */
export const serverSchema = z.object({
  version: z.string(),
  versionNum: z.number().int(),
  database: z.string(),
  currentUser: z.string(),
  settings: z.record(z.string(), z.string()),
  /** When this database's statistics were last reset (ISO time); null when never or unknown. */
  statsReset: z.string().nullable().default(null),
});

/** @public */
export const schemaInfoSchema = z.object({
  name: z.string(),
  owner: z.string(),
  comment: z.string().nullable(),
  exposed: z.boolean(),
});

/** @public */
export const relationSchema = z.object({
  schema: z.string(),
  name: z.string(),
  kind: relationKindSchema,
  owner: z.string(),
  rlsEnabled: z.boolean(),
  rlsForced: z.boolean(),
  estimatedRows: z.number(),
  hasPrimaryKey: z.boolean(),
  isPartition: z.boolean(),
  comment: z.string().nullable(),
  /** Views only: `security_invoker` reloption (PostgreSQL 15+); null for other kinds. */
  securityInvoker: z.boolean().nullable(),
  sizeBytes: z.number(),
  liveTuples: z.number(),
  deadTuples: z.number(),
  /** Estimated pages / expected pages from planner statistics; 0 when unknown. */
  bloatRatio: z.number(),
  /** Estimated bytes lost to bloat. */
  bloatBytes: z.number(),
  /** In a Supabase-managed schema, kept only for managed-object lints (pgmq queues). */
  managed: z.boolean(),
});

/** @public */
export const columnSchema = z.object({
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  position: z.number().int(),
  type: z.string(),
  /** Name of the base type in pg_catalog (e.g. `regproc`), used by type lints. */
  baseType: z.string(),
  notNull: z.boolean(),
  default: z.string().nullable(),
});

/** @public */
export const indexSchema = z.object({
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  definition: z.string(),
  /** Column positions (attnum) in index order; 0 for an expression. */
  keys: z.array(z.number().int()),
  unique: z.boolean(),
  primary: z.boolean(),
  valid: z.boolean(),
  partial: z.boolean(),
  scans: z.number(),
  sizeBytes: z.number(),
  /** Backs a constraint (primary key, unique, exclusion). */
  constraint: z.string().nullable(),
  /** The index's comment (remediation marks the indexes it creates there). */
  comment: z.string().nullable().default(null),
});

/** @public */
export const constraintSchema = z.object({
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  type: z.enum([
    'primary_key',
    'unique',
    'foreign_key',
    'check',
    'exclusion',
    'trigger',
    'not_null',
  ]),
  /** Column positions (attnum) of the constrained columns. */
  keys: z.array(z.number().int()),
  definition: z.string(),
  validated: z.boolean(),
  references: z
    .object({
      schema: z.string(),
      table: z.string(),
      keys: z.array(z.number().int()),
      /** Kind of the index the foreign key points at. */
      indexKind: z.enum(['primary_key', 'unique', 'other']),
    })
    .nullable(),
});

/** @public */
export const policyCommandSchema = z.enum([
  'ALL',
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
]);

/** @public */
export const policySchema = z.object({
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  command: policyCommandSchema,
  permissive: z.boolean(),
  /** Role names; `public` when the policy applies to every role. */
  roles: z.array(z.string()),
  using: z.string().nullable(),
  withCheck: z.string().nullable(),
});

/** @public */
export const functionSchema = z.object({
  schema: z.string(),
  name: z.string(),
  identityArguments: z.string(),
  resultType: z.string().nullable(),
  kind: z.enum(['function', 'procedure', 'aggregate', 'window']),
  language: z.string(),
  volatility: z.enum(['immutable', 'stable', 'volatile']),
  securityDefiner: z.boolean(),
  /** `proconfig` entries, e.g. `search_path=""`. */
  config: z.array(z.string()),
  /** The function's own search_path setting, or null when it inherits the caller's. */
  searchPath: z.string().nullable(),
  owner: z.string(),
  /** A plpgsql body that runs `EXECUTE` (dynamic SQL). */
  dynamicSql: z.boolean(),
  /**
   * For SECURITY DEFINER functions: every role (superusers and the owner
   * left out) that passes `has_function_privilege(role, fn, 'EXECUTE')`.
   * Null when not captured (other functions, or an older scan).
   */
  executableBy: z.array(z.string()).nullable().default(null),
  /** The argument types only (`oidvectortypes`), e.g. `uuid, text`; null when not captured (an older scan). */
  argumentTypes: z.string().nullable().default(null),
});

/** @public */
export const extensionSchema = z.object({
  name: z.string(),
  schema: z.string(),
  installedVersion: z.string(),
  defaultVersion: z.string().nullable(),
  /** The installed version still has its scripts (false after some pg_upgrade runs). */
  installedVersionAvailable: z.boolean(),
  relocatable: z.boolean(),
});

/** @public */
export const roleSchema = z.object({
  name: z.string(),
  superuser: z.boolean(),
  bypassRls: z.boolean(),
  canLogin: z.boolean(),
  inherit: z.boolean(),
  createRole: z.boolean(),
  createDb: z.boolean(),
  memberOf: z.array(z.string()),
});

/** @public */
export const tablePrivilegeSchema = z.object({
  schema: z.string(),
  name: z.string(),
  grantee: granteeSchema,
  privileges: z.array(z.string()),
});

/** @public */
export const columnPrivilegeSchema = z.object({
  schema: z.string(),
  table: z.string(),
  column: z.string(),
  grantee: granteeSchema,
  privileges: z.array(z.string()),
});

/** @public */
export const functionPrivilegeSchema = z.object({
  schema: z.string(),
  name: z.string(),
  identityArguments: z.string(),
  grantee: granteeSchema,
});

/** @public */
export const viewDependencySchema = z.object({
  schema: z.string(),
  name: z.string(),
  referencedSchema: z.string(),
  referencedName: z.string(),
});

/**
 * What a dependant uses: a function (with its identity arguments) or a table.
 *
 * @public
 */
export const dependencyTargetSchema = z.object({
  kind: z.enum(['function', 'table']),
  schema: z.string(),
  name: z.string(),
  /** A function's identity arguments (`''` for none); null for a table. */
  identityArguments: z.string().nullable(),
});

/** @public */
export const dependantKindSchema = z.enum([
  'policy',
  'view',
  'materialized_view',
  'column_default',
  'generated_column',
  'check_constraint',
  'trigger',
  'routine',
  'publication',
]);

/**
 * An object that uses a function or a table: from `pg_depend` (exact, by
 * OID) or from a routine body that names it (`source: 'body'`, by text).
 *
 * @public
 */
export const dependantSchema = z.object({
  on: dependencyTargetSchema,
  kind: dependantKindSchema,
  /** The dependant's schema (a publication's: ''). */
  schema: z.string(),
  /** A policy's, view's, trigger's, routine's or publication's name; a default's or generated column's table. */
  name: z.string(),
  /** The table of a policy, default, generated column or trigger. */
  table: z.string().nullable(),
  /** The column of a default or a generated column. */
  column: z.string().nullable(),
  /** A routine's identity arguments. */
  identityArguments: z.string().nullable(),
  /** A policy's command (ALL, SELECT, INSERT, UPDATE, DELETE). */
  command: z.string().nullable().default(null),
  /** A policy's roles (`public` for every role). */
  roles: z.array(z.string()).default([]),
  /** The clauses of a policy that call the function. */
  clauses: z.array(z.enum(['using', 'with_check'])).default([]),
  source: z.enum(['catalog', 'body']),
});

/** @public */
export const storageBucketSchema = z.object({
  id: z.string(),
  name: z.string(),
  public: z.boolean(),
});

/**
 * One read-only snapshot of a PostgreSQL / Supabase database: what the lint
 * rules and parity evaluation decide on. Objects owned by extensions and by
 * Supabase-managed schemas are left out, as Supabase's linter leaves them out.
 *
 * @public
 */
export const inventorySchema = z.object({
  formatVersion: z.literal(1),
  capturedAt: z.string(),
  server: serverSchema,
  exposedSchemas: z.object({
    schemas: z.array(z.string()),
    source: exposedSchemasSourceSchema,
  }),
  schemas: z.array(schemaInfoSchema),
  relations: z.array(relationSchema),
  columns: z.array(columnSchema),
  indexes: z.array(indexSchema),
  constraints: z.array(constraintSchema),
  policies: z.array(policySchema),
  functions: z.array(functionSchema),
  extensions: z.array(extensionSchema),
  roles: z.array(roleSchema),
  privileges: z.object({
    tables: z.array(tablePrivilegeSchema),
    columns: z.array(columnPrivilegeSchema),
    functions: z.array(functionPrivilegeSchema),
  }),
  viewDependencies: z.array(viewDependencySchema),
  /** What uses the functions and tables of user schemas; null when not captured (an older scan). */
  dependants: z.array(dependantSchema).nullable().default(null),
  /** Null when the database has no `storage.buckets` table. */
  storageBuckets: z.array(storageBucketSchema).nullable(),
});

/** @public */
export type Inventory = z.infer<typeof inventorySchema>;
/** @public */
export type SchemaInfo = z.infer<typeof schemaInfoSchema>;
/** @public */
export type Relation = z.infer<typeof relationSchema>;
/** @public */
export type Column = z.infer<typeof columnSchema>;
/** @public */
export type Index = z.infer<typeof indexSchema>;
/** @public */
export type Constraint = z.infer<typeof constraintSchema>;
/** @public */
export type Policy = z.infer<typeof policySchema>;
/** @public */
export type DbFunction = z.infer<typeof functionSchema>;
/** @public */
export type Extension = z.infer<typeof extensionSchema>;
/** @public */
export type Role = z.infer<typeof roleSchema>;
/** @public */
export type TablePrivilege = z.infer<typeof tablePrivilegeSchema>;
/** @public */
export type ColumnPrivilege = z.infer<typeof columnPrivilegeSchema>;
/** @public */
export type FunctionPrivilege = z.infer<typeof functionPrivilegeSchema>;
/** @public */
export type ViewDependency = z.infer<typeof viewDependencySchema>;
/** @public */
export type DependencyTarget = z.infer<typeof dependencyTargetSchema>;
/** @public */
export type DependantKind = z.infer<typeof dependantKindSchema>;
/** @public */
export type Dependant = z.infer<typeof dependantSchema>;
/** @public */
export type StorageBucket = z.infer<typeof storageBucketSchema>;
