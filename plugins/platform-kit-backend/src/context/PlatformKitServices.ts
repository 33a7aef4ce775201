import { RemediationService } from '../remediation/RemediationService';
import { ConnectorService } from '../service/ConnectorService';
import { ExemptionService } from '../service/ExemptionService';
import { FindingsService } from '../service/FindingsService';
import { InventoryService } from '../service/InventoryService';
import { JobService } from '../service/JobService';
import { ParityReadService } from '../service/ParityReadService';
import { ResultsService } from '../service/ResultsService';
import { ScanRequestService } from '../service/ScanRequestService';
import { ScorecardService } from '../service/ScorecardService';
import { OpsStore } from '../store/OpsStore';
import { RemediationStore } from '../store/remediationStore';

/** The services the REST routes call: each owns the rules of one resource. */
export interface PlatformKitServices {
  parity: ParityReadService;
  findings: FindingsService;
  inventory: InventoryService;
  scans: ScanRequestService;
  jobs: JobService;
  exemptions: ExemptionService;
  scorecards: ScorecardService;
  results: ResultsService;
  connectors: ConnectorService;
  remediation: RemediationService;
  remediationPlans: RemediationStore;
  store: OpsStore;
}
