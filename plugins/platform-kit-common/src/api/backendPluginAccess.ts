import type { PlatformKitClientOptions } from './createPlatformKitClient';

/**
 * How another backend plugin reaches the control plane: discovery's
 * `platform-kit` base URL and, on every call, a plugin-to-plugin token on
 * behalf of the given credentials. `discovery` and `auth` are Backstage's
 * `coreServices.discovery` and `coreServices.auth` (typed by their shape, so
 * that this package stays isomorphic).
 *
 * @public
 */
export function backendPluginAccess<Credentials>(deps: {
  discovery: { getBaseUrl(pluginId: string): Promise<string> };
  auth: {
    getPluginRequestToken(options: {
      onBehalfOf: Credentials;
      targetPluginId: string;
    }): Promise<{ token: string }>;
  };
  /** The user who started a task, or the plugin's own service credentials. */
  onBehalfOf: () => Promise<Credentials>;
}): Pick<PlatformKitClientOptions, 'baseUrl' | 'token'> {
  return {
    baseUrl: () => deps.discovery.getBaseUrl('platform-kit'),
    token: async () =>
      (
        await deps.auth.getPluginRequestToken({
          onBehalfOf: await deps.onBehalfOf(),
          targetPluginId: 'platform-kit',
        })
      ).token,
  };
}
