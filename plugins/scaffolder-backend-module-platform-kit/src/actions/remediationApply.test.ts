import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRemediationApplyAction } from './remediationApply';

/** A stand-in for the control plane's remediation routes, scripted per test. */
async function controlPlane(
  answer: (method: string, path: string) => { status: number; body: unknown },
) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(
      `${req.method} ${req.url} ${req.headers.authorization ? 'auth' : 'anon'}`,
    );
    const { status, body } = answer(req.method!, req.url!);
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
    close: () => new Promise(r => server.close(r)),
  };
}

const plan = (status: string, extra: Record<string, unknown> = {}) => ({
  id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  entityRef: 'resource:default/db',
  status,
  sql: 'BEGIN;\nALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY;\nCOMMIT;',
  plan: {
    patches: [{ findingKey: 'k', title: 'Enable RLS' }],
    skipped: [{ findingKey: 'x', reason: 'no automatic fix for x' }],
  },
  outcome: null,
  error: null,
  logs: [],
  ...extra,
});

function action(discovery: { getBaseUrl(): Promise<string> }, allowed = true) {
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

describe('platform-kit:remediation:apply', () => {
  it('needs an entity or a plan, and the permission of the user who started the task', async () => {
    const cp = await controlPlane(() => ({ status: 500, body: 'unused' }));
    try {
      await expect(
        action(cp.discovery).handler(createMockActionContext({ input: {} })),
      ).rejects.toThrow('Give an entityRef (to build a plan) or a planId');
      await expect(
        action(cp.discovery, false).handler(
          createMockActionContext({
            input: { entityRef: 'resource:default/db' },
          }),
        ),
      ).rejects.toThrow('Missing permission platform-kit.remediation.apply');
      expect(cp.seen).toEqual([]);
    } finally {
      await cp.close();
    }
  });

  it('fails the task with the reason when the plan fails, showing its log', async () => {
    let polls = 0;
    const cp = await controlPlane((method, path) => {
      if (method === 'POST' && path.endsWith('/remediation-plans'))
        return { status: 201, body: plan('pending') };
      if (method === 'POST') return { status: 202, body: plan('applying') };
      polls++;
      if (polls < 2) return { status: 200, body: plan('pending') };
      if (polls < 4)
        return {
          status: 200,
          body: plan('applying', {
            logs: [{ level: 'info', message: 'step 1' }],
          }),
        };
      return {
        status: 200,
        body: plan('failed', {
          outcome: {
            status: 'failed',
            reason: 'lock timeout on "public"."t"',
            remaining: ['k'],
          },
          logs: [
            { level: 'info', message: 'step 1' },
            { level: 'error', message: 'rolled back' },
          ],
        }),
      };
    });
    const ctx = createMockActionContext({
      input: { entityRef: 'resource:default/db' },
    });
    try {
      await expect(action(cp.discovery).handler(ctx)).rejects.toThrow(
        /failed: lock timeout on "public"."t" \(rolled back\)/,
      );
      expect(ctx.output).toHaveBeenCalledWith('status', 'failed');
      expect(ctx.output).toHaveBeenCalledWith('remaining', ['k']);
      expect(cp.seen.every(s => s.endsWith('auth'))).toBe(true);
    } finally {
      await cp.close();
    }
  });

  it('reports what the control plane refused, and does not re-apply an applied plan', async () => {
    const refusing = await controlPlane(() => ({
      status: 400,
      body: {
        error: { name: 'InputError', message: 'No automatic fix for nope' },
      },
    }));
    try {
      await expect(
        action(refusing.discovery).handler(
          createMockActionContext({
            input: { entityRef: 'resource:default/db', lints: ['nope'] },
          }),
        ),
      ).rejects.toThrow('Platform Kit answered 400: No automatic fix for nope');
    } finally {
      await refusing.close();
    }
    const broken = await controlPlane(() => ({
      status: 502,
      body: 'Bad gateway',
    }));
    try {
      await expect(
        action(broken.discovery).handler(
          createMockActionContext({ input: { planId: plan('x').id } }),
        ),
      ).rejects.toThrow('Platform Kit answered 502: Bad gateway');
    } finally {
      await broken.close();
    }
    const applied = await controlPlane(() => ({
      status: 200,
      body: plan('applied', { outcome: { status: 'applied', remaining: [] } }),
    }));
    const ctx = createMockActionContext({ input: { planId: plan('x').id } });
    try {
      await action(applied.discovery).handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('status', 'applied');
      expect(applied.seen.filter(s => s.startsWith('POST'))).toEqual([]);
    } finally {
      await applied.close();
    }
  });
});
