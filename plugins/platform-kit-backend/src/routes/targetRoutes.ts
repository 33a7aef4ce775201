import { parityReadPermission } from '@platform-kit/plugin-platform-kit-common';
import { ApiRouter, RouteContext } from './RouteContext';

/** The configured and discovered targets the caller may see (never a secret). */
export function addTargetRoutes(router: ApiRouter, ctx: RouteContext) {
  router.get('/targets', async (req, res) => {
    const credentials = await ctx.access.authorize(req, parityReadPermission);
    const visible = await ctx.access.entities.visible(credentials);
    res.json({ items: ctx.services.connectors.listTargets(visible) });
  });
}
