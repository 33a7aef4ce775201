import { mockServices } from '@backstage/backend-test-utils';
import { controlPlaneClient } from '../client/controlPlaneClient';
import type { ControlPlaneStandIn } from './controlPlaneStandIn';

/** The module's client, pointed at the stand-in through discovery, with mock auth. */
export function standInClient(standIn: Pick<ControlPlaneStandIn, 'baseUrl'>) {
  return controlPlaneClient({
    discovery: {
      getBaseUrl: async (pluginId: string) => {
        if (pluginId !== 'platform-kit')
          throw new Error(`no plugin ${pluginId}`);
        return standIn.baseUrl;
      },
      getExternalBaseUrl: async () => standIn.baseUrl,
    },
    auth: mockServices.auth(),
  });
}
