import { createApiRef } from '@backstage/core-plugin-api';
import {
  ConnectorItemsResponse,
  ConnectorsResponse,
  Exemption,
  FindingsResponse,
  InventoryResponse,
  InventorySection,
  JobsResponse,
  ParityResponse,
  RemediationPlanRecord,
  ScanRecord,
  ScorecardQuery,
  ScorecardsResponse,
} from './types';

/**
 * The Platform Kit control plane (`/api/platform-kit`).
 *
 * @public
 */
export interface PlatformKitApi {
  getParity(entityRef: string): Promise<ParityResponse>;
  getFindings(
    entityRef: string,
    filter?: {
      level?: 'ERROR' | 'WARN' | 'INFO';
      category?: 'SECURITY' | 'PERFORMANCE';
    },
  ): Promise<FindingsResponse>;
  getInventory(
    entityRef: string,
    query?: {
      section?: InventorySection;
      q?: string;
      schema?: string;
      /** Only the items of this table (columns, indexes, policies). */
      table?: string;
      offset?: number;
      limit?: number;
    },
  ): Promise<InventoryResponse>;
  requestScan(
    entityRef: string,
  ): Promise<{ scanId: string; scanIds: string[] }>;
  getScan(id: string): Promise<ScanRecord>;
  getScorecards(query?: ScorecardQuery): Promise<ScorecardsResponse>;
  listJobs(query?: {
    type?: 'scan' | 'remediation';
    status?: ScanRecord['status'];
    offset?: number;
    limit?: number;
  }): Promise<JobsResponse>;
  /** Scans are queued again; failed remediation plans are applied again. */
  retryJob(
    id: string,
  ): Promise<{ scanId: string } | { planId: string; status: string }>;
  listExemptions(entityRef?: string): Promise<{ items: Exemption[] }>;
  createExemption(input: {
    entityRef: string;
    capabilityId: string;
    reason: string;
    expiresAt: string;
  }): Promise<Exemption>;
  revokeExemption(id: string): Promise<void>;
  listRemediationPlans(
    entityRef: string,
  ): Promise<{ entityRef: string; items: RemediationPlanRecord[] }>;
  createRemediationPlan(input: {
    entityRef: string;
    findingKeys?: string[];
    /** Findings left out by the user: the plan lists them as skipped. */
    excludeFindingKeys?: string[];
    lints?: string[];
    includeDestructive?: boolean;
    policySkeletons?: boolean;
  }): Promise<RemediationPlanRecord>;
  getRemediationPlan(id: string): Promise<RemediationPlanRecord>;
  /** The inventory of a connector's last good run (404 before the first one). */
  getConnectorInventory(connectorId: string): Promise<ConnectorItemsResponse>;
  /** Every connector the caller may see, with its last run, health and contracts. */
  listConnectors(): Promise<ConnectorsResponse>;
}

/** @public */
export const platformKitApiRef = createApiRef<PlatformKitApi>({
  id: 'plugin.platform-kit.api',
});
