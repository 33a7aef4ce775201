import express from 'express';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../schema/openapi.generated';
import { addConnectorRoutes } from './connectorRoutes';
import { addExemptionRoutes } from './exemptionRoutes';
import { addFindingsRoutes } from './findingsRoutes';
import { addHealthRoutes } from './healthRoutes';
import { addInventoryRoutes } from './inventoryRoutes';
import { addParityRoutes } from './parityRoutes';
import { addRemediationRoutes } from './remediationRoutes';
import { addResultsRoutes } from './resultsRoutes';
import { RouteContext } from './RouteContext';
import { addScanRoutes } from './scanRoutes';
import { addScorecardRoutes } from './scorecardRoutes';
import { addTargetRoutes } from './targetRoutes';

/** The REST API (`/api/platform-kit`), one router per resource. */
export async function createPlatformKitRouter(
  ctx: RouteContext,
): Promise<express.Router> {
  // Requests are checked against the document before a handler runs (400 with what is wrong).
  const router = createValidatedOpenApiRouter<typeof spec>(spec, {
    middleware: [express.json({ limit: '1mb' })],
  });
  addHealthRoutes(router);
  addParityRoutes(router, ctx);
  addFindingsRoutes(router, ctx);
  addInventoryRoutes(router, ctx);
  addScanRoutes(router, ctx);
  addExemptionRoutes(router, ctx);
  addScorecardRoutes(router, ctx);
  addResultsRoutes(router, ctx);
  addTargetRoutes(router, ctx);
  addConnectorRoutes(router, ctx);
  addRemediationRoutes(router, ctx);
  return router;
}
