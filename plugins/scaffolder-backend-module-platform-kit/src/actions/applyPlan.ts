import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type {
  ApplyReport,
  RemediationPlanRecord,
} from '@platform-kit/plugin-platform-kit-common';
import { PlatformKitDeps, platformKitClient } from './platformKit';
import {
  findingOutcomesEntry,
  LogEntry,
  notApplied,
  planChecksEntry,
} from './remediationLog';
import { DEFAULT_APPLY_TIMEOUT_MINUTES, waitForApply } from './waitForApply';

/** The inputs of `platform-kit:remediation:apply`. */
export type ApplyInput = {
  entityRef?: string;
  planId?: string;
  lints?: string[];
  findingKeys?: string[];
  excludeFindingKeys?: string[];
  allOrNothing?: boolean;
  includeDestructive?: boolean;
  policySkeletons?: boolean;
  dryRun?: boolean;
  timeoutMinutes?: number;
};

/** The outputs of `platform-kit:remediation:apply`. */
export type ApplyOutput = {
  planId: string;
  status: string;
  remaining: string[];
  findings: ApplyReport['findings'];
};

/** The task as the apply sees it. */
type ApplyContext = ActionContext<ApplyInput, ApplyOutput>;

/**
 * Builds (or takes) the plan, logs what it will do, applies it and waits for
 * the outcome, as the user who started the task.
 */
export async function applyPlan(
  ctx: ApplyContext,
  access: PlatformKitDeps & {
    credentials: BackstageCredentials;
    pollIntervalMs: number;
  },
): Promise<void> {
  const { input } = ctx;
  const client = platformKitClient(access, access.credentials, ctx.signal);
  const log = (entry: LogEntry) => ctx.logger[entry.level](entry.message);

  // A re-run of the task (after a restart) keeps the plan it built the first time.
  const planId = await ctx.checkpoint({
    key: `platform-kit-plan-${input.planId ?? input.entityRef}`,
    fn: async () =>
      input.planId ??
      (
        await client.createRemediationPlan({
          entityRef: input.entityRef!,
          lints: input.lints,
          findingKeys: input.findingKeys,
          excludeFindingKeys: input.excludeFindingKeys,
          includeDestructive: input.includeDestructive ?? false,
          policySkeletons: input.policySkeletons ?? false,
        })
      ).id,
  });
  const plan = await client.getRemediationPlan(planId);
  // Lines whose order matters share one log entry (the task log stores entries unordered).
  ctx.logger.info(
    [
      `Plan ${plan.id} for ${plan.entityRef}: ${plan.plan.patches.length} patch(es), ${plan.plan.skipped.length} finding(s) without a patch`,
      ...plan.plan.skipped.map(
        s => `no patch for ${s.findingKey}: ${s.reason}`,
      ),
    ].join('\n'),
  );
  for (const warning of plan.warnings) ctx.logger.warn(warning);
  ctx.logger.info(`SQL:\n${plan.sql}`);
  log(planChecksEntry(plan));
  ctx.output('planId', plan.id);

  const nothing = (status: string) => {
    ctx.output('status', status);
    ctx.output('remaining', []);
    ctx.output('findings', []);
  };
  if (ctx.isDryRun || input.dryRun) {
    ctx.logger.info('Dry run: nothing was changed');
    nothing('pending');
    return;
  }
  if (plan.status === 'applied' || plan.status === 'partial') {
    ctx.logger.info('Already applied (a re-run of this task)');
    finish(ctx, plan);
    return;
  }
  if (plan.plan.patches.length === 0) {
    ctx.logger.info('Nothing to apply');
    nothing(plan.status);
    return;
  }

  let shown = 0;
  /** The control plane's new log lines, as one entry (at the level of the worst). */
  const forward = (current: RemediationPlanRecord) => {
    const lines = current.logs.slice(shown);
    shown = current.logs.length;
    if (!lines.length) return;
    const message = lines.map(l => l.message).join('\n');
    if (lines.some(l => l.level === 'error')) ctx.logger.error(message);
    else if (lines.some(l => l.level === 'warn')) ctx.logger.warn(message);
    else ctx.logger.info(message);
  };
  let started = plan;
  // Applying already: a re-run of the task after a restart, or someone else's apply.
  if (plan.status === 'applying')
    ctx.logger.info('Already applying: waiting for its outcome');
  else
    started = await client.applyRemediationPlan(plan.id, {
      allOrNothing: input.allOrNothing ?? false,
    });
  forward(started);
  const timeoutMinutes = input.timeoutMinutes ?? DEFAULT_APPLY_TIMEOUT_MINUTES;
  const done = await waitForApply({
    plan: started,
    getPlan: (id, signal) =>
      platformKitClient(access, access.credentials, signal).getRemediationPlan(
        id,
      ),
    timeoutMinutes,
    intervalMs: access.pollIntervalMs,
    cancelled: ctx.signal,
    onPoll: forward,
    onUnavailable: error =>
      ctx.logger.warn(
        `Could not read the plan; still waiting (${timeoutMinutes} min in all): ${error.message}`,
      ),
  }).catch(error => {
    ctx.output('status', 'applying');
    throw error;
  });
  finish(ctx, done);
  ctx.logger.info('Applied and verified by a re-scan');
}

/** Outputs and logs how the plan ended; throws unless every finding with steps applied. */
function finish(ctx: ApplyContext, done: RemediationPlanRecord) {
  const findings = done.outcome?.findings ?? [];
  if (findings.length) {
    const entry = findingOutcomesEntry(findings);
    ctx.logger[entry.level](entry.message);
  }
  ctx.output('status', done.status);
  ctx.output('remaining', done.outcome?.remaining ?? []);
  ctx.output('findings', findings);
  const left = notApplied(findings);
  if (done.status === 'partial')
    throw new Error(
      `Remediation plan ${done.id} was partly applied: ${
        findings.filter(f => f.status === 'applied').length
      } finding(s) committed; ${left ?? 'see the log'}`,
    );
  if (done.status !== 'applied')
    throw new Error(
      `Remediation plan ${done.id} failed: ${
        done.outcome?.reason ?? done.error ?? 'see the log'
      } (rolled back)${left ? `. ${left}` : ''}`,
    );
  // Findings that need a human were never part of what applies: named, not a failure.
  const unfinished = notApplied(
    findings.filter(f => f.status !== 'needs-human'),
  );
  if (unfinished)
    throw new Error(
      `Remediation plan ${done.id} applied, but not every finding: ${unfinished}`,
    );
  const human = notApplied(findings.filter(f => f.status === 'needs-human'));
  if (human)
    ctx.logger.warn(
      `Left to a human (no SQL keeps the application working; see the plan): ${human}`,
    );
}
