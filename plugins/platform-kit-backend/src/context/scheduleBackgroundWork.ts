import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { RepositoryDiscovery } from '../discovery/RepositoryDiscovery';
import { TargetRegistry } from '../discovery/TargetRegistry';
import { JobWorkers } from '../jobs/JobWorkers';
import { ProfileSync } from '../service/profileSync';
import { PlatformKitConfig } from '../service/targetsConfig';
import { OpsStore } from '../store/OpsStore';

/**
 * The control plane's own work: the job workers (scans, applies, contract
 * runs), the catalog sync (profiles, dependencies, discovery) once across
 * replicas, and a first scan of never-scanned targets.
 */
export async function scheduleBackgroundWork(deps: {
  scheduler: SchedulerService;
  logger: LoggerService;
  settings: PlatformKitConfig;
  discovery: RepositoryDiscovery;
  profileSync: ProfileSync;
  targets: TargetRegistry;
  store: OpsStore;
  jobs: JobWorkers;
}): Promise<void> {
  const { scheduler, logger, settings, discovery, profileSync, targets } = deps;
  await deps.jobs.start(scheduler);
  await scheduler.scheduleTask({
    id: 'platform-kit-catalog-sync',
    frequency: { minutes: settings.catalogSyncMinutes },
    initialDelay: { seconds: 10 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      // Discovered first: their entities are profiled as repositories by the same sync.
      if (discovery.enabled) {
        const found = await discovery.syncAll();
        logger.info(
          `repository discovery: ${found.discovered} discovered target(s), ${found.retired} retired`,
        );
      }
      const result = await profileSync.syncAll();
      logger.info(
        `catalog sync: ${result.entities} entities with parity, ${result.evaluated} evaluated`,
      );
    },
  });
  if (discovery.enabled)
    // Every replica scans what another discovered (the sync above runs on one of them).
    await scheduler.scheduleTask({
      id: 'platform-kit-discovered-targets',
      frequency: { minutes: settings.catalogSyncMinutes },
      initialDelay: { seconds: 30 },
      timeout: { minutes: 1 },
      scope: 'local',
      fn: () => targets.loadDiscovered(),
    });
  if (settings.scanOnStartup) {
    // Discovered targets have their own schedule; start-up only covers configured ones.
    for (const target of targets.list().filter(t => !t.discovered)) {
      if (await deps.store.latestScanId(target.record.entityRef)) continue;
      await targets.requestScan(target.record.entityRef, 'startup');
    }
  }
}
