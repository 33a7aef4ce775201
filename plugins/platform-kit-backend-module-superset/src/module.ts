import { createConnectorModule } from '@platform-kit/plugin-platform-kit-node';
import {
  SupersetConnector,
  SupersetConnectorOptions,
  supersetConnectorOptionsSchema,
} from './connector';

/**
 * The `superset` connector type, as the control plane runs it.
 *
 * @public
 */
export const supersetConnectorType = {
  kind: 'superset',
  optionsSchema: supersetConnectorOptionsSchema,
  secrets: (options: SupersetConnectorOptions) => [options.password],
  create: (id: string, options: SupersetConnectorOptions) =>
    new SupersetConnector({ id, ...options }),
};

/**
 * Registers the `superset` connector type with the Platform Kit control
 * plane (targets with `kind: connector`, `connector: superset`).
 *
 * @public
 */
export const platformKitModuleSuperset = createConnectorModule({
  moduleId: 'superset',
  connectorType: supersetConnectorType,
});
