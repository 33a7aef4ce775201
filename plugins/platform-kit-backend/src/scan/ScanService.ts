import { LoggerService } from '@backstage/backend-plugin-api';
import {
  collectRepositoryFacts,
  connectionStringSecrets,
  GithubRepositorySource,
  LocalRepositorySource,
  introspect,
  PgExecutor,
  redactSecrets,
  runLints,
  SqlExecutor,
  SupabaseManagementApiExecutor,
  TargetError,
} from '@platform-kit/plugin-platform-kit-node';
import { DatabaseTargetConfig, TargetConfig } from '../service/targetsConfig';
import { Knex } from 'knex';
import { ControlPlaneMetrics } from '../metrics/controlPlaneMetrics';
import { ParityService } from '../parity/ParityService';
import { OpsStore, TargetRecord } from '../store/OpsStore';
import {
  ConnectorRegistry,
  ResolvedConnector,
} from '../connectors/ConnectorRegistry';
import { collectConnectorSnapshot } from './connectorScan';
import { GithubLocation } from '../discovery/githubLocation';

export interface ScanTarget {
  config: TargetConfig;
  record: TargetRecord;
  /** Connector targets: the type and validated options. */
  connector?: ResolvedConnector;
  /** Repository targets discovered from the catalog: where they live, and how to reach them. */
  discovered?: {
    github: GithubLocation;
    /** The API URL and token, resolved for each scan. */
    access(): Promise<{ baseUrl: string; token?: string }>;
  };
}

export interface ScanServiceOptions {
  store: OpsStore;
  logger: LoggerService;
  parity: ParityService;
  metrics?: ControlPlaneMetrics;
  /** The connector types modules registered (for `kind: connector` targets). */
  connectors?: ConnectorRegistry;
  /** Attempts per scan before it is marked failed (default 3). */
  maxAttempts?: number;
  /** Wait between attempts (default 2 s × attempt). */
  retryDelayMs?: (attempt: number) => number;
  /**
   * How long to keep trying to record a failure while the ops store itself is
   * unreachable (default 120 s), so that a store restart mid-scan still ends
   * with the scan marked failed.
   */
  storeRetryMs?: number;
  /**
   * Called after a successful scan to refresh the entity's catalog data;
   * resolves to the entities it evaluated. Errors are logged.
   */
  onScanned?: (entityRef: string) => Promise<string[]>;
}

function executorFor(config: DatabaseTargetConfig): SqlExecutor {
  if (config.connectionString) return new PgExecutor(config.connectionString);
  return new SupabaseManagementApiExecutor({
    projectRef: config.supabaseRef!,
    token: config.supabaseToken!,
  });
}

/** The secrets of a target, so that no message ever carries them. */
function secretsOf(target: ScanTarget): string[] {
  const config = target.config;
  if (config.kind === 'connector') return target.connector?.secrets ?? [];
  if (config.kind === 'repository')
    return [config.github?.token ?? ''].filter(Boolean);
  const secrets = [config.supabaseToken ?? ''];
  if (config.connectionString)
    secrets.push(...connectionStringSecrets(config.connectionString));
  return secrets.filter(Boolean);
}

/**
 * Runs scans: introspect (read-only) → lints → parity → one transaction in the
 * ops store. A failed attempt is retried, then recorded with its reason; it
 * never replaces the last good snapshot, findings or score.
 */
/** Longer than the scan task's timeout (15 min): such a scan has no runner left. */
const ABANDONED_AFTER_MINUTES = 20;

export class ScanService {
  constructor(private readonly options: ScanServiceOptions) {}

  /** Runs every queued scan of a target, creating one first when none is queued (a scheduled run). */
  async processTarget(
    target: ScanTarget,
    options: { scheduled: boolean },
  ): Promise<void> {
    const { store } = this.options;
    const abandoned = await store.failAbandonedScans(
      target.record.id,
      ABANDONED_AFTER_MINUTES,
    );
    if (abandoned)
      this.options.logger.warn(
        `${abandoned} scan(s) of ${target.config.id} were abandoned by a stopped backend and are marked failed`,
      );
    let scanId = await store.claimQueuedScan(target.record.id);
    if (!scanId && options.scheduled) {
      await store.createScan(target.record, 'scheduler');
      scanId = await store.claimQueuedScan(target.record.id);
    }
    while (scanId) {
      await this.runAttempts(scanId, target);
      scanId = await store.claimQueuedScan(target.record.id);
    }
  }

  private async runAttempts(scanId: string, target: ScanTarget): Promise<void> {
    const { store, logger } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 3;
    const log = logger.child({
      scanId,
      targetId: target.config.id,
      entityRef: target.record.entityRef,
    });
    const scanStarted = Date.now();
    const finished = (outcome: 'succeeded' | 'failed') =>
      this.options.metrics?.recordScan(
        outcome,
        { name: target.config.id, kind: target.config.kind },
        (Date.now() - scanStarted) / 1000,
      );
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        await store.appendLog(
          scanId,
          'info',
          `attempt ${attempt}: scanning ${target.config.id}`,
        );
        await this.scanOnce(scanId, target);
        log.info('scan succeeded', {
          attempt,
          durationMs: Date.now() - started,
        });
        finished('succeeded');
        await this.afterScan(target.record.entityRef, log);
        return;
      } catch (error) {
        const message = redactSecrets(
          error instanceof TargetError
            ? `${error.kind}: ${error.message}`
            : String((error as Error).message ?? error),
          secretsOf(target),
        );
        const retry = attempt < maxAttempts;
        await this.persist(() =>
          store.appendLog(
            scanId,
            'error',
            `attempt ${attempt} failed: ${message}`,
          ),
        );
        await this.persist(() => store.failScan(scanId, message, retry));
        log.warn('scan attempt failed', {
          attempt,
          retry,
          error: message,
          durationMs: Date.now() - started,
        });
        if (!retry) {
          finished('failed');
          return;
        }
        await new Promise(r =>
          setTimeout(r, this.options.retryDelayMs?.(attempt) ?? 2000 * attempt),
        );
        if (!(await store.reclaimScan(scanId))) return; // another replica took the retry
      }
    }
  }

  /** A store write retried with backoff while the store is unreachable. */
  private async persist(write: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + (this.options.storeRetryMs ?? 120_000);
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        await write();
        return;
      } catch (error) {
        if (Date.now() + delay > deadline) throw error;
        this.options.logger.warn(
          `ops store unavailable, retrying in ${delay} ms: ${error}`,
        );
        await new Promise(r => setTimeout(r, delay));
      }
    }
  }

  /** Catalog data of the scanned entity, and the entities that inherit from it; failures are logged. */
  private async afterScan(entityRef: string, log: LoggerService) {
    const refreshed =
      (await this.options.onScanned?.(entityRef).catch(error => {
        log.warn(`after-scan refresh failed: ${error}`);
        return [];
      })) ?? [];
    const dependents = await this.options.parity
      .evaluateDependents(entityRef, new Set(refreshed))
      .catch(error => {
        log.warn(`re-evaluating dependents failed: ${error}`);
        return [];
      });
    if (dependents.length)
      log.info(`re-evaluated ${dependents.length} dependent entities`, {
        dependents: dependents.join(','),
      });
  }

  private async scanOnce(scanId: string, target: ScanTarget): Promise<void> {
    const { parity } = this.options;
    const entityRef = target.record.entityRef;
    let evaluated = false;
    const evaluate = async (trx: Knex.Transaction) => {
      evaluated = Boolean(await parity.evaluate(entityRef, trx));
    };
    await this.collectAndStore(scanId, target, evaluate);
    // Evaluated in the scan's transaction: announced once it is committed.
    if (evaluated) parity.announce(entityRef);
  }

  /** Collects the target's inventory (or facts) and stores it with its evaluation. */
  private async collectAndStore(
    scanId: string,
    target: ScanTarget,
    evaluate: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    const { store } = this.options;
    if (target.config.kind === 'connector') {
      const snapshot = await collectConnectorSnapshot(
        this.options.connectors!,
        target.connector!,
      );
      await store.completeScan(scanId, target.record, snapshot, [], evaluate);
      return;
    }
    if (target.config.kind === 'repository') {
      const config = target.config;
      const access = await target.discovered?.access();
      const source = config.path
        ? new LocalRepositorySource(config.path)
        : new GithubRepositorySource({ ...config.github!, ...access });
      // The GitHub client keeps the token out of its errors.
      const facts = await collectRepositoryFacts(source);
      const snapshot = {
        kind: 'repository' as const,
        capturedAt: new Date().toISOString(),
        ...facts,
      };
      await store.completeScan(scanId, target.record, snapshot, [], evaluate);
      return;
    }
    const config = target.config;
    const executor = executorFor(config);
    try {
      const inventory = await introspect(executor, {
        exposedSchemas: config.exposedSchemas,
      });
      const { findings } = runLints(inventory);
      await store.completeScan(
        scanId,
        target.record,
        inventory,
        findings,
        evaluate,
      );
    } finally {
      await executor.close();
    }
  }
}
