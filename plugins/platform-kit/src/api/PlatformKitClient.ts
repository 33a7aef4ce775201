import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  ApplyRequest,
  createPlatformKitClient,
  ExemptionRequest,
  ExemptionsQuery,
  FindingsQuery,
  IngestionReport,
  InventoryQuery,
  JobsQuery,
  PlatformKitApiClient,
  RemediationPlanRequest,
  ResultsPush,
  ScanRequest,
  ScorecardsQuery,
} from '@platform-kit/plugin-platform-kit-common';
import { PlatformKitApi } from './PlatformKitApi';

/**
 * The control plane's generated client, through Backstage's discovery and
 * authenticated fetch.
 *
 * @public
 */
export class PlatformKitClient implements PlatformKitApi {
  private readonly client: PlatformKitApiClient;

  constructor(deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = createPlatformKitClient({
      baseUrl: () => deps.discoveryApi.getBaseUrl('platform-kit'),
      fetch: (input, init) => deps.fetchApi.fetch(input, init),
    });
  }

  getHealth() {
    return this.client.getHealth();
  }
  getParity(entityRef: string) {
    return this.client.getParity(entityRef);
  }
  getFindings(entityRef: string, query?: FindingsQuery) {
    return this.client.getFindings(entityRef, query);
  }
  getInventory(entityRef: string, query?: InventoryQuery) {
    return this.client.getInventory(entityRef, query);
  }
  requestScan(request: ScanRequest) {
    return this.client.requestScan(request);
  }
  getScan(id: string) {
    return this.client.getScan(id);
  }
  listJobs(query?: JobsQuery) {
    return this.client.listJobs(query);
  }
  retryJob(id: string) {
    return this.client.retryJob(id);
  }
  listExemptions(query?: ExemptionsQuery) {
    return this.client.listExemptions(query);
  }
  createExemption(request: ExemptionRequest) {
    return this.client.createExemption(request);
  }
  revokeExemption(id: string) {
    return this.client.revokeExemption(id);
  }
  getScorecards(query?: ScorecardsQuery) {
    return this.client.getScorecards(query);
  }
  pushResults(request: ResultsPush) {
    return this.client.pushResults(request);
  }
  listRemediationPlans(entityRef: string) {
    return this.client.listRemediationPlans(entityRef);
  }
  createRemediationPlan(request: RemediationPlanRequest) {
    return this.client.createRemediationPlan(request);
  }
  getRemediationPlan(id: string) {
    return this.client.getRemediationPlan(id);
  }
  applyRemediationPlan(id: string, request?: ApplyRequest) {
    return this.client.applyRemediationPlan(id, request);
  }
  listTargets() {
    return this.client.listTargets();
  }
  listConnectors() {
    return this.client.listConnectors();
  }
  getConnectorInventory(connectorId: string) {
    return this.client.getConnectorInventory(connectorId);
  }
  reportIngestion(connectorId: string, report: IngestionReport) {
    return this.client.reportIngestion(connectorId, report);
  }
}
