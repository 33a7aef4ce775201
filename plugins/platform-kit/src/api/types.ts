import {
  CapabilityResult,
  Finding,
  RemediationPlan,
  RemediationPlanStatus,
  ApplyOutcome,
} from '@platform-kit/plugin-platform-kit-common';

/**
 * `GET /entities/{kind}/{namespace}/{name}/parity`
 *
 * @public
 */
export interface ParityResponse {
  entityRef: string;
  evaluatedAt: string;
  scan: { id: string; finishedAt: string | null } | null;
  score: number | null;
  results: CapabilityResult[];
  history: { day: string; score: number | null }[];
  profile: { profiles: string[]; applicable: string[]; dependsOn: string[] };
  sources: {
    own: { scanId: string; kind?: string } | null;
    dependencies: { entityRef: string; scanId: string }[];
  };
}

/** @public */
export type SourcedFinding = Finding & { source: string };

/** @public */
export interface FindingsResponse {
  entityRef: string;
  sources: string[];
  items: SourcedFinding[];
  total: number;
}

/** @public */
export type InventorySection =
  | 'relations'
  | 'columns'
  | 'indexes'
  | 'policies'
  | 'functions'
  | 'extensions'
  | 'schemas';

/** @public */
export type InventoryResponse =
  | {
      entityRef: string;
      section: InventorySection;
      capturedAt: string;
      total: number;
      offset: number;
      limit: number;
      items: Record<string, unknown>[];
    }
  | {
      /** Repositories and pushed results have facts instead of a database inventory. */
      entityRef: string;
      kind: 'repository' | 'pushed-results';
      [key: string]: unknown;
    };

/** @public */
export interface ScanRecord {
  id: string;
  targetId: string;
  entityRef: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  attempts: number;
  requestedBy: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  logs: { at: string; level: string; message: string }[];
}

/** @public */
export interface EntityScorecard {
  entityRef: string;
  kind: string;
  title: string;
  owner: string | null;
  system: string | null;
  domain: string | null;
  score: number | null;
  evaluatedAt: string | null;
  failingCapabilities: string[];
  partialCapabilities: string[];
  /** Daily scores of the last 90 days, oldest first (days without a score are left out). */
  trend?: { day: string; score: number }[];
}

/** @public */
export interface GroupScorecard {
  key: string;
  entities: number;
  scored: number;
  averageScore: number | null;
  minScore: number | null;
  failingEntities: number;
  worstCapabilities: string[];
}

/** @public */
export interface ScorecardQuery {
  groupBy?: 'none' | 'owner' | 'system' | 'domain';
  sort?: 'score' | 'name';
  order?: 'asc' | 'desc';
  q?: string;
  owner?: string;
  system?: string;
  domain?: string;
  kind?: string;
  offset?: number;
  limit?: number;
}

/** @public */
export interface ScorecardsResponse<T = EntityScorecard | GroupScorecard> {
  groupBy: string;
  total: number;
  offset: number;
  limit: number;
  items: T[];
}

/** @public */
export type JobStatus = ScanRecord['status'];

/**
 * An applied (or failed) remediation plan, as a job.
 *
 * @public
 */
export interface RemediationJob {
  type: 'remediation';
  id: string;
  entityRef: string;
  /** applying → running, applied → succeeded, partial and failed → failed. */
  status: JobStatus;
  planStatus: RemediationPlanRecord['status'];
  attempts: number;
  requestedBy: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  logs: { at: string; level: string; message: string }[];
  dryRun: boolean;
  patches: number;
  sql: string;
  outcome: ApplyOutcome | null;
}

/** @public */
export type Job = (ScanRecord & { type: 'scan' }) | RemediationJob;

/** @public */
export interface JobsResponse {
  items: Job[];
  total: number;
  offset: number;
  limit: number;
}

/** @public */
export interface Exemption {
  id: string;
  entityRef: string;
  capabilityId: string;
  reason: string;
  requestedBy: string;
  expiresAt: string;
  createdAt: string;
  active: boolean;
}

/** @public */
export interface RemediationPlanRecord {
  id: string;
  entityRef: string;
  /** `partial`: some findings committed, others were rolled back or not run (see `outcome.findings`). */
  status: RemediationPlanStatus;
  plan: RemediationPlan;
  sql: string;
  scanId: string | null;
  createdBy: string;
  createdAt: string;
  appliedBy: string | null;
  dryRun: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  outcome: ApplyOutcome | null;
  error: string | null;
  logs: { at: string; level: string; message: string }[];
  /** Whether the latest apply committed every finding or none (absent from older control planes). */
  allOrNothing?: boolean;
  /** What the control plane could not do when it built the plan, e.g. read the application's source. */
  warnings?: string[];
}

/**
 * One thing a connector found (a workflow, dashboard, dataset, module, ...).
 *
 * @public
 */
export interface ConnectorItem {
  id: string;
  type: string;
  name: string;
  title?: string;
  description?: string;
  owner?: string;
  tags: string[];
  /** Link back to the item in the source's UI. */
  url?: string;
  /** To another item of the same inventory (`itemId`) or to a catalog entity (`entityRef`). */
  relations: { type: string; itemId?: string; entityRef?: string }[];
  attributes: Record<string, unknown>;
}

/** @public */
export type ConnectorHealthStatus = 'up' | 'degraded' | 'down';

/**
 * Whether the connector's source answers, per check.
 *
 * @public
 */
export interface ConnectorHealth {
  status: ConnectorHealthStatus;
  checkedAt: string;
  checks: {
    name: string;
    status: ConnectorHealthStatus;
    latencyMs: number;
    detail?: string;
  }[];
}

/**
 * `GET /entities/{kind}/{namespace}/{name}/inventory` of a connector target.
 *
 * @public
 */
export interface ConnectorInventoryResponse {
  entityRef: string;
  kind: 'connector';
  capturedAt: string;
  connector: { id: string; kind: string };
  source?: { product: string; version?: string };
  items: ConnectorItem[];
  health?: ConnectorHealth;
  contracts?: {
    passed: boolean;
    durationMs: number;
    results: {
      id: string;
      title: string;
      status: 'pass' | 'fail' | 'skip';
      error?: string;
    }[];
  };
  facts?: Record<string, unknown>;
}

/**
 * `GET /connectors/{connectorId}/inventory`: the inventory of the connector's last good run.
 *
 * @public
 */
export interface ConnectorItemsResponse {
  connectorId: string;
  connector: string;
  entityRef: string;
  scanId: string;
  capturedAt: string;
  source?: { product: string; version?: string };
  items: ConnectorItem[];
}

/**
 * Where a connector stands (GET /connectors).
 *
 * @public
 */
export interface ConnectorStatus {
  id: string;
  connector: string;
  entityRef: string;
  lastRun: {
    scanId: string;
    status: string;
    at: string;
    error: string | null;
  } | null;
  lastGood: { scanId: string; capturedAt: string; items: number } | null;
  health: ConnectorHealth | null;
  contracts: { passed: boolean; failed: string[] } | null;
  ingestion: {
    status: string;
    entities: number;
    reason: string | null;
    at: string;
  } | null;
}

/**
 * GET /connectors
 *
 * @public
 */
export interface ConnectorsResponse {
  items: ConnectorStatus[];
}
