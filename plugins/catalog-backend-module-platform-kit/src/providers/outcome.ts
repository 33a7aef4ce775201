import {
  PlatformKitApiClient,
  PlatformKitApiError,
} from '@platform-kit/plugin-platform-kit-common';
import type { IngestionReport } from '@platform-kit/plugin-platform-kit-common';

/**
 * What one ingestion run did: `applied` (a full mutation), `kept` (the source
 * failed or returned something incomplete: the previous entities stay),
 * `failed` (the control plane could not be read, or the catalog refused).
 *
 * @public
 */
export type IngestionOutcome = IngestionReport;

/**
 * The part of the control plane's client a connector provider uses.
 *
 * @public
 */
export type ConnectorSource = Pick<
  PlatformKitApiClient,
  'listConnectors' | 'getConnectorInventory' | 'reportIngestion'
>;

/**
 * The part of the control plane's client the Supabase provider uses.
 *
 * @public
 */
export type SupabaseSource = Pick<
  PlatformKitApiClient,
  'listTargets' | 'getInventory'
>;

/** A failure for an outcome's reason: the control plane's status and message. */
export const errorMessage = (error: unknown) => {
  if (PlatformKitApiError.is(error) && error.status >= 400)
    return `HTTP ${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
};

/** The answer, or `undefined` when the control plane has nothing there (404). */
export async function unlessNotFound<T>(
  answer: Promise<T>,
): Promise<T | undefined> {
  try {
    return await answer;
  } catch (error) {
    if (PlatformKitApiError.is(error) && error.status === 404) return undefined;
    throw error;
  }
}
