import {
  entityRefSchema,
  exemptionManagePermission,
  parityReadPermission,
} from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { parseInput } from './parseInput';
import { uuid } from './requestSchemas';
import { principalName } from './routeAccess';
import { ApiRouter, RouteContext } from './RouteContext';

const exemptionRequest = z.object({
  entityRef: entityRefSchema,
  capabilityId: z.string().min(1),
  reason: z
    .string()
    .trim()
    .min(10, 'give a reason of at least 10 characters')
    .max(2000),
  expiresAt: z.iso.datetime({ offset: true }),
});
const exemptionsQuery = z.object({ entityRef: entityRefSchema.optional() });

/** Exemptions: listed, requested with a reason and an end, revoked. */
export function addExemptionRoutes(router: ApiRouter, ctx: RouteContext) {
  const { access, services } = ctx;

  router.get('/exemptions', async (req, res) => {
    const { entityRef } = parseInput(exemptionsQuery, req.query, 'query');
    await access.authorize(req, parityReadPermission);
    const items = await services.exemptions.list(entityRef);
    res.json({ items: items.map(e => ({ ...e })) });
  });

  router.post('/exemptions', async (req, res) => {
    const body = parseInput(exemptionRequest, req.body, 'request body');
    const credentials = await access.authorize(req, exemptionManagePermission);
    const exemption = await services.exemptions.create({
      ...body,
      requestedBy: principalName(credentials),
    });
    res.status(201).json({ ...exemption });
  });

  router.delete('/exemptions/:id', async (req, res) => {
    const id = parseInput(uuid, req.params.id, 'exemption id');
    await access.authorize(req, exemptionManagePermission);
    await services.exemptions.revoke(id);
    res.status(204).end();
  });
}
