import { z } from 'zod';
import { parseInput } from './parseInput';
import { entityRefOfParams, paging } from './requestSchemas';
import { ApiRouter, RouteContext } from './RouteContext';

const inventoryQuery = z.object({
  section: z
    .enum([
      'relations',
      'columns',
      'indexes',
      'policies',
      'functions',
      'extensions',
      'schemas',
    ])
    .default('relations'),
  q: z.string().max(200).optional(),
  schema: z.string().max(200).optional(),
  table: z.string().min(1).max(200).optional(),
  ...paging(100, 500),
});

/** The inventory behind an entity's parity, one section at a time. */
export function addInventoryRoutes(router: ApiRouter, ctx: RouteContext) {
  router.get('/entities/:kind/:namespace/:name/inventory', async (req, res) => {
    const entityRef = entityRefOfParams(req.params);
    const query = parseInput(inventoryQuery, req.query, 'query');
    await ctx.access.authorizeEntity(req, entityRef);
    res.json(await ctx.services.inventory.page(entityRef, query));
  });
}
