import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  CapabilityResult,
  exemptionManagePermission,
  Finding,
  findingSchema,
  parityMatrixSchema,
  resultsPushPermission,
  Inventory,
  parityReadPermission,
  remediationApplyPermission,
  scanCreatePermission,
} from '@platform-kit/plugin-platform-kit-common';
import { applyExemptions } from '@platform-kit/plugin-platform-kit-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { OpsStore } from '../store/OpsStore';
import { queryScorecards } from '../store/scorecards';
import { ScorecardCache } from '../store/scorecardCache';
import { addConnectorRoutes } from './connectorRoutes';
import { addRemediationRoutes } from './remediationRoutes';
import { ScanTarget } from '../scan/ScanService';
import { RemediationService } from '../remediation/RemediationService';
import { RemediationStore } from '../store/remediationStore';
import { Knex } from 'knex';
import { carriesFindings, ParityService } from '../parity/ParityService';
import { entityProfile, findingsOf, latestParity } from '../store/parityStore';
import { listJobs } from '../store/jobStore';
import { ControlPlaneSignals } from '../signals/controlPlaneSignals';

export interface RouterOptions {
  store: OpsStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  knex: Knex;
  /**
   * Whether the caller may read the entity in the catalog: parity follows
   * catalog read access (an entity the caller cannot see answers 404).
   */
  canReadEntity(
    entityRef: string,
    credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
  ): Promise<boolean>;
  /** The ops project the configured targets belong to. */
  projectId: string;
  /** Capability ids that exist (for exemptions). */
  capabilityIds: Set<string>;
  /** Stores results computed elsewhere (CI) as a completed scan; resolves to its id. */
  pushResults(
    entityRef: string,
    pushedBy: string,
    findings: Finding[],
    parity: z.infer<typeof parityMatrixSchema>,
  ): Promise<string>;
  /** Queues a scan of a configured target and starts it; resolves to the scan id. */
  requestScan(entityRef: string, requestedBy: string): Promise<string>;
  parity: ParityService;
  /**
   * Entity refs the caller may read in the catalog, or `all` when catalog
   * read access is unconditional (scorecards show only what the caller can see).
   */
  visibleEntities(
    credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
  ): Promise<Set<string> | 'all'>;
  remediation: RemediationService;
  remediationPlans: RemediationStore;
  /** Cache scorecard answers until ops.entities changes (default true). */
  scorecardCache?: boolean;
  /** Live updates (exemptions); none when absent. */
  signals?: ControlPlaneSignals;
  /** The targets, configured and discovered; none when absent. */
  targets?: TargetLookup;
  /**
   * Gives an entity without a configured target one discovered from the
   * catalog (read with the caller's credentials), when discovery is on;
   * resolves to why it has none.
   */
  discoverTarget?(
    entityRef: string,
    credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
  ): Promise<{ reason?: string }>;
}

/** The targets by entity ref; discovered ones come and go while the backend runs. */
export interface TargetLookup {
  get(entityRef: string): ScanTarget | undefined;
  has(entityRef: string): boolean;
  list(): ScanTarget[];
}

const noTargets: TargetLookup = {
  get: () => undefined,
  has: () => false,
  list: () => [],
};

const entityParams = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/i),
  namespace: z.string().regex(/^[a-z0-9][a-z0-9-_.]*$/i),
  name: z.string().regex(/^[a-z0-9][a-z0-9-_.]*$/i),
});

const findingsQuery = z.object({
  level: z.enum(['ERROR', 'WARN', 'INFO']).optional(),
  category: z.enum(['SECURITY', 'PERFORMANCE']).optional(),
});

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
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** An entity ref in the catalog's full, lower-case spelling (`component:shop` → `component:default/shop`). */
const entityRefSchema = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(parseEntityRef(value)).toLowerCase();
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an entity ref such as component:default/shop',
      });
      return z.NEVER;
    }
  });
const scanRequest = z.object({ entityRef: entityRefSchema });
const MAX_EXEMPTION_DAYS = 366;
const exemptionRequest = z.object({
  entityRef: z.string().min(1),
  capabilityId: z.string().min(1),
  reason: z
    .string()
    .trim()
    .min(10, 'give a reason of at least 10 characters')
    .max(2000),
  expiresAt: z.iso.datetime({ offset: true }),
});
const scorecardsQuery = z.object({
  groupBy: z.enum(['none', 'owner', 'system', 'domain']).default('none'),
  sort: z.enum(['score', 'name']).default('score'),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().max(200).optional(),
  owner: z.string().max(300).optional(),
  system: z.string().max(300).optional(),
  domain: z.string().max(300).optional(),
  kind: z.string().max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const resultsRequest = z.object({
  entityRef: z.string().min(1),
  findings: z.array(findingSchema).max(50_000).default([]),
  parity: parityMatrixSchema,
});
const exemptionsQuery = z.object({ entityRef: z.string().min(1).optional() });
const jobsQuery = z.object({
  type: z.enum(['scan', 'remediation']).optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const uuid = z.string().uuid();

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${what}${issue.path.length ? ` ${issue.path.join('.')}` : ''}: ${
        issue.message
      }`,
    );
  }
  return result.data;
}

function entityRefOf(params: unknown): string {
  const { kind, namespace, name } = parse(
    entityParams,
    params,
    'entity reference',
  );
  return `${kind}:${namespace}/${name}`.toLowerCase();
}

/** The REST API (`/api/platform-kit`): parity, findings, inventory and scans. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, httpAuth, permissions } = options;
  const targets = options.targets ?? noTargets;
  const scorecardCache =
    options.scorecardCache === false
      ? undefined
      : new ScorecardCache(options.knex);
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    return credentials;
  };

  /** parity.read, and read access to the entity in the catalog. */
  const authorizeEntity = async (req: express.Request, entityRef: string) => {
    const credentials = await authorize(req, parityReadPermission);
    if (!(await options.canReadEntity(entityRef, credentials))) {
      throw new NotFoundError(
        `No entity ${entityRef} in the catalog, or no access to it`,
      );
    }
  };

  /** The latest successful scan of a known entity, or 404 with what is missing. */
  const latestScan = async (entityRef: string) => {
    if (!targets.has(entityRef)) {
      throw new NotFoundError(`No Platform Kit target for ${entityRef}`);
    }
    const scanId = await store.latestScanId(entityRef);
    if (!scanId)
      throw new NotFoundError(
        `${entityRef} has not been scanned successfully yet`,
      );
    return scanId;
  };

  /** An entity with a profile (or a configured target), or 404. */
  const knownEntity = async (entityRef: string) => {
    const profile = await entityProfile(options.knex, entityRef);
    if (!profile && !targets.has(entityRef))
      throw new NotFoundError(
        `${entityRef} has no Platform Kit profile: no capabilities apply to it`,
      );
    return profile;
  };

  addConnectorRoutes(router, {
    knex: options.knex,
    httpAuth,
    targets: () => targets.list(),
    authorizeRead: req => authorize(req, parityReadPermission),
    visibleEntities: options.visibleEntities,
    canReadEntity: options.canReadEntity,
    parse,
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/parity', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    await authorizeEntity(req, entityRef);
    const profile = await knownEntity(entityRef);
    const latest = await latestParity(options.knex, entityRef);
    if (!latest)
      throw new NotFoundError(
        `${entityRef} has not been evaluated yet: neither it nor anything it depends on has a successful scan`,
      );
    const [scan, history, exemptions, sources] = await Promise.all([
      latest.scanId ? store.getScan(latest.scanId) : undefined,
      store.scoreHistory(entityRef, 90),
      store.listExemptions(entityRef),
      options.parity.sources(entityRef),
    ]);
    const matrix = applyExemptions(
      entityRef,
      latest.results as CapabilityResult[],
      exemptions,
    );
    res.json({
      entityRef,
      evaluatedAt: latest.evaluatedAt,
      scan: scan ? { id: scan.id, finishedAt: scan.finishedAt } : null,
      score: matrix.score,
      results: matrix.results,
      history,
      profile: {
        profiles: profile?.profiles ?? [],
        applicable: profile?.applicable ?? profile?.capabilities ?? [],
        dependsOn: profile?.dependsOn ?? [],
      },
      sources: {
        own: sources.own ?? null,
        dependencies: sources.dependencies,
      },
    });
  });

  router.get('/entities/:kind/:namespace/:name/findings', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    const filter = parse(findingsQuery, req.query, 'query');
    await authorizeEntity(req, entityRef);
    await knownEntity(entityRef);
    const sources = await options.parity.sources(entityRef);
    const scans = [
      ...(sources.own && carriesFindings(sources.own.kind)
        ? [{ entityRef, scanId: sources.own.scanId }]
        : []),
      ...sources.dependencies,
    ];
    if (!scans.length)
      throw new NotFoundError(
        `${entityRef} has no findings: neither it nor anything it depends on has a successful database scan`,
      );
    const items: (Finding & { source: string })[] = [];
    for (const scan of scans) {
      for (const f of await findingsOf(options.knex, scan.scanId)) {
        if (
          (!filter.level || f.level === filter.level) &&
          (!filter.category || f.categories.includes(filter.category))
        )
          items.push({ ...f, source: scan.entityRef });
      }
    }
    res.json({
      entityRef,
      sources: scans.map(s => s.entityRef),
      items,
      total: items.length,
    });
  });

  router.get('/entities/:kind/:namespace/:name/inventory', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    const query = parse(inventoryQuery, req.query, 'query');
    await authorizeEntity(req, entityRef);
    const inventory: Inventory = await store.snapshot(
      await latestScan(entityRef),
    );
    if ((inventory as unknown as { kind?: string }).kind !== undefined) {
      // Repository facts or pushed results: no database inventory to page through.
      res.json({
        entityRef,
        ...(inventory as unknown as Record<string, unknown>),
      });
      return;
    }
    const items = (
      inventory[query.section] as Array<Record<string, unknown>>
    ).filter(item => {
      if (query.schema && item.schema !== query.schema) return false;
      if (query.table && item.table !== query.table) return false;
      if (!query.q) return true;
      const needle = query.q.toLowerCase();
      return ['name', 'table', 'schema'].some(k =>
        String(item[k] ?? '')
          .toLowerCase()
          .includes(needle),
      );
    });
    res.json({
      entityRef,
      section: query.section,
      capturedAt: inventory.capturedAt,
      total: items.length,
      offset: query.offset,
      limit: query.limit,
      items: items.slice(query.offset, query.offset + query.limit),
    });
  });

  router.post('/scans', async (req, res) => {
    const { entityRef: ref } = parse(scanRequest, req.body, 'request body');
    const credentials = await authorize(req, scanCreatePermission);
    // A discovered target is checked against the catalog again: its annotation may be gone.
    const own = targets.get(ref);
    const discovery =
      (!own || own.discovered) && options.discoverTarget
        ? await options.discoverTarget(ref, credentials)
        : {};
    // An entity without a target of its own is scanned through what it depends on.
    const profile = await entityProfile(options.knex, ref);
    const refs = [ref, ...(profile?.dependsOn ?? [])].filter(r =>
      targets.has(r),
    );
    if (!refs.length)
      throw new NotFoundError(
        `No Platform Kit target for ${ref} or anything it depends on${
          discovery.reason ? `: ${discovery.reason}` : ''
        }`,
      );
    const scanIds: string[] = [];
    for (const r of refs)
      scanIds.push(await options.requestScan(r, principalName(credentials)));
    res.status(202).json({ scanId: scanIds[0], scanIds });
  });

  router.get('/scans/:id', async (req, res) => {
    const id = parse(uuid, req.params.id, 'scan id');
    const credentials = await authorize(req, parityReadPermission);
    const scan = await store.getScan(id);
    // A scan of an entity the caller cannot read is as unknown as one that does not exist.
    if (!scan || !(await options.canReadEntity(scan.entityRef, credentials)))
      throw new NotFoundError(`No scan ${id}`);
    res.json(scan);
  });

  router.post('/results', async (req, res) => {
    const body = parse(resultsRequest, req.body, 'request body');
    // CI pushes with a service token (backend.auth.externalAccess), never as a user.
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const [decision] = await permissions.authorize(
      [{ permission: resultsPushPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `Missing permission ${resultsPushPermission.name}`,
      );
    const entityRef = body.entityRef.toLowerCase();
    if (!targets.has(entityRef))
      throw new NotFoundError(`No Platform Kit target for ${entityRef}`);
    if (body.parity.entityRef.toLowerCase() !== entityRef) {
      throw new InputError(
        `parity.entityRef ${body.parity.entityRef} does not match entityRef ${entityRef}`,
      );
    }
    const scanId = await options.pushResults(
      entityRef,
      credentials.principal.subject,
      body.findings,
      {
        ...body.parity,
        entityRef,
      },
    );
    res.status(201).json({ scanId });
  });

  router.get('/scorecards', async (req, res) => {
    const query = parse(scorecardsQuery, req.query, 'query');
    const credentials = await authorize(req, parityReadPermission);
    const visible = await options.visibleEntities(credentials);
    const scorecardQuery = {
      ...query,
      projectId: options.projectId,
      visible: visible === 'all' ? undefined : [...visible].sort(),
    };
    // Trends cover the last 90 days: an answer is cached for its day at most.
    const today = new Date().toISOString().slice(0, 10);
    const { items, total } = scorecardCache
      ? await scorecardCache.get(
          ScorecardCache.keyOf({ ...scorecardQuery, today }),
          () => queryScorecards(options.knex, scorecardQuery),
        )
      : await queryScorecards(options.knex, scorecardQuery);
    res.json({
      groupBy: query.groupBy,
      total,
      offset: query.offset,
      limit: query.limit,
      items,
    });
  });

  router.get('/exemptions', async (req, res) => {
    const { entityRef } = parse(exemptionsQuery, req.query, 'query');
    await authorize(req, parityReadPermission);
    const now = Date.now();
    const items = (await store.listExemptions(entityRef?.toLowerCase())).map(
      e => ({
        ...e,
        active: new Date(e.expiresAt).getTime() > now,
      }),
    );
    res.json({ items });
  });

  router.post('/exemptions', async (req, res) => {
    const body = parse(exemptionRequest, req.body, 'request body');
    const credentials = await authorize(req, exemptionManagePermission);
    const entityRef = body.entityRef.toLowerCase();
    await knownEntity(entityRef);
    if (!options.capabilityIds.has(body.capabilityId))
      throw new InputError(`Unknown capability ${body.capabilityId}`);
    const expires = new Date(body.expiresAt).getTime();
    if (expires <= Date.now())
      throw new InputError('expiresAt must be in the future');
    if (expires > Date.now() + MAX_EXEMPTION_DAYS * 86_400_000) {
      throw new InputError(
        `An exemption can last at most ${MAX_EXEMPTION_DAYS} days`,
      );
    }
    const exemption = await store.createExemption({
      projectId: options.projectId,
      entityRef,
      capabilityId: body.capabilityId,
      reason: body.reason,
      requestedBy: principalName(credentials),
      expiresAt: new Date(expires).toISOString(),
    });
    options.signals?.exemption(entityRef, exemption.id);
    // The current score (scorecards, metrics) counts the exemption from now on.
    await options.parity.evaluate(entityRef);
    res.status(201).json(exemption);
  });

  router.delete('/exemptions/:id', async (req, res) => {
    const id = parse(uuid, req.params.id, 'exemption id');
    await authorize(req, exemptionManagePermission);
    const revoked = await store.revokeExemption(id);
    if (!revoked) throw new NotFoundError(`No active exemption ${id}`);
    options.signals?.exemption(revoked, id);
    await options.parity.evaluate(revoked);
    res.status(204).end();
  });

  router.get('/jobs', async (req, res) => {
    const query = parse(jobsQuery, req.query, 'query');
    const credentials = await authorize(req, parityReadPermission);
    const visible = await options.visibleEntities(credentials);
    const { items, total } = await listJobs(options.knex, {
      ...query,
      visible: visible === 'all' ? undefined : [...visible],
    });
    res.json({ items, total, offset: query.offset, limit: query.limit });
  });

  router.post('/jobs/:id/retry', async (req, res) => {
    const id = parse(uuid, req.params.id, 'job id');
    const scan = await store.getScan(id);
    if (scan) {
      const credentials = await authorize(req, scanCreatePermission);
      if (!(await options.canReadEntity(scan.entityRef, credentials)))
        throw new NotFoundError(`No job ${id}`);
      if (scan.status !== 'failed')
        throw new ConflictError(
          `Job ${id} is ${scan.status}; only failed jobs can be retried`,
        );
      const scanId = await options.requestScan(
        scan.entityRef,
        principalName(credentials),
      );
      res.status(202).json({ scanId });
      return;
    }
    // A remediation job: applied again, exactly as POST /remediation-plans/:id/apply.
    const credentials = await authorize(req, remediationApplyPermission);
    const plan = await options.remediationPlans.get(id);
    if (!plan || !(await options.canReadEntity(plan.entityRef, credentials)))
      throw new NotFoundError(`No job ${id}`);
    if (plan.status !== 'failed')
      throw new ConflictError(
        plan.status === 'partial'
          ? `Job ${id} is a remediation plan that was partly applied; build a new plan for the findings that are left`
          : `Job ${id} is a remediation plan that is ${plan.status}; only failed applies can be retried`,
      );
    // As it was applied the last time (all or nothing, or per finding).
    const started = await options.remediation.startApply(
      id,
      principalName(credentials),
      { dryRun: false, allOrNothing: plan.allOrNothing },
    );
    res.status(202).json({ planId: started.id, status: started.status });
  });

  addRemediationRoutes(router, {
    httpAuth,
    remediation: options.remediation,
    remediationPlans: options.remediationPlans,
    authorizeEntity,
    authorizeRead: req => authorize(req, parityReadPermission),
    authorizeApply: req => authorize(req, remediationApplyPermission),
    canReadEntity: options.canReadEntity,
    entityRefOf,
    principalName,
    parse,
  });

  return router;
}

function principalName(
  credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}
