import { ConnectorType } from '@platform-kit/plugin-platform-kit-node';
import { N8nConnector } from './connector/N8nConnector';
import {
  N8nConnectorOptions,
  n8nConnectorOptionsSchema,
} from './connector/options';

/**
 * The `n8n` connector type: what a `kind: connector` target with
 * `connector: n8n` is validated and built with. The API key is its secret.
 *
 * @public
 */
export const n8nConnectorType: ConnectorType<N8nConnectorOptions> = {
  kind: 'n8n',
  optionsSchema: n8nConnectorOptionsSchema,
  secrets: options => [options.apiKey],
  create: (id, options) => new N8nConnector({ id, ...options }),
};
