import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRemediationApplyAction } from './actions/remediationApply';

/** Platform Kit's scaffolder actions. */
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
      },
      async init({ scaffolder, discovery, auth, permissions }) {
        scaffolder.addActions(
          createRemediationApplyAction({ discovery, auth, permissions }),
        );
      },
    });
  },
});
