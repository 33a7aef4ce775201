import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  backendPluginAccess,
  createPlatformKitClient,
  PlatformKitApiClient,
} from '@platform-kit/plugin-platform-kit-common';

/**
 * The control plane's generated client as this module calls it: with its
 * own service credentials, a minute per call at the most, every answer
 * checked against the API's schemas.
 */
export function controlPlaneClient(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  fetch?: typeof fetch;
}): PlatformKitApiClient {
  return createPlatformKitClient({
    ...backendPluginAccess({
      ...deps,
      onBehalfOf: () => deps.auth.getOwnServiceCredentials(),
    }),
    fetch: deps.fetch,
    timeoutMs: 60_000,
    validate: true,
  });
}
