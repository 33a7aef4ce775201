/**
 * The Platform Kit engine: introspection of PostgreSQL / Supabase databases
 * and the lint rules over their inventory.
 *
 * @packageDocumentation
 */
export type { SqlExecutor, QueryFn, ReadOnlyOptions } from './executor/types';
export { TargetError, DEFAULT_STATEMENT_TIMEOUT_MS } from './executor/types';
export { PgExecutor } from './executor/pgExecutor';
export { SupabaseManagementApiExecutor } from './executor/supabaseManagementApiExecutor';
export type { SupabaseManagementApiOptions } from './executor/supabaseManagementApiExecutor';
export {
  redactSecrets,
  describeConnectionString,
  connectionStringSecrets,
} from './executor/redact';
export { introspect } from './introspection/introspect';
export type { IntrospectOptions } from './introspection/introspect';
export { MANAGED_SCHEMAS } from './introspection/managedSchemas';
export { runLints, lintCatalogue } from './lint/runLints';
export type {
  RunLintsOptions,
  LintResult,
  LintNote,
  SuppressedFinding,
} from './lint/runLints';
export { LINT_RULES } from './lint/rules';
export type { LintRule, Detection } from './lint/types';
export type { InventoryIndex } from './lint/inventoryIndex';
export { evaluateParity, applyExemptions } from './parity/evaluateParity';
export type { ParityInput, Exemption } from './parity/evaluateParity';
export { applyOpsMigrations, listOpsMigrations } from './store/opsMigrations';
export type { MigrationClient } from './store/opsMigrations';
export type { RepositorySource } from './repository/repositorySource';
export { collectRepositoryFacts } from './repository/repositoryFacts';
export type { RepositoryFacts } from './repository/repositoryFacts';
export {
  analyseSpecBundle,
  REQUIRED_SPEC_SECTIONS,
  SPEC_FILE_KINDS,
} from './repository/specBundle';
export type {
  AnalyseSpecBundleOptions,
  SpecBundleAnalysis,
  SpecBundleReport,
  SpecFileKind,
  SpecFileReport,
} from './repository/specBundle';
export type { FactSet } from './repository/factSet';
export { LocalRepositorySource } from './repository/localRepositorySource';
export { GithubRepositorySource } from './repository/githubRepositorySource';
export type { GithubRepositorySourceOptions } from './repository/githubRepositorySource';
export { GithubApiError } from './repository/githubClient';
export type {
  GithubClientOptions,
  GithubRateLimitKind,
} from './repository/githubClient';
export * from './remediation';
export * from './connectors/connectorTypes';
export * from './governance';
