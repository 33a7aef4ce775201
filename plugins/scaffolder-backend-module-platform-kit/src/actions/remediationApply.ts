import {
  AuthService,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { remediationApplyPermission } from '@platform-kit/plugin-platform-kit-common';
import { examples } from './remediationApply.examples';
import {
  findingOutcomesEntry,
  LogEntry,
  notApplied,
  planChecksEntry,
} from './remediationLog';
import {
  PlatformKitClient,
  RemediationPlanResponse,
} from './platformKitClient';

/** @public */
export const REMEDIATION_APPLY_ACTION_ID = 'platform-kit:remediation:apply';

/**
 * Builds (or takes) a remediation plan for a Supabase project and applies it
 * through the control plane: guarded, each finding under a savepoint (or all
 * or nothing), behaviour probes before COMMIT, verified by a re-scan. The
 * task log shows the SQL, what each patch's objects are used by, the probes,
 * every step and each finding's outcome; a dry run changes nothing. The task
 * fails unless every finding with steps applied (findings that need a human are named).
 *
 * @public
 */
export function createRemediationApplyAction(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  permissions: PermissionsService;
  /** Poll interval while the plan applies (default 1 s). */
  pollIntervalMs?: number;
}) {
  return createTemplateAction({
    id: REMEDIATION_APPLY_ACTION_ID,
    description:
      'Applies a Platform Kit remediation plan to a Supabase / PostgreSQL project: builds one for the selected lints or findings (or takes an existing plan), applies it guarded (each finding on its own, or all or nothing), checks that what used the changed objects still works, and verifies it with a re-scan. Fails unless every finding with SQL applied; names the findings that need a human.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string({
              description:
                'The Supabase project, e.g. resource:default/acme-tasks-db (when no planId is given)',
            })
            .optional(),
        planId: z =>
          z
            .string({ description: 'An existing pending or failed plan' })
            .uuid()
            .optional(),
        lints: z =>
          z
            .array(z.string(), {
              description:
                'Fix the findings of these lints (default: every fixable finding)',
            })
            .optional(),
        findingKeys: z =>
          z
            .array(z.string(), {
              description: 'Fix only these findings (cache keys)',
            })
            .optional(),
        excludeFindingKeys: z =>
          z
            .array(z.string(), {
              description: 'Leave these findings out of the plan (cache keys)',
            })
            .optional(),
        allOrNothing: z =>
          z
            .boolean({
              description:
                'Commit every finding or none (default: a finding that fails is rolled back, the others commit)',
            })
            .optional(),
        includeDestructive: z =>
          z
            .boolean({
              description:
                'Allow destructive steps such as dropping duplicate indexes',
            })
            .optional(),
        policySkeletons: z =>
          z
            .boolean({
              description:
                'Add owner policies when enabling row level security',
            })
            .optional(),
        dryRun: z =>
          z
            .boolean({ description: 'Log the SQL and change nothing' })
            .optional(),
      },
      output: {
        planId: z => z.string({ description: 'The remediation plan' }),
        status: z =>
          z.string({
            description: 'pending (dry run), applied, partial or failed',
          }),
        remaining: z =>
          z.array(z.string(), {
            description: 'Findings the re-scan still reports',
          }),
        findings: z =>
          z.array(
            z.object({
              findingKey: z.string(),
              status: z.string(),
              reason: z.string().optional(),
              probes: z.array(
                z.object({
                  probeId: z.string(),
                  role: z.string(),
                  description: z.string(),
                  before: z.string(),
                  after: z.string(),
                }),
              ),
            }),
            {
              description:
                'Per finding: applied, rolled-back, not-run or needs-human, with the probes that ran',
            },
          ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      if (!input.planId && !input.entityRef)
        throw new InputError('Give an entityRef (to build a plan) or a planId');
      const credentials = await ctx.getInitiatorCredentials();
      const [decision] = await deps.permissions.authorize(
        [{ permission: remediationApplyPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW)
        throw new NotAllowedError(
          `Missing permission ${remediationApplyPermission.name}`,
        );
      const client = new PlatformKitClient(deps, credentials);

      // A re-run of the task (after a restart) keeps the plan it built the first time.
      const planId = await ctx.checkpoint({
        key: `platform-kit-plan-${input.planId ?? input.entityRef}`,
        fn: async () =>
          input.planId ??
          (
            await client.request<RemediationPlanResponse>(
              'POST',
              '/remediation-plans',
              {
                entityRef: input.entityRef,
                lints: input.lints,
                findingKeys: input.findingKeys,
                excludeFindingKeys: input.excludeFindingKeys,
                includeDestructive: input.includeDestructive ?? false,
                policySkeletons: input.policySkeletons ?? false,
              },
            )
          ).id,
      });
      const plan = await client.request<RemediationPlanResponse>(
        'GET',
        `/remediation-plans/${planId}`,
      );
      const log = (entry: LogEntry) => ctx.logger[entry.level](entry.message);
      // Lines whose order matters share one log entry (the task log stores entries unordered).
      ctx.logger.info(
        [
          `Plan ${plan.id} for ${plan.entityRef}: ${plan.plan.patches.length} patch(es), ${plan.plan.skipped.length} finding(s) without a patch`,
          ...plan.plan.skipped.map(
            s => `no patch for ${s.findingKey}: ${s.reason}`,
          ),
        ].join('\n'),
      );
      for (const warning of plan.warnings ?? []) ctx.logger.warn(warning);
      ctx.logger.info(`SQL:\n${plan.sql}`);
      log(planChecksEntry(plan));
      ctx.output('planId', plan.id);

      if (ctx.isDryRun || input.dryRun) {
        ctx.logger.info('Dry run: nothing was changed');
        ctx.output('status', 'pending');
        ctx.output('remaining', []);
        ctx.output('findings', []);
        return;
      }
      /** Outputs and logs how the plan ended; throws unless every finding with steps applied. */
      const finish = (done: RemediationPlanResponse) => {
        const findings = done.outcome?.findings ?? [];
        if (findings.length) log(findingOutcomesEntry(findings));
        ctx.output('status', done.status);
        ctx.output('remaining', done.outcome?.remaining ?? []);
        ctx.output(
          'findings',
          findings.map(f => ({ ...f, probes: f.probes ?? [] })),
        );
        const left = notApplied(findings);
        if (done.status === 'partial')
          throw new Error(
            `Remediation plan ${plan.id} was partly applied: ${
              findings.filter(f => f.status === 'applied').length
            } finding(s) committed; ${left ?? 'see the log'}`,
          );
        if (done.status !== 'applied')
          throw new Error(
            `Remediation plan ${plan.id} failed: ${
              done.outcome?.reason ?? done.error ?? 'see the log'
            } (rolled back)${left ? `. ${left}` : ''}`,
          );
        // Findings that need a human were never part of what applies: named, not a failure.
        const unfinished = notApplied(
          findings.filter(f => f.status !== 'needs-human'),
        );
        if (unfinished)
          throw new Error(
            `Remediation plan ${plan.id} applied, but not every finding: ${unfinished}`,
          );
        const human = notApplied(
          findings.filter(f => f.status === 'needs-human'),
        );
        if (human)
          ctx.logger.warn(
            `Left to a human (no SQL keeps the application working; see the plan): ${human}`,
          );
      };
      if (plan.status === 'applied' || plan.status === 'partial') {
        ctx.logger.info('Already applied (a re-run of this task)');
        finish(plan);
        return;
      }
      if (plan.plan.patches.length === 0) {
        ctx.logger.info('Nothing to apply');
        ctx.output('status', plan.status);
        ctx.output('remaining', []);
        ctx.output('findings', []);
        return;
      }

      let current = await client.request<RemediationPlanResponse>(
        'POST',
        `/remediation-plans/${plan.id}/apply`,
        { allOrNothing: input.allOrNothing ?? false },
      );
      let shown = 0;
      /** The control plane's new log lines, as one entry (at the level of the worst). */
      const forward = () => {
        const lines = current.logs.slice(shown);
        shown = current.logs.length;
        if (!lines.length) return;
        const message = lines.map(l => l.message).join('\n');
        if (lines.some(l => l.level === 'error')) ctx.logger.error(message);
        else if (lines.some(l => l.level === 'warn')) ctx.logger.warn(message);
        else ctx.logger.info(message);
      };
      while (current.status === 'applying') {
        if (ctx.signal?.aborted) throw new Error('Task cancelled');
        await new Promise(r => setTimeout(r, deps.pollIntervalMs ?? 1000));
        current = await client.request<RemediationPlanResponse>(
          'GET',
          `/remediation-plans/${plan.id}`,
        );
        forward();
      }
      forward();
      finish(current);
      ctx.logger.info('Applied and verified by a re-scan');
    },
  });
}
