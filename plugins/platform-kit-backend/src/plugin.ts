import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { platformKitConnectorsExtensionPoint } from '@platform-kit/plugin-platform-kit-node';
import { platformKitPermissions } from '@platform-kit/plugin-platform-kit-common';
import { ConnectorRegistry } from './connectors/ConnectorRegistry';
import { createPlatformKitContext } from './context/createPlatformKitContext';
import { createPlatformKitRouter } from './routes/createPlatformKitRouter';

/**
 * The Platform Kit control plane: applies the ops store migrations, scans the
 * configured targets on schedule (once across replicas), and serves parity,
 * findings, inventory and scans under `/api/platform-kit`.
 *
 * @public
 */
export const platformKitPlugin = createBackendPlugin({
  pluginId: 'platform-kit',
  register(env) {
    // Connector types (n8n, Superset, Odoo, ...) come from backend modules.
    const connectors = new ConnectorRegistry();
    env.registerExtensionPoint(platformKitConnectorsExtensionPoint, connectors);
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init({ httpRouter, permissionsRegistry, ...deps }) {
        permissionsRegistry.addPermissions(platformKitPermissions);
        const context = await createPlatformKitContext({ ...deps, connectors });
        httpRouter.use(await createPlatformKitRouter(context));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        await context.start();
        deps.logger.info(
          `Platform Kit control plane ready with ${context.targetCount()} target(s)`,
        );
      },
    });
  },
});
