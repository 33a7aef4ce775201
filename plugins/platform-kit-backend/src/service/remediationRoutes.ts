import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { RemediationService } from '../remediation/RemediationService';
import { RemediationStore } from '../store/remediationStore';
import { plainText } from './plainText';

export interface RemediationRoutesOptions {
  httpAuth: HttpAuthService;
  remediation: RemediationService;
  remediationPlans: RemediationStore;
  /** parity.read and catalog read access to the entity, or 404. */
  authorizeEntity(req: express.Request, entityRef: string): Promise<void>;
  /** parity.read; resolves to the caller's credentials. */
  authorizeRead(req: express.Request): Promise<BackstageCredentials>;
  /** remediation.apply; resolves to the caller's credentials. */
  authorizeApply(req: express.Request): Promise<BackstageCredentials>;
  canReadEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean>;
  /** The entity ref of `:kind/:namespace/:name`, validated. */
  entityRefOf(params: unknown): string;
  principalName(credentials: BackstageCredentials): string;
  parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T;
}

const findingKey = plainText(500);
const uuid = z.string().uuid();
const planRequest = z.object({
  entityRef: z.string().min(1),
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

/** Remediation plans: list, build, read and apply. */
export function addRemediationRoutes(
  router: express.Router,
  options: RemediationRoutesOptions,
) {
  const { parse, remediation, remediationPlans } = options;

  router.get(
    '/entities/:kind/:namespace/:name/remediation-plans',
    async (req, res) => {
      const entityRef = options.entityRefOf(req.params);
      await options.authorizeEntity(req, entityRef);
      const items = await remediationPlans.listForEntity(entityRef);
      res.json({ entityRef, items });
    },
  );

  router.post('/remediation-plans', async (req, res) => {
    const body = parse(planRequest, req.body, 'request body');
    const entityRef = body.entityRef.toLowerCase();
    await options.authorizeEntity(req, entityRef);
    const credentials = await options.httpAuth.credentials(req);
    const plan = await remediation.createPlan(entityRef, body, {
      createdBy: options.principalName(credentials),
      credentials,
    });
    res.status(201).json(plan);
  });

  /** A plan the caller may see (its entity readable in the catalog), or 404. */
  const readablePlan = async (req: express.Request, id: string) => {
    const credentials = await options.httpAuth.credentials(req);
    const plan = await remediationPlans.get(id);
    if (!plan || !(await options.canReadEntity(plan.entityRef, credentials)))
      throw new NotFoundError(`No remediation plan ${id}`);
    return plan;
  };

  router.get('/remediation-plans/:id', async (req, res) => {
    const id = parse(uuid, req.params.id, 'plan id');
    await options.authorizeRead(req);
    res.json(await readablePlan(req, id));
  });

  router.post('/remediation-plans/:id/apply', async (req, res) => {
    const id = parse(uuid, req.params.id, 'plan id');
    const body = parse(applyRequest, req.body ?? {}, 'request body');
    const credentials = await options.authorizeApply(req);
    await readablePlan(req, id);
    const started = await remediation.startApply(
      id,
      options.principalName(credentials),
      body,
    );
    res.status(202).json(started);
  });
}
