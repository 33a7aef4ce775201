import {
  ConnectorInventory,
  HealthResult,
  runContractSuite,
} from '@platform-kit/connector-sdk';
import {
  ConnectorRegistry,
  ResolvedConnector,
} from '../connectors/ConnectorRegistry';

/** What a connector run stores: the inventory, the source's health and the contract report. */
export interface ConnectorSnapshot {
  kind: 'connector';
  capturedAt: string;
  connector: { id: string; kind: string };
  source?: ConnectorInventory['source'];
  items: ConnectorInventory['items'];
  health: HealthResult;
  contracts: {
    passed: boolean;
    durationMs: number;
    results: { id: string; title: string; status: string; error?: string }[];
  };
  /** What parity's `integration.*` contracts read. */
  facts: { 'connector.healthy': boolean; 'connector.contract-tests': boolean };
}

/**
 * Runs a connector: its inventory (an error fails the run, so the last good
 * inventory stays), its health and the SDK's contract harness. Errors carry
 * no secret of the connector.
 */
export async function collectConnectorSnapshot(
  registry: ConnectorRegistry,
  resolved: ResolvedConnector,
): Promise<ConnectorSnapshot> {
  const connector = registry.create(resolved);
  try {
    const inventory = await connector.inventory();
    const health = await connector.health();
    const report = await runContractSuite({
      connector,
      deadConnector: registry.createDead(resolved),
    });
    return {
      kind: 'connector',
      capturedAt: inventory.capturedAt,
      connector: { id: resolved.config.id, kind: resolved.config.connector },
      source: inventory.source,
      items: inventory.items,
      health,
      contracts: {
        passed: report.passed,
        durationMs: report.durationMs,
        results: report.results.map(r => ({
          id: r.id,
          title: r.title,
          status: r.status,
          ...(r.error ? { error: registry.redact(resolved, r.error) } : {}),
        })),
      },
      facts: {
        'connector.healthy': health.status === 'up',
        'connector.contract-tests': report.passed,
      },
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
