import { NotFoundError } from '@backstage/errors';
import {
  entityRefSchema,
  parityReadPermission,
  remediationApplyPermission,
  scanCreatePermission,
} from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { parseInput } from './parseInput';
import { paging, uuid } from './requestSchemas';
import { principalName } from './routeAccess';
import { ApiRouter, RouteContext } from './RouteContext';

const scanRequest = z.object({ entityRef: entityRefSchema });
const jobsQuery = z.object({
  type: z.enum(['scan', 'remediation']).optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
  ...paging(50, 200),
});

/** Scans on request, and scans and applies as jobs (listed, followed, retried). */
export function addScanRoutes(router: ApiRouter, ctx: RouteContext) {
  const { access, services } = ctx;

  router.post('/scans', async (req, res) => {
    const { entityRef } = parseInput(scanRequest, req.body, 'request body');
    const credentials = await access.authorize(req, scanCreatePermission);
    const started = await services.scans.request(
      entityRef,
      principalName(credentials),
      credentials,
    );
    res.status(202).json(started);
  });

  router.get('/scans/:id', async (req, res) => {
    const id = parseInput(uuid, req.params.id, 'scan id');
    const credentials = await access.authorize(req, parityReadPermission);
    const scan = await services.store.getScan(id);
    // A scan of an entity the caller cannot read is as unknown as one that does not exist.
    if (!scan || !(await access.entities.canRead(scan.entityRef, credentials)))
      throw new NotFoundError(`No scan ${id}`);
    res.json({ ...scan });
  });

  router.get('/jobs', async (req, res) => {
    const query = parseInput(jobsQuery, req.query, 'query');
    const credentials = await access.authorize(req, parityReadPermission);
    const visible = await access.entities.visible(credentials);
    const { items, total } = await services.jobs.list({
      ...query,
      visible: visible === 'all' ? undefined : [...visible],
    });
    res.json({
      items: items.map(job => ({ ...job })),
      total,
      offset: query.offset,
      limit: query.limit,
    });
  });

  router.post('/jobs/:id/retry', async (req, res) => {
    const id = parseInput(uuid, req.params.id, 'job id');
    const job = await services.jobs.find(id);
    // A remediation job is applied again, exactly as POST /remediation-plans/:id/apply.
    const credentials = await access.authorize(
      req,
      job?.type === 'remediation'
        ? remediationApplyPermission
        : scanCreatePermission,
    );
    if (!job || !(await access.entities.canRead(job.entityRef, credentials)))
      throw new NotFoundError(`No job ${id}`);
    res
      .status(202)
      .json(await services.jobs.retry(job, principalName(credentials)));
  });
}
