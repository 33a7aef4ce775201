import { PlatformKitApiError } from '@platform-kit/plugin-platform-kit-common';

/** What to tell a user about a failed call: the server's message when there is one. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a call failed with 404 (no profile, not evaluated yet, no plans ...). */
export function isNotFound(error: unknown): error is PlatformKitApiError {
  return PlatformKitApiError.is(error) && error.status === 404;
}

/** The server's message of a 404 (e.g. "no profile", "not evaluated yet"), else undefined. */
export function notFoundMessage(error: unknown): string | undefined {
  return isNotFound(error) ? error.message : undefined;
}
