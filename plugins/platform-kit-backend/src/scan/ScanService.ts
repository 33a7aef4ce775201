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
import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { ControlPlaneMetrics } from '../metrics/controlPlaneMetrics';
import { ParityService } from '../parity/ParityService';
import {
  OpsStore,
  ScanSnapshot,
  ScanStatusChange,
  TargetRecord,
} from '../store/OpsStore';
import {
  ConnectorRegistry,
  ResolvedConnector,
} from '../connectors/ConnectorRegistry';
import { JobRun } from '../jobs/types';
import {
  collectConnectorSnapshot,
  SnapshotContractSource,
} from './connectorScan';
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
  /** Where a connector scan reads the connector's latest contract run. */
  contractRuns?: SnapshotContractSource['store'];
  /** Attempts per scan before it is marked failed (default 3). */
  maxAttempts?: number;
  /** Wait before the next attempt, on any replica (default 2 s × attempt). */
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
 * Runs scans, one attempt per claimed scan job: introspect (read-only) →
 * lints → parity → one transaction in the ops store that also ends the job
 * (only while its lease holds). A failed attempt is queued again for any
 * replica, then recorded with its reason; it never replaces the last good
 * snapshot, findings or score.
 */
export class ScanService {
  constructor(private readonly options: ScanServiceOptions) {}

  /** Attempts per scan before it is marked failed. */
  get maxAttempts(): number {
    return this.options.maxAttempts ?? 3;
  }

  /** Runs one attempt of a scan whose job this replica claimed; ends the job with its result. */
  async runAttempt(run: JobRun, target: ScanTarget): Promise<void> {
    const { store, logger, parity } = this.options;
    const scanId = run.job.subjectId!;
    const attempt = run.job.attempts;
    const entityRef = target.record.entityRef;
    const log = logger.child({
      scanId,
      targetId: target.config.id,
      entityRef,
    });
    const orphans = await store.failOrphanedScans(target.record.id);
    if (orphans)
      log.warn(
        `${orphans} scan(s) of ${target.config.id} were abandoned by a stopped backend and are marked failed`,
      );
    await store.startAttempt(scanId, attempt);
    const started = Date.now();
    try {
      await store.appendLog(
        scanId,
        'info',
        `attempt ${attempt}: scanning ${target.config.id}`,
      );
      const { snapshot, findings } = await this.collect(target);
      let evaluated = false;
      const changes: ScanStatusChange[] = [];
      const ended = await run.end({ status: 'succeeded' }, async trx => {
        changes.push(
          await store.completeScanIn(
            trx,
            scanId,
            target.record,
            snapshot,
            findings,
            async t => {
              evaluated = Boolean(await parity.evaluate(entityRef, t));
            },
          ),
        );
      });
      if (!ended) return;
      store.announce(changes);
      // Evaluated in the scan's transaction: announced once it is committed.
      if (evaluated) parity.announce(entityRef);
      log.info('scan succeeded', { attempt, durationMs: Date.now() - started });
      this.record(target, 'succeeded', started);
      await this.afterScan(entityRef, log);
    } catch (error) {
      const message = redactSecrets(
        error instanceof TargetError
          ? `${error.kind}: ${error.message}`
          : String((error as Error).message ?? error),
        secretsOf(target),
      );
      const changes: ScanStatusChange[] = [];
      let retry = false;
      const ended = await this.persist(run, () =>
        run.end(
          {
            status: 'failed',
            error: message,
            retryable: true,
            retryDelayMs:
              this.options.retryDelayMs?.(attempt) ?? 2000 * attempt,
          },
          async (trx, next) => {
            retry = next === 'queued';
            await store.appendLog(
              scanId,
              'error',
              `attempt ${attempt} failed: ${message}`,
              trx,
            );
            changes.push(
              ...(await store.failScanIn(trx, scanId, message, retry)),
            );
          },
        ),
      );
      if (!ended) return;
      store.announce(changes);
      log.warn('scan attempt failed', {
        attempt,
        retry,
        error: message,
        durationMs: Date.now() - started,
      });
      if (!retry) this.record(target, 'failed', started);
    }
  }

  private record(
    target: ScanTarget,
    outcome: 'succeeded' | 'failed',
    started: number,
  ) {
    this.options.metrics?.recordScan(
      outcome,
      { name: target.config.id, kind: target.config.kind },
      (Date.now() - started) / 1000,
    );
  }

  /**
   * A store write retried with backoff while the store is unreachable, for
   * as long as the run holds its job's lease (then a reaper records it).
   */
  private async persist<T>(run: JobRun, write: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.options.storeRetryMs ?? 120_000);
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        return await write();
      } catch (error) {
        if (Date.now() + delay > deadline || !run.holdsLease()) throw error;
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

  /** Collects the target's inventory (or facts) and, for databases, its findings. */
  private async collect(
    target: ScanTarget,
  ): Promise<{ snapshot: ScanSnapshot; findings: Finding[] }> {
    if (target.config.kind === 'connector') {
      const snapshot = await collectConnectorSnapshot(
        this.options.connectors!,
        target.connector!,
        this.options.contractRuns && {
          store: this.options.contractRuns,
          targetId: target.record.id,
        },
      );
      return { snapshot, findings: [] };
    }
    if (target.config.kind === 'repository') {
      const config = target.config;
      const access = await target.discovered?.access();
      const source = config.path
        ? new LocalRepositorySource(config.path)
        : new GithubRepositorySource({ ...config.github!, ...access });
      // The GitHub client keeps the token out of its errors.
      const facts = await collectRepositoryFacts(source);
      return {
        snapshot: {
          kind: 'repository' as const,
          capturedAt: new Date().toISOString(),
          ...facts,
        },
        findings: [],
      };
    }
    const config = target.config;
    const executor = executorFor(config);
    try {
      const inventory = await introspect(executor, {
        exposedSchemas: config.exposedSchemas,
      });
      return { snapshot: inventory, findings: runLints(inventory).findings };
    } finally {
      await executor.close();
    }
  }
}
