import { createRouteRef } from '@backstage/core-plugin-api';

/** Legacy frontend system: the scorecards page and the jobs page. */
export const rootRouteRef = createRouteRef({ id: 'platform-kit' });
export const jobsRouteRef = createRouteRef({ id: 'platform-kit:jobs' });
