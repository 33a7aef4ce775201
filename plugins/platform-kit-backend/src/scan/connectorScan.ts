import {
  ConnectorInventory,
  connectorInventorySchema,
  HealthResult,
  healthResultSchema,
} from '@platform-kit/connector-sdk';
import { z } from 'zod';
import {
  ConnectorRegistry,
  ResolvedConnector,
} from '../connectors/ConnectorRegistry';
import { ContractRun, ContractRunStore } from '../store/contractRuns';

/** The latest contract run as a scan stores it (without the evidence). */
export interface SnapshotContracts {
  runId: string;
  status: ContractRun['status'];
  passed: boolean;
  startedAt: string;
  /** When the run finished: the age `integration.contracts` judges. */
  finishedAt: string;
  durationMs: number;
  summary: string;
  results: { id: string; title: string; status: string; error?: string }[];
}

/** What a connector run stores: the inventory, the source's health and the latest contract run. */
export interface ConnectorSnapshot {
  kind: 'connector';
  capturedAt: string;
  connector: { id: string; kind: string };
  source?: ConnectorInventory['source'];
  items: ConnectorInventory['items'];
  health: HealthResult;
  /** The latest recorded contract run; absent when the connector has none yet. */
  contracts?: SnapshotContracts;
  /**
   * What parity's `integration.*` contracts read; `connector.contract-tests`
   * is absent until a contract run is recorded.
   */
  facts: { 'connector.healthy': boolean; 'connector.contract-tests'?: boolean };
  /** When each timed fact was observed (the contract run's end). */
  factsObservedAt: { 'connector.contract-tests'?: string };
}

/** Where a scan reads the connector's latest contract run. */
export interface SnapshotContractSource {
  store: Pick<ContractRunStore, 'latest'>;
  /** The connector target's id (`ops.targets.id`). */
  targetId: string;
}

function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `${what} does not match the SDK's schema at ${
      issue.path.join('.') || '(root)'
    }: ${issue.message}`,
  );
}

function snapshotContracts(run: ContractRun): SnapshotContracts {
  return {
    runId: run.id,
    status: run.status,
    passed: run.status === 'passed',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    summary: run.summary,
    results: run.results.map(r => ({
      id: r.id,
      title: r.title,
      status: r.status,
      ...(r.error ? { error: r.error } : {}),
    })),
  };
}

/**
 * Runs a connector: its inventory (an error fails the run, so the last good
 * inventory stays) and its health, one call each; no contract test runs
 * here. The contracts come from the latest recorded contract run (see
 * `runConnectorContracts`), read at scan time. Errors carry no secret of the
 * connector.
 */
export async function collectConnectorSnapshot(
  registry: ConnectorRegistry,
  resolved: ResolvedConnector,
  contractSource?: SnapshotContractSource,
): Promise<ConnectorSnapshot> {
  try {
    const connector = registry.create(resolved);
    const inventory = validated(
      connectorInventorySchema,
      await connector.inventory(),
      'inventory()',
    );
    const health = validated(
      healthResultSchema,
      await connector.health(),
      'health()',
    );
    const run = await contractSource?.store.latest(contractSource.targetId);
    return {
      kind: 'connector',
      capturedAt: inventory.capturedAt,
      connector: { id: resolved.config.id, kind: resolved.config.connector },
      source: inventory.source,
      items: inventory.items,
      health,
      ...(run ? { contracts: snapshotContracts(run) } : {}),
      facts: {
        'connector.healthy': health.status === 'up',
        ...(run ? { 'connector.contract-tests': run.status === 'passed' } : {}),
      },
      factsObservedAt: run
        ? { 'connector.contract-tests': run.finishedAt }
        : {},
    };
  } catch (error) {
    throw new Error(
      registry.redact(
        resolved,
        `${resolved.config.connector} connector ${resolved.config.id}: ${
          (error as Error)?.message ?? error
        }`,
      ),
    );
  }
}
