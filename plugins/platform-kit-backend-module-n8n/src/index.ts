/**
 * The n8n connector for Platform Kit: workflows, tags and active state from
 * the n8n Public API, health from `/healthz` and `/healthz/readiness`.
 *
 * A stand-in n8n server for tests is exported separately from
 * `@platform-kit/plugin-platform-kit-backend-module-n8n/testing`.
 *
 * @packageDocumentation
 */
export { platformKitModuleN8n as default } from './module';
export { n8nConnectorType } from './connectorType';
export { N8nConnector } from './connector/N8nConnector';
export type {
  N8nConnectorConfig,
  N8nConnectorTransport,
} from './connector/N8nConnector';
export {
  n8nConnectorOptionsSchema,
  parseN8nConnectorOptions,
  N8N_MAX_PAGE_SIZE,
} from './connector/options';
export type {
  N8nConnectorOptions,
  N8nConnectorOptionsInput,
} from './connector/options';
export {
  N8nApiError,
  N8N_API_KEY_HEADER,
  N8N_REQUIRED_SCOPES,
} from './connector/N8nApi';
export { CLEARLY_WRONG_API_KEY } from './connector/contractTests';
export {
  HAS_TAG_RELATION,
  workflowItemId,
  tagItemId,
  workflowUrl,
} from './connector/mapping';
