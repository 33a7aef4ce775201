import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** Legacy frontend system: the scorecards page and the jobs page. */
export const rootRouteRef = createRouteRef({ id: 'platform-kit' });
export const jobsRouteRef = createRouteRef({ id: 'platform-kit:jobs' });

/** The scaffolder's live log of a task (bound by default in the new frontend system). */
export const scaffolderTaskRouteRef = createExternalRouteRef({
  id: 'platform-kit:scaffolder-task',
  optional: true,
  params: ['taskId'],
  defaultTarget: 'scaffolder.ongoingTask',
});
