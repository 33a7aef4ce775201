import { createConnectorModule } from '@platform-kit/plugin-platform-kit-node';
import { n8nConnectorType } from './connectorType';

/**
 * Adds the `n8n` connector type to the Platform Kit control plane.
 *
 * @example
 * ```ts
 * backend.add(import('@platform-kit/plugin-platform-kit-backend-module-n8n'));
 * ```
 *
 * @public
 */
export const platformKitModuleN8n = createConnectorModule({
  moduleId: 'n8n',
  connectorType: n8nConnectorType,
});
