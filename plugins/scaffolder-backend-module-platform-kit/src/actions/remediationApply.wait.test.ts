import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  action,
  controlPlane,
  outcome,
  plan,
  PLAN_ID,
} from '../__testUtils__/applyStandIn';

/** 0.005 min: the deadline passes after 300 ms. */
const SHORT = 0.005;

const stillApplying = (extra = '') =>
  `Remediation plan ${PLAN_ID} is still applying after ${SHORT} min (timeoutMinutes)${extra}. The task stops waiting, but the apply may still finish: the task log shows its progress so far, and the plan (the entity's remediation plans, or Platform Kit's Jobs page) shows its outcome`;

/**
 * A control plane whose plan is pending until it is applied; after that
 * `poll(n)` answers the n-th read of the plan (from 1).
 */
async function applying(
  poll: (n: number) => { status: number; body: unknown } | undefined,
) {
  let applied = false;
  let polls = 0;
  const cp = await controlPlane((method, path) => {
    if (method === 'POST' && path.endsWith('/apply')) {
      applied = true;
      return { status: 202, body: plan('applying') };
    }
    if (!applied) return { status: 200, body: plan('pending') };
    polls += 1;
    return poll(polls);
  });
  return { ...cp, polls: () => polls };
}

function context(input: Record<string, unknown>, signal?: AbortSignal) {
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({ input: input as any, logger }),
    signal,
  };
  return { ctx, logger };
}

describe('platform-kit:remediation:apply waits with a deadline', () => {
  it('fails once timeoutMinutes passed while the plan keeps applying, saying the apply may still finish', async () => {
    const cp = await applying(() => ({ status: 200, body: plan('applying') }));
    const { ctx } = context({ planId: PLAN_ID, timeoutMinutes: SHORT });
    const started = Date.now();
    try {
      await expect(action(cp.discovery).handler(ctx)).rejects.toThrow(
        stillApplying(),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(cp.polls()).toBeGreaterThan(3);
      expect(ctx.output).toHaveBeenCalledWith('status', 'applying');
      expect(cp.seen.filter(s => s.startsWith('POST'))).toHaveLength(1);
    } finally {
      await cp.close();
    }
  });

  it('ends a poll the control plane never answers at the deadline', async () => {
    const cp = await applying(() => undefined);
    const started = Date.now();
    try {
      await expect(
        action(cp.discovery).handler(
          context({ planId: PLAN_ID, timeoutMinutes: SHORT }).ctx,
        ),
      ).rejects.toThrow(stillApplying());
      expect(Date.now() - started).toBeLessThan(3000);
      expect(cp.polls()).toBe(1);
    } finally {
      await cp.close();
    }
  });

  it('keeps waiting while the control plane is unavailable, says so once, and names the last failure at the deadline', async () => {
    const unavailable = {
      status: 503,
      body: {
        error: { name: 'ServiceUnavailableError', message: 'restarting' },
      },
    };
    const recovering = await applying(n =>
      n <= 3
        ? unavailable
        : {
            status: 200,
            body: plan('applied', { outcome: outcome({ status: 'applied' }) }),
          },
    );
    const { ctx, logger } = context({ planId: PLAN_ID });
    try {
      await action(recovering.discovery).handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('status', 'applied');
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        'Could not read the plan; still waiting (60 min in all): restarting',
      );
    } finally {
      await recovering.close();
    }

    const away = await applying(() => unavailable);
    try {
      await expect(
        action(away.discovery).handler(
          context({ planId: PLAN_ID, timeoutMinutes: SHORT }).ctx,
        ),
      ).rejects.toThrow(stillApplying('; the last poll failed: restarting'));
    } finally {
      await away.close();
    }

    const broken = await applying(() => ({
      status: 500,
      body: { error: { name: 'Error', message: 'database down' } },
    }));
    try {
      await expect(
        action(broken.discovery).handler(context({ planId: PLAN_ID }).ctx),
      ).rejects.toThrow('Platform Kit answered 500: database down');
      expect(broken.polls()).toBe(1);
    } finally {
      await broken.close();
    }
  });

  it('waits for an apply that is already running instead of starting another', async () => {
    let reads = 0;
    const cp = await controlPlane(() => {
      reads += 1;
      return reads < 3
        ? { status: 200, body: plan('applying') }
        : {
            status: 200,
            body: plan('applied', { outcome: outcome({ status: 'applied' }) }),
          };
    });
    const { ctx, logger } = context({ planId: PLAN_ID });
    try {
      await action(cp.discovery).handler(ctx);
      expect(logger.info).toHaveBeenCalledWith(
        'Already applying: waiting for its outcome',
      );
      expect(cp.seen.filter(s => s.startsWith('POST'))).toEqual([]);
      expect(ctx.output).toHaveBeenCalledWith('status', 'applied');
    } finally {
      await cp.close();
    }
  });

  it('stops waiting at once when the task is cancelled', async () => {
    const cp = await applying(() => ({ status: 200, body: plan('applying') }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    try {
      await expect(
        action(cp.discovery).handler(
          context({ planId: PLAN_ID }, controller.signal).ctx,
        ),
      ).rejects.toThrow('Task cancelled');
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await cp.close();
    }
  });

  it('takes timeoutMinutes between 0 (exclusive) and a day, 60 by default', () => {
    const input = action({ getBaseUrl: async () => 'http://127.0.0.1:9' })
      .schema?.input as any;
    expect(input.properties.timeoutMinutes).toMatchObject({
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1440,
    });
    expect(input.properties.timeoutMinutes.description).toContain('default 60');
  });
});
