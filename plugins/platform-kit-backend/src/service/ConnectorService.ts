import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  ConnectorStatus,
  Target,
} from '@platform-kit/plugin-platform-kit-common';
import { ScanTarget } from '../scan/ScanService';
import {
  connectorStatuses,
  lastGoodConnectorInventory,
  recordIngestion,
} from '../store/connectorStore';
import { TargetLookup } from './TargetLookup';

/** Which targets the caller may see. */
export type Visibility = Set<string> | 'all';

const visibleTo = (visible: Visibility) => (t: ScanTarget) =>
  visible === 'all' || visible.has(t.record.entityRef);

/**
 * Targets and connectors for the catalog module and for people: what is
 * configured (never a secret), where each connector stands, the inventory of
 * its last good run, and what the catalog made of it.
 */
export class ConnectorService {
  constructor(
    private readonly knex: Knex,
    private readonly targets: TargetLookup,
  ) {}

  private connectors() {
    return this.targets.list().filter(t => t.config.kind === 'connector');
  }

  /** The configured connector with this id, if any. */
  connector(id: string): ScanTarget | undefined {
    return this.connectors().find(t => t.config.id === id);
  }

  listTargets(visible: Visibility): Target[] {
    return this.targets
      .list()
      .filter(visibleTo(visible))
      .map(t => ({
        id: t.config.id,
        kind: t.config.kind,
        entityRef: t.record.entityRef,
        ...(t.discovered
          ? {
              discovered: true as const,
              repository: `${t.discovered.github.host}/${t.discovered.github.owner}/${t.discovered.github.repo}`,
            }
          : {}),
        ...(t.config.kind === 'connector'
          ? { connector: t.config.connector }
          : {}),
        ...(t.config.kind === 'supabase-project' && t.config.exposedSchemas
          ? { exposedSchemas: t.config.exposedSchemas }
          : {}),
      }));
  }

  async listConnectors(visible: Visibility): Promise<ConnectorStatus[]> {
    const shown = this.connectors().filter(visibleTo(visible));
    const statuses = await connectorStatuses(
      this.knex,
      shown.map(t => t.record.id),
    );
    return shown.map(t => {
      const { targetId, ...status } = statuses.get(t.record.id)!;
      return {
        id: t.config.id,
        connector: t.config.kind === 'connector' ? t.config.connector : '',
        entityRef: t.record.entityRef,
        ...status,
      };
    });
  }

  async lastGoodInventory(target: ScanTarget) {
    const good = await lastGoodConnectorInventory(this.knex, target.record.id);
    if (!good)
      throw new NotFoundError(
        `Connector ${target.config.id} has not had a successful run yet`,
      );
    const { snapshot } = good;
    return {
      connectorId: target.config.id,
      connector: snapshot.connector?.kind,
      entityRef: target.record.entityRef,
      scanId: good.scanId,
      capturedAt: snapshot.capturedAt,
      ...(snapshot.source ? { source: snapshot.source } : {}),
      items: snapshot.items ?? [],
    };
  }

  async recordIngestion(
    id: string,
    report: Parameters<typeof recordIngestion>[2],
  ): Promise<void> {
    const target = this.connector(id);
    if (!target) throw new NotFoundError(`No connector ${id}`);
    await recordIngestion(this.knex, target.record, report);
  }
}
