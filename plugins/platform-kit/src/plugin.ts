import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { platformKitApiRef } from './api/PlatformKitApi';
import type { EntityParityCardProps } from './components/parity/EntityParityCard';
import { PlatformKitClient } from './api/PlatformKitClient';
import { jobsRouteRef, rootRouteRef, scaffolderTaskRouteRef } from './routes';

/**
 * Platform Kit for apps on the legacy frontend system.
 *
 * @public
 */
export const platformKitPlugin = createPlugin({
  id: 'platform-kit',
  apis: [
    createApiFactory({
      api: platformKitApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformKitClient(deps),
    }),
  ],
  routes: { root: rootRouteRef, jobs: jobsRouteRef },
  externalRoutes: { scaffolderTask: scaffolderTaskRouteRef },
});

/**
 * The entity tab: `<EntityLayout.Route path="/parity" title="Parity"><EntityPlatformKitContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityPlatformKitContent = platformKitPlugin.provide(
  createComponentExtension({
    name: 'EntityPlatformKitContent',
    component: {
      lazy: () =>
        import('./components/EntityPlatformKitContent').then(
          m => m.EntityPlatformKitContent,
        ),
    },
  }),
);

/**
 * The overview card: score and worst capabilities.
 *
 * @public
 */
export const EntityParityCard: (props: EntityParityCardProps) => JSX.Element =
  platformKitPlugin.provide(
    createComponentExtension({
      name: 'EntityParityCard',
      component: {
        lazy: () =>
          import('./components/parity/EntityParityCard').then(
            m => m.EntityParityCard,
          ),
      },
    }),
  );

/**
 * Org scorecards: `<Route path="/platform-kit" element={<PlatformKitPage />} />`.
 *
 * @public
 */
export const PlatformKitPage: (props: { debounceMs?: number }) => JSX.Element =
  platformKitPlugin.provide(
    createRoutableExtension({
      name: 'PlatformKitPage',
      component: () =>
        import('./components/scorecards/ScorecardsPage').then(
          m => m.ScorecardsPage,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * Scans and remediation jobs: `<Route path="/platform-kit/jobs" element={<PlatformKitJobsPage />} />`.
 *
 * @public
 */
export const PlatformKitJobsPage: (props: {
  pollIntervalMs?: number;
}) => JSX.Element = platformKitPlugin.provide(
  createRoutableExtension({
    name: 'PlatformKitJobsPage',
    component: () => import('./components/jobs/JobsPage').then(m => m.JobsPage),
    mountPoint: jobsRouteRef,
  }),
);
