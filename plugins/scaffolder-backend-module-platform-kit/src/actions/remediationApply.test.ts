import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  action,
  AT,
  controlPlane,
  outcome,
  patch,
  plan,
  PLAN_ID,
} from '../__testUtils__/applyStandIn';

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
            logs: [{ at: AT, level: 'info', message: 'step 1' }],
          }),
        };
      return {
        status: 200,
        body: plan('failed', {
          outcome: outcome({
            status: 'failed',
            reason: 'lock timeout on "public"."t"',
            remaining: ['k'],
          }),
          logs: [
            { at: AT, level: 'info', message: 'step 1' },
            { at: AT, level: 'error', message: 'rolled back' },
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
          createMockActionContext({ input: { planId: PLAN_ID } }),
        ),
      ).rejects.toThrow('Platform Kit answered 502: Bad gateway');
    } finally {
      await broken.close();
    }
    const applied = await controlPlane(() => ({
      status: 200,
      body: plan('applied', { outcome: outcome({ status: 'applied' }) }),
    }));
    const ctx = createMockActionContext({ input: { planId: PLAN_ID } });
    try {
      await action(applied.discovery).handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('status', 'applied');
      expect(applied.seen.filter(s => s.startsWith('POST'))).toEqual([]);
    } finally {
      await applied.close();
    }
  });

  it("logs each patch's dependants and probes before applying, each finding's outcome after, and fails a partial apply naming what was rolled back", async () => {
    const patches = [
      {
        ...patch(
          'anon_fn',
          'Revoke EXECUTE on public.is_member(uuid) from anon',
        ),
        dependants: [
          {
            kind: 'policy',
            description:
              'policy "members read" on public.posts (SELECT to authenticated, USING)',
            roles: ['authenticated'],
            effect: 'kept',
          },
          {
            kind: 'app_call',
            description: "supabase.rpc('is_member')",
            roles: ['anon'],
            effect: 'blocks',
            location: 'src/posts.ts:12',
          },
        ],
        probes: [
          {
            id: 'select:public.posts:authenticated',
            description: 'select from public.posts',
            role: 'authenticated',
            sql: 'SELECT 1 FROM public.posts LIMIT 0',
          },
        ],
      },
      patch('rls_t', 'Enable RLS on public.t'),
    ];
    const partial = outcome({
      status: 'partial',
      steps: [],
      remaining: ['anon_fn'],
      rowCounts: {},
      findings: [
        {
          findingKey: 'anon_fn',
          status: 'rolled-back',
          reason: 'probe select:public.posts:authenticated failed',
          probes: [
            {
              probeId: 'select:public.posts:authenticated',
              role: 'authenticated',
              description: 'select from public.posts',
              before: 'ok',
              after: '42501: permission denied for function is_member',
            },
          ],
        },
        { findingKey: 'rls_t', status: 'applied', probes: [] },
      ],
    });
    const applyBodies: string[] = [];
    let polls = 0;
    const body = (status: string, extra: Record<string, unknown> = {}) =>
      plan(status, {
        plan: {
          patches,
          skipped: [],
          preflight: [
            {
              findingKey: 'ext',
              stepId: 'move-extension:unaccent',
              problem: 'needs a superuser',
            },
          ],
        },
        warnings: ['The application source was not searched'],
        ...extra,
      });
    const cp = await controlPlane((method, path) => {
      if (method === 'POST' && path.endsWith('/remediation-plans'))
        return { status: 201, body: body('pending') };
      if (method === 'POST') {
        applyBodies.push(path);
        return { status: 202, body: body('applying') };
      }
      polls++;
      return polls < 2
        ? { status: 200, body: body('pending') }
        : { status: 200, body: body('partial', { outcome: partial }) };
    });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'resource:default/db',
        excludeFindingKeys: ['x'],
        allOrNothing: false,
      },
    });
    /** Log entries; lines whose order matters share one. */
    const entries: string[] = [];
    for (const level of ['info', 'warn', 'error'] as const)
      jest
        .spyOn(ctx.logger, level)
        .mockImplementation((...args: [string, ...unknown[]]) => {
          entries.push(`${level} ${args[0]}`);
        });
    try {
      await expect(action(cp.discovery).handler(ctx)).rejects.toThrow(
        'Remediation plan 3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f was partly applied: 1 finding(s) committed; rolled back: anon_fn (probe select:public.posts:authenticated failed)',
      );
      expect(entries).toContain('warn The application source was not searched');
      expect(entries).toContain(
        [
          'warn Before applying, per patch: its dependants and probes',
          'anon_fn: Revoke EXECUTE on public.is_member(uuid) from anon (2 dependant(s), 1 probe(s))',
          '  dependant policy: policy "members read" on public.posts (SELECT to authenticated, USING) as authenticated: kept working',
          "  dependant app_call: supabase.rpc('is_member') as anon at src/posts.ts:12: why this needs a human",
          '  probe select:public.posts:authenticated as authenticated: select from public.posts',
          'rls_t: Enable RLS on public.t (0 dependant(s), 0 probe(s))',
          'pre-flight: ext step move-extension:unaccent: needs a superuser (not applied)',
        ].join('\n'),
      );
      expect(entries).toContain(
        [
          'warn Outcome per finding, with the probes that ran',
          'anon_fn: rolled-back (probe select:public.posts:authenticated failed)',
          '  probe select:public.posts:authenticated as authenticated: select from public.posts: before ok, after 42501: permission denied for function is_member',
          'rls_t: applied',
        ].join('\n'),
      );
      // The checks come before the apply, the outcomes after it.
      const at = (prefix: string) =>
        entries.findIndex(e => e.startsWith(prefix));
      expect(at('warn Before applying')).toBeLessThan(at('warn Outcome'));
      expect(entries.join('\n')).not.toContain('Applied and verified');
      expect(ctx.output).toHaveBeenCalledWith('status', 'partial');
      expect(ctx.output).toHaveBeenCalledWith('findings', partial.findings);
      expect(applyBodies).toHaveLength(1);
    } finally {
      await cp.close();
    }
  });

  it('builds the plan without the excluded findings and applies all or nothing when asked', async () => {
    const requests: { method: string; path: string; body: any }[] = [];
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        requests.push({
          method: req.method!,
          path: req.url!,
          body: text ? JSON.parse(text) : undefined,
        });
        const status = req.method === 'POST' ? 202 : 200;
        const done = plan(requests.length < 3 ? 'pending' : 'applied', {
          outcome:
            requests.length < 3
              ? null
              : outcome({
                  findings: [
                    { findingKey: 'k', status: 'applied', probes: [] },
                  ],
                }),
        });
        res.writeHead(req.url!.endsWith('/remediation-plans') ? 201 : status, {
          'content-type': 'application/json',
        });
        res.end(JSON.stringify(done));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/platform-kit`;
    const ctx = createMockActionContext({
      input: {
        entityRef: 'resource:default/db',
        excludeFindingKeys: ['keep_me'],
        allOrNothing: true,
      },
    });
    try {
      await action({ getBaseUrl: async () => base }).handler(ctx);
      expect(requests[0]).toMatchObject({
        method: 'POST',
        path: '/api/platform-kit/remediation-plans',
        body: {
          entityRef: 'resource:default/db',
          excludeFindingKeys: ['keep_me'],
        },
      });
      const apply = requests.find(r => r.path.endsWith('/apply'));
      expect(apply?.body).toEqual({ allOrNothing: true });
      expect(ctx.output).toHaveBeenCalledWith('status', 'applied');
      expect(ctx.output).toHaveBeenCalledWith('findings', [
        { findingKey: 'k', status: 'applied', probes: [] },
      ]);
    } finally {
      await new Promise(r => server.close(r));
    }
  });
});
