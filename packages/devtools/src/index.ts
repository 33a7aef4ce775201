/**
 * Development and test tooling for Platform Kit.
 *
 * @packageDocumentation
 */
export { createTestDatabase } from './testing/testDatabase';
export type { TestDatabase, TestDatabaseOptions } from './testing/testDatabase';
export { ensurePostgres } from './postgres/ensurePostgres';
export type {
  PostgresServer,
  EnsurePostgresOptions,
} from './postgres/ensurePostgres';
export { startEmbeddedPostgres } from './postgres/embeddedPostgres';
export { quoteIdent, withClient, withDatabase } from './postgres/connection';
export { createDatabase, dropDatabase } from './postgres/databases';
export { applySupabaseFixture, SUPABASE_API_ROLES } from './fixtures/supabase';
export {
  loadDemoProject,
  DEMO_DATABASE,
  demoProjectDir,
} from './fixtures/demo';
export { UserFacingError } from './util/fail';
export { findFreePort } from './util/ports';
export { repoRoot } from './postgres/repoPaths';
export { startGithubServer } from './testing/githubServer';
export {
  startGithubArchiveServer,
  githubTarball,
} from './testing/githubArchiveServer';
export type {
  GithubArchiveServer,
  GithubArchiveServerOptions,
  GithubArchiveRepo,
} from './testing/githubArchiveServer';
export type {
  GithubServer,
  GithubServerOptions,
  GithubRepoFixture,
  GithubEpisode,
  GithubRecordedRequest,
} from './testing/githubServer';
export {
  COMPLETE_SPEC_BUNDLE,
  WELL_GOVERNED_FILES,
  BARE_FILES,
  writeTempRepository,
} from './testing/repositoryFixtures';
export { parseSql, squawkLint, squawkBinary } from './testing/sqlChecks';
export {
  checkConfigSchema,
  checkConnectorConfigSchema,
  sampleFromJsonSchema,
} from './testing/configSchema';
export type {
  ConfigSchemaCheck,
  ConnectorConfigSchemaCheck,
} from './testing/configSchema';
export type { SquawkViolation } from './testing/sqlChecks';
export {
  corruptChunk,
  drawioPng,
  drawioXml,
  graphModel,
  writePng,
} from './testing/pngWriter';
export type { CellSpec, PageSpec, PngSpec } from './testing/pngWriter';
export { packPublishablePackages } from './pack/packPackages';
export type { PackOptions, PackedPackage } from './pack/packPackages';
