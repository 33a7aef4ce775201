import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRemediationApplyAction } from './actions/remediationApply';
import { createScanTriggerAction } from './actions/scanTrigger';
import { createSpecBundleCreateAction } from './actions/specBundleCreate';
import { createSpecBundleValidateAction } from './actions/specBundleValidate';

/**
 * Platform Kit's scaffolder actions.
 *
 * @public
 */
export const scaffolderModulePlatformKit = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform-kit',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, discovery, auth, permissions, catalog }) {
        scaffolder.addActions(
          createRemediationApplyAction({ discovery, auth, permissions }),
          createSpecBundleCreateAction(),
          createSpecBundleValidateAction(),
          createScanTriggerAction({ discovery, auth, catalog }),
        );
      },
    });
  },
});
