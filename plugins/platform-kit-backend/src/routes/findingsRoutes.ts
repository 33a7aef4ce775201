import { z } from 'zod';
import { parseInput } from './parseInput';
import { entityRefOfParams } from './requestSchemas';
import { ApiRouter, RouteContext } from './RouteContext';

const findingsQuery = z.object({
  level: z.enum(['ERROR', 'WARN', 'INFO']).optional(),
  category: z.enum(['SECURITY', 'PERFORMANCE']).optional(),
});

/** The findings behind an entity's parity, filtered by level and category. */
export function addFindingsRoutes(router: ApiRouter, ctx: RouteContext) {
  router.get('/entities/:kind/:namespace/:name/findings', async (req, res) => {
    const entityRef = entityRefOfParams(req.params);
    const filter = parseInput(findingsQuery, req.query, 'query');
    await ctx.access.authorizeEntity(req, entityRef);
    res.json(await ctx.services.findings.list(entityRef, filter));
  });
}
