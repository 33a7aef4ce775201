import { createBackendModule } from '@backstage/backend-plugin-api';
import { platformKitConnectorsExtensionPoint } from '@platform-kit/plugin-platform-kit-node';
import { n8nConnectorType } from './connectorType';

/**
 * Adds the `n8n` connector type to the Platform Kit control plane.
 *
 * @example
 * ```ts
 * backend.add(import('@platform-kit/plugin-platform-kit-backend-module-n8n'));
 * ```
 */
export const platformKitModuleN8n = createBackendModule({
  pluginId: 'platform-kit',
  moduleId: 'n8n',
  register(reg) {
    reg.registerInit({
      deps: { connectors: platformKitConnectorsExtensionPoint },
      async init({ connectors }) {
        connectors.addConnectorType(n8nConnectorType);
      },
    });
  },
});
