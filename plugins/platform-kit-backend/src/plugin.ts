import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { platformKitConnectorsExtensionPoint } from '@platform-kit/plugin-platform-kit-node';
import {
  CORE_CAPABILITIES,
  PROFILE_ANNOTATIONS,
  platformKitPermissions,
  resolveProfile,
  ResolvedProfile,
} from '@platform-kit/plugin-platform-kit-common';
import { ControlPlaneMetrics } from './metrics/controlPlaneMetrics';
import { ParityService } from './parity/ParityService';
import { ScanService } from './scan/ScanService';
import { ProfileSync } from './service/profileSync';
import { createRouter } from './service/router';
import { visibleEntities } from './service/catalogVisibility';
import { readPlatformKitConfig, TargetConfig } from './service/targetsConfig';
import { GithubLocator } from './discovery/githubLocation';
import { RepositoryDiscovery } from './discovery/RepositoryDiscovery';
import { TargetRegistry } from './discovery/TargetRegistry';
import { ConnectorRegistry } from './connectors/ConnectorRegistry';
import { openOpsDatabase } from './store/migrate';
import { OpsStore } from './store/OpsStore';
import { RemediationStore } from './store/remediationStore';
import { RemediationService } from './remediation/RemediationService';
import { AppSourceReader, readAppSourceLimits } from './remediation/appSource';
import { ControlPlaneSignals } from './signals/controlPlaneSignals';

const REPOSITORY_STAND_IN = { kind: 'Component', metadata: {} };

/** What a target looks like to profiles until the catalog says otherwise. */
function standInEntity(t: TargetConfig) {
  if (t.kind === 'repository') return REPOSITORY_STAND_IN;
  if (t.kind === 'connector')
    return {
      kind: 'Resource',
      metadata: { annotations: { [PROFILE_ANNOTATIONS.connector]: t.id } },
    };
  return {
    kind: 'Resource',
    metadata: {},
    spec: { type: 'supabase-project' },
  };
}

/**
 * The Platform Kit control plane: applies the ops store migrations, scans the
 * configured targets on schedule (once across replicas), and serves parity,
 * findings, inventory and scans under `/api/platform-kit`.
 *
 * @public
 */
export const platformKitPlugin = createBackendPlugin({
  pluginId: 'platform-kit',
  register(env) {
    // Connector types (n8n, Superset, Odoo, ...) come from backend modules.
    const connectors = new ConnectorRegistry();
    env.registerExtensionPoint(platformKitConnectorsExtensionPoint, connectors);
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auth,
        urlReader,
        catalog,
        signals,
      }) {
        const settings = readPlatformKitConfig(config);
        const knex = await openOpsDatabase(database);
        // Live updates for the frontend; publishing never fails the work it reports.
        const live = new ControlPlaneSignals(signals, logger);
        const store = new OpsStore(knex, {
          onScanStatus: scan => live.scan(scan.entityRef, scan.id, scan.status),
        });
        const capabilities = CORE_CAPABILITIES.capabilities;
        await store.syncCapabilities(capabilities);
        const projectId = await store.ensureProject(settings.project);
        permissionsRegistry.addPermissions(platformKitPermissions);
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
          const ref = t.entityRef.toLowerCase();
          const stand = standInEntity(t);
          targetProfiles.set(
            ref,
            resolveProfile(stand, settings.profiles, capabilityIds),
          );
          if (t.kind === 'repository' && t.dependsOn.length)
            extraDependsOn.set(
              ref,
              t.dependsOn.map(d => d.toLowerCase()),
            );
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
              t.kind === 'connector'
                ? [[t.id, t.entityRef.toLowerCase()] as const]
                : [],
            ),
          ),
        });
        await profileSync.seedTargets();
        const metrics = new ControlPlaneMetrics(knex, projectId);

        const scans = new ScanService({
          store,
          logger,
          parity,
          metrics,
          connectors,
          maxAttempts: settings.scanAttempts,
          retryDelayMs: attempt => settings.retryDelaySeconds * 1000 * attempt,
          onScanned: async entityRef =>
            (await profileSync.syncSome([entityRef])).evaluatedRefs,
        });
        const locator = new GithubLocator(
          config,
          settings.discovery.annotation,
        );
        const repositoryProfile = resolveProfile(
          REPOSITORY_STAND_IN,
          settings.profiles,
          capabilityIds,
        );
        const targets = new TargetRegistry({
          knex,
          store,
          scheduler,
          scans,
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
          appSource: new AppSourceReader({
            catalog,
            urlReader,
            limits: readAppSourceLimits(config),
          }),
        });

        httpRouter.use(
          await createRouter({
            remediation,
            remediationPlans,
            store,
            httpAuth,
            permissions,
            knex,
            parity,
            visibleEntities: credentials =>
              visibleEntities(
                { permissions, catalog, knex, projectId },
                credentials,
              ),
            canReadEntity: async (entityRef, credentials) =>
              Boolean(await catalog.getEntityByRef(entityRef, { credentials })),
            projectId,
            capabilityIds: new Set(capabilities.map(c => c.id)),
            async pushResults(entityRef, pushedBy, findings, matrix) {
              const scanId = await store.recordPushedResults(
                targets.get(entityRef)!.record,
                pushedBy,
                findings,
                matrix,
              );
              parity.announce(entityRef);
              return scanId;
            },
            signals: live,
            requestScan,
            targets,
            discoverTarget: (entityRef, credentials) =>
              discovery.ensure(entityRef, credentials),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Profiles, dependencies and what scorecards roll up by come from the catalog.
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
            if (await store.latestScanId(target.record.entityRef)) continue;
            await store.createScan(target.record, 'startup');
            scans
              .processTarget(target, { scheduled: false })
              .catch(error =>
                logger.error(
                  `start-up scan of ${target.record.entityRef} failed: ${error}`,
                ),
              );
          }
        }
        logger.info(
          `Platform Kit control plane ready with ${targets.size} target(s)`,
        );
      },
    });
  },
});
