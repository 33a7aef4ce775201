import { ApiRouter } from './RouteContext';

/** Liveness, unauthenticated (see the plugin's auth policy). */
export function addHealthRoutes(router: ApiRouter) {
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
}
