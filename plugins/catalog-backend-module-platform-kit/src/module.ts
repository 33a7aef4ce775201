import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { controlPlaneClient } from './client/controlPlaneClient';
import { readProvidersConfig } from './config';
import { PlatformKitConnectorEntityProvider } from './providers/PlatformKitConnectorEntityProvider';
import { PlatformKitSupabaseEntityProvider } from './providers/PlatformKitSupabaseEntityProvider';

/**
 * Catalog module of Platform Kit: entity providers for Supabase projects (and
 * their exposed schemas) and for each configured connector's inventory, read
 * from the Platform Kit control plane and refreshed on the catalog's scheduler
 * (`catalog.providers.platformKit`).
 *
 * @public
 */
export const catalogModulePlatformKit = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'platform-kit',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        const settings = readProvidersConfig(config);
        if (!settings) {
          logger.info(
            'catalog.providers.platformKit is not configured: no Platform Kit entity providers',
          );
          return;
        }
        const client = controlPlaneClient({ discovery, auth });
        const taskRunner = scheduler.createScheduledTaskRunner(
          settings.schedule,
        );
        if (settings.supabase)
          catalog.addEntityProvider(
            new PlatformKitSupabaseEntityProvider({
              config: settings.supabase,
              source: client,
              logger,
              taskRunner,
            }),
          );
        for (const connector of settings.connectors)
          catalog.addEntityProvider(
            new PlatformKitConnectorEntityProvider({
              config: connector,
              source: client,
              logger,
              taskRunner,
            }),
          );
      },
    });
  },
});
