import { NotFoundError } from '@backstage/errors';
import { parityReadPermission } from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { parseInput } from './parseInput';
import { ApiRouter, RouteContext } from './RouteContext';

const connectorParams = z.object({
  connectorId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a connector id'),
});
const ingestionReport = z.object({
  status: z.enum(['applied', 'kept', 'failed']),
  entities: z.number().int().min(0),
  reason: z.string().max(2000).optional(),
});

/** Connectors: where each stands, its last good inventory, and what the catalog made of it. */
export function addConnectorRoutes(router: ApiRouter, ctx: RouteContext) {
  const { access, services } = ctx;
  const connectorOf = (params: unknown) =>
    parseInput(connectorParams, params, 'connector').connectorId;

  router.get('/connectors', async (req, res) => {
    const credentials = await access.authorize(req, parityReadPermission);
    const visible = await access.entities.visible(credentials);
    res.json({ items: await services.connectors.listConnectors(visible) });
  });

  router.get('/connectors/:connectorId/inventory', async (req, res) => {
    const id = connectorOf(req.params);
    const credentials = await access.authorize(req, parityReadPermission);
    const target = services.connectors.connector(id);
    if (
      !target ||
      !(await access.entities.canRead(target.record.entityRef, credentials))
    )
      throw new NotFoundError(`No connector ${id}, or no access to it`);
    res.json(await services.connectors.lastGoodInventory(target));
  });

  router.post('/connectors/:connectorId/ingestion', async (req, res) => {
    // Only the catalog module (a service) reports ingestion runs.
    await access.credentialsOf(req, ['service']);
    const id = connectorOf(req.params);
    const report = parseInput(ingestionReport, req.body, 'ingestion report');
    await services.connectors.recordIngestion(id, report);
    res.status(204).end();
  });
}
