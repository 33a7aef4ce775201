import { ConnectorBase } from '../../ConnectorBase';
import { ContractResult, HealthResult, healthResultSchema } from '../../types';
import { ContractTestError, ContractTestSkip } from '../ContractTestError';
import { SuiteContext } from '../suiteContext';
import { issuesEvidence } from '../zodIssues';

async function validHealth(
  ctx: SuiteContext,
  connector: ConnectorBase,
  name: string,
): Promise<{ health: HealthResult; evidence: Record<string, unknown> }> {
  const outcome = await ctx.call(name, () => connector.health());
  const value = ctx.valueOf(outcome, name);
  const parsed = healthResultSchema.safeParse(value);
  if (!parsed.success) {
    throw new ContractTestError(`${name} does not match the health schema`, {
      durationMs: outcome.durationMs,
      ...issuesEvidence(parsed.error),
    });
  }
  const health = parsed.data;
  return {
    health,
    evidence: {
      status: health.status,
      durationMs: outcome.durationMs,
      checks: health.checks.map(c => ({
        name: c.name,
        status: c.status,
        latencyMs: c.latencyMs,
        ...(c.detail ? { detail: c.detail } : {}),
      })),
    },
  };
}

/**
 * Whether the options of a connector hold one of the suite's secrets (in any
 * form `redact` knows): the dead endpoint must never be sent real credentials.
 */
function carriesSecret(ctx: SuiteContext, connector: ConnectorBase): boolean {
  const options = (connector as unknown as { options?: unknown }).options;
  let json: string | undefined;
  try {
    json = JSON.stringify(options);
  } catch {
    return false;
  }
  return json !== undefined && ctx.redact(json) !== json;
}

/** `sdk.health`: `health()` of the live source resolves with a valid result. */
function liveHealthCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.health',
    'health() returns a valid result',
    async () => {
      const { evidence } = await validHealth(ctx, ctx.connector, 'health()');
      return evidence;
    },
  );
}

/**
 * `sdk.health.dead-endpoint`: `health()` of the same kind pointed at a dead
 * endpoint resolves (never throws) with `down` within the budget.
 */
function deadHealthCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.health.dead-endpoint',
    'health() of a dead endpoint resolves with status down',
    async () => {
      const dead = ctx.deadConnector;
      if (!dead) {
        throw new ContractTestSkip('not checked: no deadConnector was given');
      }
      if (dead.kind !== ctx.connector.kind) {
        throw new ContractTestError(
          `deadConnector is a ${dead.kind} connector, not ${ctx.connector.kind}`,
        );
      }
      if (carriesSecret(ctx, dead)) {
        throw new ContractTestError(
          'deadConnector is configured with a secret of the connector under test; give it dummy credentials (not called)',
        );
      }
      const { health, evidence } = await validHealth(
        ctx,
        dead,
        'health() of the dead endpoint',
      );
      if (health.status !== 'down') {
        throw new ContractTestError(
          `health() of the dead endpoint says ${health.status}, expected down`,
          evidence,
        );
      }
      return { ...evidence, budgetMs: ctx.budgetMs };
    },
  );
}

/** The health checks, in order. */
export async function healthChecks(
  ctx: SuiteContext,
): Promise<ContractResult[]> {
  return [await liveHealthCheck(ctx), await deadHealthCheck(ctx)];
}
