import { NotFoundError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ResolvedConnector } from '../connectors/ConnectorRegistry';
import { JobWorkers } from '../jobs/JobWorkers';
import {
  CONTRACT_JOB,
  contractJobHandler,
  ContractJobsDeps,
} from '../jobs/contractJobs';
import { SCAN_JOB, scanJob, scanJobHandler } from '../jobs/scanJobs';
import { ScanService, ScanTarget } from '../scan/ScanService';
import { TargetConfig } from '../service/targetsConfig';
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
  /** The job mechanism: scans are its `scan` jobs, scheduled by per-target next-due times. */
  jobs: JobWorkers;
  /** Runs the scan jobs. */
  scans: ScanService;
  /** Connector contract suites as `contract` jobs of the configured connector targets, on their schedule. */
  contracts?: Omit<ContractJobsDeps, 'jobs' | 'targetOf'> & {
    schedule: string;
  };
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

/**
 * Every target this replica scans, by entity ref: the configured ones and the
 * repositories discovered from the catalog. Keeps their scan schedules
 * (next-due times the jobs' planner reads: no scheduler task per target),
 * queues on-demand scans as jobs and registers the `scan` job type. A
 * discovered target learned by another replica is picked up from the ops
 * store ({@link TargetRegistry.loadDiscovered}).
 */
export class TargetRegistry {
  private readonly targets = new Map<string, ScanTarget>();

  constructor(private readonly options: TargetRegistryOptions) {
    options.jobs.register(
      scanJobHandler({
        store: options.store,
        scans: options.scans,
        jobs: options.jobs.store,
        targetOf: targetId => this.targetOf(targetId),
      }),
    );
    if (options.contracts)
      options.jobs.register(
        contractJobHandler({
          ...options.contracts,
          jobs: options.jobs.store,
          targetOf: targetId => this.targetOf(targetId),
        }),
      );
  }

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

  /** Stores and schedules the configured targets; targets taken out of the config are no longer scheduled. */
  async addConfigured(
    configs: TargetConfig[],
    defaultSchedule: string,
    connectors: Map<string, ResolvedConnector>,
  ): Promise<void> {
    const { store, jobs, projectId } = this.options;
    const ids: string[] = [];
    for (const config of configs) {
      const schedule = config.schedule ?? defaultSchedule;
      const record = await store.upsertTarget(projectId, {
        entityRef: config.entityRef,
        name: config.id,
        kind: config.kind,
        schedule,
      });
      this.targets.set(record.entityRef, {
        config,
        record,
        connector: connectors.get(config.id),
      });
      await jobs.schedules.set({
        projectId,
        type: SCAN_JOB,
        targetId: record.id,
        schedule,
      });
      ids.push(record.id);
      if (config.kind === 'connector' && this.options.contracts)
        await jobs.schedules.set({
          projectId,
          type: CONTRACT_JOB,
          targetId: record.id,
          schedule: this.options.contracts.schedule,
          // A new connector gets its first contract run at once.
          runNow: true,
        });
    }
    await jobs.schedules.removeConfiguredExcept(projectId, SCAN_JOB, ids);
    await jobs.schedules.removeConfiguredExcept(
      projectId,
      CONTRACT_JOB,
      this.options.contracts
        ? configs.flatMap((c, i) => (c.kind === 'connector' ? [ids[i]] : []))
        : [],
    );
  }

  /**
   * A target by its id, for a job: one another replica discovered is loaded
   * from the ops store; undefined when it is no longer scanned.
   */
  async targetOf(targetId: string): Promise<ScanTarget | undefined> {
    const byId = () => this.list().find(t => t.record.id === targetId);
    const known = byId();
    if (!known) {
      await this.loadDiscovered();
      return byId();
    }
    if (
      known.discovered &&
      !(await isDiscoveredTargetActive(this.options.knex, targetId))
    ) {
      await this.forget(known.record.entityRef);
      return undefined;
    }
    return known;
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
    await this.options.jobs.schedules.set({
      projectId: record.projectId,
      type: SCAN_JOB,
      targetId: record.id,
      schedule: this.options.discoveredSchedule,
    });
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
    await this.options.jobs.schedules.removeOfEntity(
      this.options.projectId,
      SCAN_JOB,
      entityRef,
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

  /** Queues a scan of a known target as a job and wakes this replica's worker; resolves to the scan id. */
  async requestScan(entityRef: string, requestedBy: string): Promise<string> {
    const { store, jobs, scans } = this.options;
    const target = this.targets.get(entityRef);
    // Retired by a catalog sync since the caller looked it up.
    if (!target)
      throw new NotFoundError(`No Platform Kit target for ${entityRef}`);
    const scanId = await store.queueScan(
      target.record,
      requestedBy,
      async (trx, id) => {
        await jobs.enqueue(scanJob(target.record, id, scans.maxAttempts), trx);
      },
    );
    jobs.wake();
    return scanId;
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

  /** Stops scanning a discovered target on this replica (its schedule goes with it). */
  private async forget(entityRef: string) {
    const known = this.targets.get(entityRef);
    if (!known?.discovered) return;
    this.targets.delete(entityRef);
    await this.options.jobs.schedules.remove(SCAN_JOB, known.record.id);
    await this.options.onDiscoveredChange?.(entityRef, false);
  }
}
