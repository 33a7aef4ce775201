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
  PlatformKitClient,
  RemediationPlanResponse,
} from './platformKitClient';

/** @public */
export const REMEDIATION_APPLY_ACTION_ID = 'platform-kit:remediation:apply';

/**
 * Builds (or takes) a remediation plan for a Supabase project and applies it
 * through the control plane: one guarded transaction, verified by a re-scan.
 * The task log shows the SQL and every step; a dry run changes nothing.
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
      'Applies a Platform Kit remediation plan to a Supabase / PostgreSQL project: builds one for the selected lints or findings (or takes an existing plan), applies it in one guarded transaction and verifies it with a re-scan.',
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
          z.string({ description: 'pending (dry run), applied or failed' }),
        remaining: z =>
          z.array(z.string(), {
            description: 'Findings the re-scan still reports',
          }),
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
      ctx.logger.info(
        `Plan ${plan.id} for ${plan.entityRef}: ${plan.plan.patches.length} patch(es), ${plan.plan.skipped.length} finding(s) without a patch`,
      );
      for (const s of plan.plan.skipped)
        ctx.logger.info(`no patch for ${s.findingKey}: ${s.reason}`);
      ctx.logger.info(`SQL:\n${plan.sql}`);
      ctx.output('planId', plan.id);

      if (ctx.isDryRun || input.dryRun) {
        ctx.logger.info('Dry run: nothing was changed');
        ctx.output('status', 'pending');
        ctx.output('remaining', []);
        return;
      }
      if (plan.status === 'applied') {
        ctx.logger.info('Already applied (a re-run of this task)');
        ctx.output('status', plan.status);
        ctx.output('remaining', plan.outcome?.remaining ?? []);
        return;
      }
      if (plan.plan.patches.length === 0) {
        ctx.logger.info('Nothing to apply');
        ctx.output('status', plan.status);
        ctx.output('remaining', []);
        return;
      }

      let current = await client.request<RemediationPlanResponse>(
        'POST',
        `/remediation-plans/${plan.id}/apply`,
        {},
      );
      let shown = 0;
      while (current.status === 'applying') {
        if (ctx.signal?.aborted) throw new Error('Task cancelled');
        await new Promise(r => setTimeout(r, deps.pollIntervalMs ?? 1000));
        current = await client.request<RemediationPlanResponse>(
          'GET',
          `/remediation-plans/${plan.id}`,
        );
        for (const line of current.logs.slice(shown))
          ctx.logger[line.level === 'error' ? 'error' : 'info'](line.message);
        shown = current.logs.length;
      }
      for (const line of current.logs.slice(shown))
        ctx.logger[line.level === 'error' ? 'error' : 'info'](line.message);
      ctx.output('status', current.status);
      ctx.output('remaining', current.outcome?.remaining ?? []);
      if (current.status !== 'applied')
        throw new Error(
          `Remediation plan ${plan.id} failed: ${
            current.outcome?.reason ?? current.error ?? 'see the log'
          } (rolled back)`,
        );
      ctx.logger.info('Applied and verified by a re-scan');
    },
  });
}
