import { createApiRef } from '@backstage/core-plugin-api';
import { PlatformKitApiClient } from '@platform-kit/plugin-platform-kit-common';

/**
 * The Platform Kit control plane (`/api/platform-kit`): the client generated
 * from its OpenAPI document, one method per operation.
 *
 * @public
 */
export type PlatformKitApi = PlatformKitApiClient;

/** @public */
export const platformKitApiRef = createApiRef<PlatformKitApi>({
  id: 'plugin.platform-kit.api',
});
