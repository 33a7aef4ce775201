import { mockServices } from '@backstage/backend-test-utils';
import { ControlPlaneClient } from '../client/ControlPlaneClient';
import type { ControlPlaneStandIn } from './controlPlaneStandIn';

/** The real client, pointed at the stand-in through discovery, with mock auth. */
export function standInClient(standIn: ControlPlaneStandIn) {
  return new ControlPlaneClient({
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
