/**
 * For tests only: a stand-in Superset server that follows Superset's
 * OpenAPI document and checks every request and response against it.
 *
 * @packageDocumentation
 */
export { startSupersetServer } from './supersetServer';
export type {
  SupersetEpisode,
  SupersetRecordedRequest,
  SupersetServer,
  SupersetServerOptions,
} from './supersetServer';
export { generateSupersetFixture } from './fixtures';
export type {
  SupersetChartFixture,
  SupersetDashboardFixture,
  SupersetDatasetFixture,
  SupersetFixture,
  SupersetUserFixture,
} from './fixtures';
export { SupersetSpecValidator, SUPERSET_OPERATIONS } from './specValidator';
export type { SupersetOperation } from './specValidator';
export { supersetSpecPath } from './specs';
