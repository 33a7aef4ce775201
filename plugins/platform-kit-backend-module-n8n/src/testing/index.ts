/**
 * Test utilities of the n8n connector, for this and other packages' tests:
 * a stand-in n8n server that follows the n8n Public API v1 contract and
 * checks every request and response against the vendor's OpenAPI document.
 * A separate entry point, not loaded by the module itself; it reads the
 * vendor specs from `../shared/specs` beside the repository (or
 * `PLATFORM_KIT_SPECS_DIR`).
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
export { N8nOpenApiContract, n8nSpecPath } from './openApiContract';
