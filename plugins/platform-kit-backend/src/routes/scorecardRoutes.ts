import { parityReadPermission } from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { parseInput } from './parseInput';
import { paging } from './requestSchemas';
import { ApiRouter, RouteContext } from './RouteContext';

const scorecardsQuery = z.object({
  groupBy: z.enum(['none', 'owner', 'system', 'domain']).default('none'),
  sort: z.enum(['score', 'name']).default('score'),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().max(200).optional(),
  owner: z.string().max(300).optional(),
  system: z.string().max(300).optional(),
  domain: z.string().max(300).optional(),
  kind: z.string().max(100).optional(),
  ...paging(50, 500),
});

/** Org-wide scorecards over what the caller may see. */
export function addScorecardRoutes(router: ApiRouter, ctx: RouteContext) {
  router.get('/scorecards', async (req, res) => {
    const query = parseInput(scorecardsQuery, req.query, 'query');
    const credentials = await ctx.access.authorize(req, parityReadPermission);
    const visible = await ctx.access.entities.visible(credentials);
    res.json(await ctx.services.scorecards.query(query, visible));
  });
}
