/**
 * For tests only: a stand-in Superset server that follows Superset's REST
 * API and checks every request and response against Platform Kit's contract
 * of the endpoints the connector calls (`contracts/superset-rest-api.yaml`
 * of this package, written from Superset's published OpenAPI document).
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
export {
  loadSupersetContract,
  supersetContractPath,
  SUPERSET_OPERATIONS,
} from './contract';
export type { SupersetOperation } from './contract';
