/**
 * Test utilities of the n8n connector, for this and other packages' tests:
 * a stand-in n8n server that follows the n8n Public API v1 and checks every
 * request and response against Platform Kit's contract of the endpoints the
 * connector calls (`contracts/n8n-public-api.yaml` of this package, written
 * from n8n's published OpenAPI document). A separate entry point, not
 * loaded by the module itself.
 *
 * @packageDocumentation
 */
export {
  startN8nServer,
  ALL_SCOPES,
  N8N_DEFAULT_LIMIT,
  N8N_MAX_LIMIT,
} from './n8nServer';
export type {
  N8nServer,
  N8nServerOptions,
  N8nEpisode,
  N8nQuirks,
  N8nRecordedRequest,
} from './n8nServer';
export { manyWorkflows, DEFAULT_PROJECT } from './n8nFixtures';
export type {
  N8nWorkflowFixture,
  N8nTagFixture,
  N8nProjectFixture,
} from './n8nFixtures';
export { loadN8nContract, n8nContractPath } from './contract';
