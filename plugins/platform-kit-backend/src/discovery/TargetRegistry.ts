import { NotFoundError } from '@backstage/errors';
import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ResolvedConnector } from '../connectors/ConnectorRegistry';
import { ScanService, ScanTarget } from '../scan/ScanService';
import { frequencyOf, TargetConfig } from '../service/targetsConfig';
import {
  activeDiscoveredTargets,
  DiscoveredSettings,
  isDiscoveredTargetActive,
  retireDiscoveredTarget,
} from '../store/discoveredTargets';
import { OpsStore } from '../store/OpsStore';
import { GithubLocation } from './githubLocation';

export interface TargetRegistryOptions {
  knex: Knex;
  store: OpsStore;
  scheduler: SchedulerService;
  scans: ScanService;
  logger: LoggerService;
  projectId: string;
  /** Schedule of discovered targets. */
  discoveredSchedule: string;
  /** The API URL and token of a discovered repository, resolved for each scan. */
  githubAccess(
    location: GithubLocation,
  ): Promise<{ baseUrl: string; token?: string }>;
  /** Told when a discovered target starts or stops being scanned by this replica. */
  onDiscoveredChange?(entityRef: string, active: boolean): Promise<void>;
}

const sameLocation = (a: GithubLocation, b: GithubLocation) =>
  a.host === b.host && a.owner === b.owner && a.repo === b.repo;

/** The scheduler task that scans a discovered target. */
const discoveredTaskId = (entityRef: string) =>
  `platform-kit-scan:discovered:${entityRef}`;

/**
 * Every target this replica scans, by entity ref: the configured ones and the
 * repositories discovered from the catalog. Owns their scheduled scan tasks
 * (global: one runner across replicas) and queues on-demand scans. A
 * discovered target learned by another replica is picked up from the ops
 * store ({@link TargetRegistry.loadDiscovered}).
 */
export class TargetRegistry {
  private readonly targets = new Map<string, ScanTarget>();
  private readonly scheduled = new Set<string>();

  constructor(private readonly options: TargetRegistryOptions) {}

  get size() {
    return this.targets.size;
  }

  get(entityRef: string): ScanTarget | undefined {
    return this.targets.get(entityRef);
  }

  has(entityRef: string): boolean {
    return this.targets.has(entityRef);
  }

  list(): ScanTarget[] {
    return [...this.targets.values()];
  }

  /** Stores and schedules the configured targets. */
  async addConfigured(
    configs: TargetConfig[],
    defaultSchedule: string,
    connectors: Map<string, ResolvedConnector>,
  ): Promise<void> {
    for (const config of configs) {
      const schedule = config.schedule ?? defaultSchedule;
      const record = await this.options.store.upsertTarget(
        this.options.projectId,
        {
          entityRef: config.entityRef.toLowerCase(),
          name: config.id,
          kind: config.kind,
          schedule,
        },
      );
      this.targets.set(record.entityRef, {
        config,
        record,
        connector: connectors.get(config.id),
      });
      await this.schedule(
        record.entityRef,
        `platform-kit-scan:${config.id}`,
        schedule,
      );
    }
  }

  /**
   * Makes an entity's repository a target (stored, scheduled); a configured
   * target of the entity wins. Resolves to the target, undefined when configured.
   */
  async addDiscovered(
    entityRef: string,
    github: GithubLocation,
  ): Promise<ScanTarget | undefined> {
    const known = this.targets.get(entityRef);
    if (known && !known.discovered) return undefined;
    if (known?.discovered && sameLocation(known.discovered.github, github)) {
      const stillActive = await isDiscoveredTargetActive(
        this.options.knex,
        known.record.id,
      );
      if (stillActive) return known;
    }
    const settings: DiscoveredSettings = { discovered: true, github };
    const record = await this.options.store.upsertTarget(
      this.options.projectId,
      {
        entityRef,
        name: `${github.owner}/${github.repo}`,
        kind: 'repository',
        schedule: this.options.discoveredSchedule,
        settings: { ...settings },
      },
    );
    if (!known)
      this.options.logger.info(
        `discovered repository target ${github.host}/${github.owner}/${github.repo} for ${entityRef}`,
      );
    return this.track(record, github);
  }

  /** Scans a discovered target from now on, on this replica. */
  private async track(
    record: ScanTarget['record'],
    github: GithubLocation,
  ): Promise<ScanTarget> {
    const target = this.discoveredTarget(record, github);
    this.targets.set(record.entityRef, target);
    await this.schedule(
      record.entityRef,
      discoveredTaskId(record.entityRef),
      this.options.discoveredSchedule,
    );
    await this.options.onDiscoveredChange?.(record.entityRef, true);
    return target;
  }

  /** Stops scanning a discovered target (its history stays); configured targets are kept. */
  async retireDiscovered(entityRef: string): Promise<void> {
    const known = this.targets.get(entityRef);
    if (known && !known.discovered) return;
    const retired = await retireDiscoveredTarget(
      this.options.knex,
      this.options.projectId,
      entityRef,
    );
    if (retired)
      this.options.logger.info(
        `${entityRef} is no longer a discovered repository target`,
      );
    await this.forget(entityRef);
  }

  /** Discovered targets of the ops store, whichever replica found them. */
  async loadDiscovered(): Promise<void> {
    const rows = await activeDiscoveredTargets(
      this.options.knex,
      this.options.projectId,
    );
    const active = new Set<string>();
    for (const { record, github } of rows) {
      active.add(record.entityRef);
      const known = this.targets.get(record.entityRef);
      if (known && !known.discovered) continue;
      if (known?.discovered && sameLocation(known.discovered.github, github))
        continue;
      await this.track(record, github);
    }
    for (const target of this.list())
      if (target.discovered && !active.has(target.record.entityRef))
        await this.forget(target.record.entityRef);
  }

  /** Queues a scan of a known target and starts it; resolves to the scan id. */
  async requestScan(entityRef: string, requestedBy: string): Promise<string> {
    const { store, scheduler, scans, logger } = this.options;
    const target = this.targets.get(entityRef);
    // Retired by a catalog sync since the caller looked it up.
    if (!target)
      throw new NotFoundError(`No Platform Kit target for ${entityRef}`);
    const scanId = await store.createScan(target.record, requestedBy);
    // The scheduled task runs queued scans; triggering it keeps one runner per target across replicas.
    await scheduler.triggerTask(this.taskIdOf(target)).catch(() => {
      // Already running: run the queued scan beside it; claiming keeps each scan single.
      scans
        .processTarget(target, { scheduled: false })
        .catch(error =>
          logger.error(`queued scan of ${entityRef} failed to run: ${error}`),
        );
    });
    return scanId;
  }

  private taskIdOf(target: ScanTarget) {
    return target.discovered
      ? discoveredTaskId(target.record.entityRef)
      : `platform-kit-scan:${target.config.id}`;
  }

  private discoveredTarget(
    record: ScanTarget['record'],
    github: GithubLocation,
  ): ScanTarget {
    return {
      config: {
        id: record.entityRef,
        entityRef: record.entityRef,
        kind: 'repository',
        github: { owner: github.owner, repo: github.repo },
        dependsOn: [],
      },
      record,
      discovered: {
        github,
        access: () => this.options.githubAccess(github),
      },
    };
  }

  private async forget(entityRef: string) {
    if (!this.targets.get(entityRef)?.discovered) return;
    this.targets.delete(entityRef);
    await this.options.onDiscoveredChange?.(entityRef, false);
  }

  /**
   * One task per target and process; the task looks the target up when it
   * runs, so a retired or relocated target is handled without rescheduling.
   */
  private async schedule(entityRef: string, id: string, schedule: string) {
    if (this.scheduled.has(id)) return;
    this.scheduled.add(id);
    await this.options.scheduler.scheduleTask({
      id,
      frequency: frequencyOf(schedule),
      timeout: { minutes: 15 },
      scope: 'global',
      fn: async () => {
        const target = this.targets.get(entityRef);
        if (!target) return;
        if (
          target.discovered &&
          !(await isDiscoveredTargetActive(this.options.knex, target.record.id))
        ) {
          await this.forget(entityRef);
          return;
        }
        await this.options.scans.processTarget(target, { scheduled: true });
      },
    });
  }
}
