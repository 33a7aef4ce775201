import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  backendPluginAccess,
  createPlatformKitClient,
  PlatformKitApiError,
} from '@platform-kit/plugin-platform-kit-common';

/** What the actions need to reach the control plane. */
export interface PlatformKitDeps {
  discovery: DiscoveryService;
  auth: AuthService;
}

/**
 * The control plane's generated client, calling on behalf of the user who
 * started the task (their permissions and catalog access decide); every
 * answer is checked against the API's schemas. `signal` aborts its calls (a
 * cancelled task, a deadline).
 */
export function platformKitClient(
  deps: PlatformKitDeps,
  credentials: BackstageCredentials,
  signal?: AbortSignal,
) {
  return createPlatformKitClient({
    ...backendPluginAccess({ ...deps, onBehalfOf: async () => credentials }),
    signal,
    validate: true,
  });
}

/** A failed call in the task log's words: the status the control plane answered and its message. */
export function controlPlaneFailure(error: unknown): unknown {
  if (!PlatformKitApiError.is(error)) return error;
  return new Error(
    error.status
      ? `Platform Kit answered ${error.status}: ${error.message}`
      : error.message,
    { cause: error },
  );
}
