import type { IngestionReport } from '../client/schemas';

/**
 * What one ingestion run did: `applied` (a full mutation), `kept` (the source
 * failed or returned something incomplete: the previous entities stay),
 * `failed` (the control plane could not be read, or the catalog refused).
 *
 * @public
 */
export type IngestionOutcome = IngestionReport;

/**
 * The part of the control plane client a connector provider uses.
 *
 * @public
 */
export type ConnectorSource = Pick<
  import('../client/ControlPlaneClient').ControlPlaneClient,
  'listConnectors' | 'connectorInventory' | 'reportIngestion'
>;

/**
 * The part of the control plane client the Supabase provider uses.
 *
 * @public
 */
export type SupabaseSource = Pick<
  import('../client/ControlPlaneClient').ControlPlaneClient,
  'listTargets' | 'exposedSchemas'
>;

export const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
