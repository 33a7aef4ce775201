import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  entityRefSchema,
  parityReadPermission,
  remediationApplyPermission,
} from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { plainText } from '../service/plainText';
import { parseInput } from './parseInput';
import { entityRefOfParams, uuid } from './requestSchemas';
import { principalName } from './routeAccess';
import { ApiRouter, RouteContext } from './RouteContext';

const findingKey = plainText(500);
const planRequest = z.object({
  entityRef: entityRefSchema,
  findingKeys: z.array(findingKey).max(5000).optional(),
  /** Findings to leave out of the plan (listed as skipped, excluded by the user). */
  excludeFindingKeys: z.array(findingKey).max(5000).optional(),
  lints: z.array(z.string().min(1)).max(100).optional(),
  includeDestructive: z.boolean().default(false),
  policySkeletons: z.boolean().default(false),
});
const applyRequest = z.object({
  dryRun: z.boolean().default(false),
  /** One transaction for every finding (default false: each finding commits or rolls back on its own). */
  allOrNothing: z.boolean().default(false),
});

/** Remediation plans: listed, built (a preview), read and applied. */
export function addRemediationRoutes(router: ApiRouter, ctx: RouteContext) {
  const { access, services } = ctx;

  /** A plan the caller may see (its entity readable in the catalog), or 404. */
  const readablePlan = async (
    credentials: BackstageCredentials,
    id: string,
  ) => {
    const plan = await services.remediationPlans.get(id);
    if (!plan || !(await access.entities.canRead(plan.entityRef, credentials)))
      throw new NotFoundError(`No remediation plan ${id}`);
    return plan;
  };

  router.get(
    '/entities/:kind/:namespace/:name/remediation-plans',
    async (req, res) => {
      const entityRef = entityRefOfParams(req.params);
      await access.authorizeEntity(req, entityRef);
      const items = await services.remediationPlans.listForEntity(entityRef);
      res.json({ entityRef, items: items.map(p => ({ ...p })) });
    },
  );

  router.post('/remediation-plans', async (req, res) => {
    const body = parseInput(planRequest, req.body, 'request body');
    const credentials = await access.authorizeEntity(req, body.entityRef);
    const plan = await services.remediation.createPlan(body.entityRef, body, {
      createdBy: principalName(credentials),
      credentials,
    });
    res.status(201).json({ ...plan });
  });

  router.get('/remediation-plans/:id', async (req, res) => {
    const id = parseInput(uuid, req.params.id, 'plan id');
    const credentials = await access.authorize(req, parityReadPermission);
    res.json({ ...(await readablePlan(credentials, id)) });
  });

  router.post('/remediation-plans/:id/apply', async (req, res) => {
    const id = parseInput(uuid, req.params.id, 'plan id');
    const body = parseInput(applyRequest, req.body ?? {}, 'request body');
    const credentials = await access.authorize(req, remediationApplyPermission);
    await readablePlan(credentials, id);
    const started = await services.remediation.startApply(
      id,
      principalName(credentials),
      body,
    );
    res.status(202).json({ ...started });
  });
}
