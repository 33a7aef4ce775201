import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import PlaylistPlayIcon from '@material-ui/icons/PlaylistPlay';
import { platformKitApiRef } from './api/PlatformKitApi';
import { PlatformKitClient } from './api/PlatformKitClient';
import { scaffolderTaskRouteRef } from './routes';

const scorecardsRouteRef = createRouteRef();
const jobsRouteRef = createRouteRef();

const platformKitApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: platformKitApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformKitClient(deps),
    }),
});

/** Entities a default profile applies to; the tab explains when none does. */
const hasParity = (entity: { kind: string }) =>
  ['component', 'resource', 'api'].includes(entity.kind.toLowerCase());

const parityTab = EntityContentBlueprint.make({
  name: 'parity',
  params: {
    path: 'parity',
    title: 'Parity',
    filter: hasParity,
    loader: () =>
      import('./components/EntityPlatformKitContent').then(m => (
        <m.EntityPlatformKitContent />
      )),
  },
});

const parityCard = EntityCardBlueprint.make({
  name: 'parity',
  params: {
    filter: hasParity,
    loader: () =>
      import('./components/parity/EntityParityCard').then(m => (
        <m.EntityParityCard />
      )),
  },
});

// The app's sidebar lists a page only when it has an icon (and a title).
const scorecardsPage = PageBlueprint.make({
  name: 'scorecards',
  params: {
    path: '/platform-kit',
    title: 'Scorecards',
    icon: <AssessmentIcon />,
    routeRef: scorecardsRouteRef,
    loader: () =>
      import('./components/scorecards/ScorecardsPage').then(m => (
        <m.ScorecardsPage />
      )),
  },
});

const jobsPage = PageBlueprint.make({
  name: 'jobs',
  params: {
    path: '/platform-kit/jobs',
    title: 'Jobs',
    icon: <PlaylistPlayIcon />,
    routeRef: jobsRouteRef,
    loader: () =>
      import('./components/jobs/JobsPage').then(m => <m.JobsPage />),
  },
});

/**
 * Platform Kit for apps on the new frontend system (the default).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'platform-kit',
  title: 'Platform Kit',
  routes: { scorecards: scorecardsRouteRef, jobs: jobsRouteRef },
  externalRoutes: { scaffolderTask: scaffolderTaskRouteRef },
  extensions: [platformKitApi, parityTab, parityCard, scorecardsPage, jobsPage],
});
