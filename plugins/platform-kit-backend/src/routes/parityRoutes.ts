import { entityRefOfParams } from './requestSchemas';
import { ApiRouter, RouteContext } from './RouteContext';

/** An entity's current parity, with evidence and its score history. */
export function addParityRoutes(router: ApiRouter, ctx: RouteContext) {
  router.get('/entities/:kind/:namespace/:name/parity', async (req, res) => {
    const entityRef = entityRefOfParams(req.params);
    await ctx.access.authorizeEntity(req, entityRef);
    res.json(await ctx.services.parity.current(entityRef));
  });
}
