import {
  ConnectorType,
  createConnectorModule,
} from '@platform-kit/plugin-platform-kit-node';
import { OdooConnector } from './OdooConnector';
import { OdooOptions, odooOptionsSchema } from './options';

/**
 * The `odoo` connector type: what `connector: odoo` targets are built with.
 *
 * @public
 */
export const odooConnectorType: ConnectorType<OdooOptions> = {
  kind: 'odoo',
  optionsSchema: odooOptionsSchema,
  secrets: options => [options.apiKey],
  create: (id, options) => new OdooConnector({ ...options, id }),
};

/**
 * Registers the Odoo connector with the Platform Kit control plane.
 *
 * @public
 */
export const platformKitModuleOdoo = createConnectorModule({
  moduleId: 'odoo',
  connectorType: odooConnectorType,
});
