import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  applyReportSchema,
  remediationPlanRecordSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { createRemediationApplyAction } from '../actions/remediationApply';

/** A stand-in for the control plane's remediation routes, scripted per test. */
export async function controlPlane(
  /** What to answer; `undefined` leaves the request without an answer. */
  answer: (
    method: string,
    path: string,
  ) => { status: number; body: unknown } | undefined,
) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(
      `${req.method} ${req.url} ${req.headers.authorization ? 'auth' : 'anon'}`,
    );
    const answered = answer(req.method!, req.url!);
    if (!answered) return;
    const { status, body } = answered;
    res.writeHead(status, {
      'content-type':
        typeof body === 'string' ? 'text/plain' : 'application/json',
    });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/platform-kit`;
  return {
    seen,
    discovery: {
      getBaseUrl: async () => base,
      getExternalBaseUrl: async () => base,
    },
    close: () =>
      new Promise(r => {
        server.close(r);
        server.closeAllConnections();
      }),
  };
}

/** A patch as the control plane documents it. */
export const patch = (findingKey: string, title: string) => ({
  lint: 'rls_disabled_in_public',
  findingKey,
  title,
  manual: null,
  dependants: [],
  probes: [],
  steps: [
    {
      id: `${findingKey}-1`,
      sql: 'ALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY',
      rationale: 'RLS off',
      risk: 'behaviour-change',
      transactional: true,
      resolves: [findingKey],
      tables: ['public.t'],
      functions: [],
    },
  ],
});

/** An apply's outcome as the control plane documents it. */
export const outcome = (extra: Record<string, unknown>) =>
  applyReportSchema.parse({
    status: 'applied',
    steps: [],
    findings: [],
    remaining: [],
    rowCounts: {},
    ...extra,
  });

export const PLAN_ID = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

/** A remediation plan exactly as the control plane's REST API documents it. */
export const plan = (status: string, extra: Record<string, unknown> = {}) => {
  const { plan: content, ...rest } = extra as { plan?: object };
  return remediationPlanRecordSchema.parse({
    id: PLAN_ID,
    entityRef: 'resource:default/db',
    status,
    allOrNothing: false,
    warnings: [],
    plan: {
      targetRef: 'resource:default/db',
      createdAt: '2026-01-01T00:00:00.000Z',
      includeDestructive: false,
      patches: [patch('k', 'Enable RLS')],
      skipped: [{ findingKey: 'x', reason: 'no automatic fix for x' }],
      preflight: [],
      appSource: null,
      ...content,
    },
    sql: 'BEGIN;\nALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY;\nCOMMIT;',
    scanId: null,
    createdBy: 'user:default/mock',
    createdAt: '2026-01-01T00:00:00.000Z',
    appliedBy: null,
    dryRun: false,
    startedAt: null,
    finishedAt: null,
    outcome: null,
    error: null,
    logs: [],
    ...rest,
  });
};
export const AT = '2026-01-01T00:00:01.000Z';

export function action(
  discovery: { getBaseUrl(): Promise<string> },
  allowed = true,
) {
  return createRemediationApplyAction({
    discovery: discovery as any,
    auth: mockServices.auth(),
    permissions: mockServices.permissions.mock({
      authorize: async () => [
        { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY },
      ],
    }),
    pollIntervalMs: 10,
  });
}
