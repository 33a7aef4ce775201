import {
  entityRefSchema,
  findingSchema,
  parityMatrixSchema,
  resultsPushPermission,
} from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { parseInput } from './parseInput';
import { principalName } from './routeAccess';
import { ApiRouter, RouteContext } from './RouteContext';

const resultsRequest = z.object({
  entityRef: entityRefSchema,
  findings: z.array(findingSchema).max(50_000).default([]),
  parity: parityMatrixSchema,
});

/** Results computed in CI, pushed with a service token (never as a user). */
export function addResultsRoutes(router: ApiRouter, ctx: RouteContext) {
  router.post('/results', async (req, res) => {
    const body = parseInput(resultsRequest, req.body, 'request body');
    const credentials = await ctx.access.authorize(req, resultsPushPermission, [
      'service',
    ]);
    const scanId = await ctx.services.results.push(
      body.entityRef,
      principalName(credentials),
      body.findings,
      body.parity,
    );
    res.status(201).json({ scanId });
  });
}
