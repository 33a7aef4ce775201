import {
  AuthService,
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  CORE_CAPABILITIES,
  resolveProfile,
  ResolvedProfile,
} from '@platform-kit/plugin-platform-kit-common';
import { ConnectorRegistry } from '../connectors/ConnectorRegistry';
import { GithubLocator } from '../discovery/githubLocation';
import { JobWorkers } from '../jobs/JobWorkers';
import { readContractSchedule } from '../jobs/contractJobs';
import { readJobSettings } from '../jobs/jobSettings';
import { RepositoryDiscovery } from '../discovery/RepositoryDiscovery';
import { TargetRegistry } from '../discovery/TargetRegistry';
import { ControlPlaneMetrics } from '../metrics/controlPlaneMetrics';
import { ParityService } from '../parity/ParityService';
import { AppSourceReader, readAppSourceLimits } from '../remediation/appSource';
import { RemediationService } from '../remediation/RemediationService';
import { RouteAccess } from '../routes/routeAccess';
import { RouteContext } from '../routes/RouteContext';
import { ScanService } from '../scan/ScanService';
import { ConnectorService } from '../service/ConnectorService';
import { catalogEntityAccess } from '../service/EntityAccess';
import { EntityLookup } from '../service/EntityLookup';
import { ExemptionService } from '../service/ExemptionService';
import { FindingsService } from '../service/FindingsService';
import { InventoryService } from '../service/InventoryService';
import { JobService } from '../service/JobService';
import { ParityReadService } from '../service/ParityReadService';
import { ProfileSync } from '../service/profileSync';
import { ResultsService } from '../service/ResultsService';
import { ScanRequestService } from '../service/ScanRequestService';
import { ScorecardService } from '../service/ScorecardService';
import { readPlatformKitConfig } from '../service/targetsConfig';
import { ControlPlaneSignals } from '../signals/controlPlaneSignals';
import { openOpsDatabase } from '../store/migrate';
import { OpsStore } from '../store/OpsStore';
import { ContractRunStore } from '../store/contractRuns';
import { RemediationStore } from '../store/remediationStore';
import { REPOSITORY_STAND_IN, standInEntity } from './standInEntity';
import { scheduleBackgroundWork } from './scheduleBackgroundWork';

/** The Backstage services the control plane is built from. */
export interface PlatformKitDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  /** Lets running jobs finish at shutdown. */
  lifecycle?: LifecycleService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auth: AuthService;
  urlReader: UrlReaderService;
  catalog: CatalogService;
  signals: SignalsService;
  /** Connector types registered by backend modules. */
  connectors: ConnectorRegistry;
}

/** The control plane, built once: what the routes call, and the work it runs on its own. */
export interface PlatformKitContext extends RouteContext {
  /** Schedules the catalog sync, discovery and scans. */
  start(): Promise<void>;
  /** How many targets it scans. */
  targetCount(): number;
}

/**
 * Builds every store and service of the control plane once (migrations
 * applied, capabilities and configured targets stored), as Tech Insights'
 * backend builds its context; the plugin only declares dependencies.
 */
export async function createPlatformKitContext(
  deps: PlatformKitDeps,
): Promise<PlatformKitContext> {
  const { config, logger, catalog, auth, connectors } = deps;
  const settings = readPlatformKitConfig(config);
  const knex = await openOpsDatabase(deps.database);
  // Live updates for the frontend; publishing never fails the work it reports.
  const live = new ControlPlaneSignals(deps.signals, logger);
  const store = new OpsStore(knex, {
    onScanStatus: scan => live.scan(scan.entityRef, scan.id, scan.status),
  });
  const capabilities = CORE_CAPABILITIES.capabilities;
  await store.syncCapabilities(capabilities);
  const projectId = await store.ensureProject(settings.project);
  const capabilityIds = capabilities.map(c => c.id);

  const parity = new ParityService({
    knex,
    store,
    logger,
    capabilities,
    projectId,
    onEvaluated: entityRef => live.parity(entityRef),
  });
  // Until the catalog says otherwise, a target gets the profile of its kind.
  const targetProfiles = new Map<string, ResolvedProfile>();
  const extraDependsOn = new Map<string, string[]>();
  // Connector options are checked against their types before anything runs.
  const resolvedConnectors = new Map(
    settings.targets.flatMap((t, i) =>
      t.kind === 'connector'
        ? [[t.id, connectors.resolve(t, `platformKit.targets[${i}]`)]]
        : [],
    ),
  );
  for (const t of settings.targets) {
    targetProfiles.set(
      t.entityRef,
      resolveProfile(standInEntity(t), settings.profiles, capabilityIds),
    );
    if (t.kind === 'repository' && t.dependsOn.length)
      extraDependsOn.set(t.entityRef, t.dependsOn);
  }
  const profileSync = new ProfileSync({
    catalog,
    auth,
    knex,
    logger,
    parity,
    projectId,
    profiles: settings.profiles,
    capabilityIds,
    targetProfiles,
    extraDependsOn,
    connectorEntities: new Map(
      settings.targets.flatMap(t =>
        t.kind === 'connector' ? [[t.id, t.entityRef] as const] : [],
      ),
    ),
  });
  await profileSync.seedTargets();
  const metrics = new ControlPlaneMetrics(knex, projectId);
  // jobs:start
  // Scans, applies and contract runs: one job table, leases, a heartbeat, a reaper (docs/jobs.md).
  const jobs = new JobWorkers({
    knex,
    logger,
    settings: readJobSettings(config),
    lifecycle: deps.lifecycle,
  });
  const contractRuns = new ContractRunStore(knex);
  // jobs:end

  const scans = new ScanService({
    store,
    logger,
    parity,
    metrics,
    connectors,
    contractRuns,
    maxAttempts: settings.scanAttempts,
    retryDelayMs: attempt => settings.retryDelaySeconds * 1000 * attempt,
    onScanned: async entityRef =>
      (await profileSync.syncSome([entityRef])).evaluatedRefs,
  });
  const locator = new GithubLocator(config, settings.discovery.annotation);
  const repositoryProfile = resolveProfile(
    REPOSITORY_STAND_IN,
    settings.profiles,
    capabilityIds,
  );
  const targets = new TargetRegistry({
    knex,
    store,
    jobs,
    scans,
    contracts: {
      registry: connectors,
      runs: contractRuns,
      schedule: readContractSchedule(config),
    },
    logger,
    projectId,
    discoveredSchedule: settings.discovery.schedule,
    githubAccess: location => locator.access(location),
    // Until the catalog sync knows it, a discovered target is profiled as a repository.
    async onDiscoveredChange(entityRef, active) {
      if (!active) {
        targetProfiles.delete(entityRef);
        return;
      }
      targetProfiles.set(entityRef, repositoryProfile);
      await profileSync.seedTarget(entityRef);
    },
  });
  await targets.addConfigured(
    settings.targets,
    settings.schedule,
    resolvedConnectors,
  );
  const discovery = new RepositoryDiscovery({
    config: settings.discovery,
    catalog,
    auth,
    locator,
    registry: targets,
  });
  if (discovery.enabled) await targets.loadDiscovered();
  const requestScan = (entityRef: string, requestedBy: string) =>
    targets.requestScan(entityRef, requestedBy);
  const remediationPlans = new RemediationStore(knex, {
    onPlanStatus: plan =>
      live.remediation(plan.entityRef, plan.id, plan.status, plan.apply),
  });
  const remediation = new RemediationService({
    store,
    plans: remediationPlans,
    logger,
    targets,
    requestScan,
    jobs,
    appSource: new AppSourceReader({
      catalog,
      urlReader: deps.urlReader,
      limits: readAppSourceLimits(config),
    }),
  });
  const entityLookup = new EntityLookup(knex, store, targets);
  const scanRequests = new ScanRequestService({
    targets,
    entities: entityLookup,
    requestScan,
    discoverTarget: (entityRef, credentials) =>
      discovery.ensure(entityRef, credentials),
  });
  const access = new RouteAccess(
    deps.httpAuth,
    deps.permissions,
    catalogEntityAccess({
      permissions: deps.permissions,
      catalog,
      knex,
      projectId,
    }),
  );
  return {
    access,
    services: {
      parity: new ParityReadService({
        knex,
        store,
        parity,
        entities: entityLookup,
      }),
      findings: new FindingsService({ knex, parity, entities: entityLookup }),
      inventory: new InventoryService(store, entityLookup),
      scans: scanRequests,
      jobs: new JobService({
        knex,
        store,
        plans: remediationPlans,
        scans: scanRequests,
        remediation,
      }),
      exemptions: new ExemptionService({
        store,
        parity,
        entities: entityLookup,
        projectId,
        capabilityIds: new Set(capabilityIds),
        signals: live,
      }),
      scorecards: new ScorecardService(knex, projectId, {
        cache: true,
      }),
      results: new ResultsService({ store, parity, targets }),
      connectors: new ConnectorService(knex, targets),
      remediation,
      remediationPlans,
      store,
    },
    targetCount: () => targets.size,
    start: () =>
      scheduleBackgroundWork({
        scheduler: deps.scheduler,
        logger,
        settings,
        discovery,
        profileSync,
        targets,
        store,
        jobs,
      }),
  };
}
