import { FullMutationProvider } from './FullMutationProvider';
import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type {
  ConnectorItemsResponse,
  ConnectorStatus,
} from '@platform-kit/plugin-platform-kit-common';
import type { ConnectorProviderConfig } from '../config';
import { connectorItemsToEntities } from '../mapping/connectorEntities';
import {
  ConnectorSource,
  errorMessage,
  IngestionOutcome,
  unlessNotFound,
} from './outcome';

/**
 * What a {@link PlatformKitConnectorEntityProvider} needs.
 *
 * @public
 */
export interface PlatformKitConnectorEntityProviderOptions {
  config: ConnectorProviderConfig;
  source: ConnectorSource;
  logger: LoggerService;
  /** Runs the refresh on the catalog's scheduler; without it, call `refresh()`. */
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * Ingests the last good inventory of one control-plane connector (n8n,
 * Superset, Odoo, ...) as catalog entities, with full mutations.
 *
 * No data loss: when the connector's last run failed, its inventory cannot be
 * read, does not hold as many items as its run reported, or is empty while
 * the source is not healthy, no mutation is applied (the catalog keeps the
 * previous entities) and the outcome is reported to the control plane.
 *
 * @public
 */
export class PlatformKitConnectorEntityProvider extends FullMutationProvider {
  constructor(
    private readonly options: PlatformKitConnectorEntityProviderOptions,
  ) {
    super(options.taskRunner);
  }

  /** `platform-kit-connector:<id>`, stable: it owns the entities in the catalog. */
  getProviderName(): string {
    return `platform-kit-connector:${this.options.config.id}`;
  }

  /** Reads the control plane and applies a full mutation when it is safe to. */
  async refresh(): Promise<IngestionOutcome> {
    this.assertConnected();
    const { id } = this.options.config;
    const kept = this.applied.length;
    let status: ConnectorStatus | undefined;
    try {
      status = (await this.options.source.listConnectors()).items.find(
        c => c.id === id,
      );
    } catch (error) {
      return this.finish({
        status: 'failed',
        entities: kept,
        reason: `could not read the control plane: ${errorMessage(error)}`,
      });
    }
    if (!status)
      return this.finish({
        status: 'failed',
        entities: kept,
        reason: `the control plane has no connector ${id}`,
      });
    if (status.lastRun?.status === 'failed')
      return this.finish({
        status: 'kept',
        entities: kept,
        reason: `the last run of ${id} failed: ${
          status.lastRun.error ?? 'no reason given'
        }`,
      });
    let inventory: ConnectorItemsResponse | undefined;
    try {
      inventory = status.lastGood
        ? await unlessNotFound(this.options.source.getConnectorInventory(id))
        : undefined;
    } catch (error) {
      return this.finish({
        status: 'failed',
        entities: kept,
        reason: `could not read the inventory of ${id}: ${errorMessage(error)}`,
      });
    }
    if (!inventory || !status.lastGood)
      return this.finish({
        status: 'kept',
        entities: kept,
        reason: `${id} has had no good run yet`,
      });
    if (
      inventory.scanId === status.lastGood.scanId &&
      inventory.items.length !== status.lastGood.items
    )
      return this.finish({
        status: 'kept',
        entities: kept,
        reason: `incomplete inventory of ${id}: ${inventory.items.length} items where its run reported ${status.lastGood.items}`,
      });
    const { entities, skipped } = connectorItemsToEntities(inventory.items, {
      ...this.options.config,
      connectorId: id,
      connector: inventory.connector,
    });
    if (entities.length === 0 && !confirmedEmpty(status))
      return this.finish({
        status: 'kept',
        entities: kept,
        reason: `the inventory of ${id} holds no entities while the source is not confirmed healthy and empty (health ${
          status.health?.status ?? 'unknown'
        }, last run ${status.lastRun?.status ?? 'none'})`,
      });
    const refused = await this.applyFull(entities);
    if (refused)
      return this.finish({ status: 'failed', entities: kept, reason: refused });
    const dropped = skipped.filter(s => s.reason !== 'not an entity');
    if (dropped.length)
      this.options.logger.warn(
        `${this.getProviderName()}: ${dropped.length} items skipped, first: ${
          dropped[0].itemId
        } (${dropped[0].reason})`,
      );
    return this.finish({ status: 'applied', entities: entities.length });
  }

  private async finish(outcome: IngestionOutcome): Promise<IngestionOutcome> {
    const { logger, source, config } = this.options;
    const name = this.getProviderName();
    if (outcome.status === 'applied')
      logger.info(`${name}: applied ${outcome.entities} entities`);
    else
      logger.warn(
        `${name}: ${outcome.status}, ${outcome.entities} entities from the last good run stay: ${outcome.reason}`,
      );
    try {
      await source.reportIngestion(config.id, outcome);
    } catch (error) {
      logger.warn(
        `${name}: could not report the ingestion to the control plane: ${errorMessage(
          error,
        )}`,
      );
    }
    return outcome;
  }
}

/** An empty inventory is only believed when the source is up and its last run succeeded empty. */
function confirmedEmpty(status: ConnectorStatus): boolean {
  return (
    status.lastGood?.items === 0 &&
    status.lastRun?.status === 'succeeded' &&
    status.health?.status === 'up'
  );
}
