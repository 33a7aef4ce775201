/**
 * The REST API's request and response types, as this plugin has always
 * exported them: every one is generated from the control plane's OpenAPI
 * document into `@platform-kit/plugin-platform-kit-common`.
 */
import { ScorecardsQuery } from '@platform-kit/plugin-platform-kit-common';

export type {
  ConnectorHealth,
  ConnectorHealthStatus,
  ConnectorInventoryResponse,
  ConnectorItem,
  ConnectorItemsResponse,
  ConnectorStatus,
  ConnectorsResponse,
  EntityScorecard,
  Exemption,
  FindingsResponse,
  GroupScorecard,
  InventoryResponse,
  InventorySection,
  Job,
  JobStatus,
  JobsResponse,
  ParityResponse,
  RemediationJob,
  RemediationPlanRecord,
  ScanRecord,
  ScorecardsResponse,
  SourcedFinding,
} from '@platform-kit/plugin-platform-kit-common';

/**
 * The query of `GET /scorecards`.
 *
 * @public
 */
export type ScorecardQuery = ScorecardsQuery;
