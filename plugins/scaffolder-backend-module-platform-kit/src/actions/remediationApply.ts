import {
  AuthService,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { remediationApplyPermission } from '@platform-kit/plugin-platform-kit-common';
import { applyPlan } from './applyPlan';
import { controlPlaneFailure } from './platformKit';
import { examples } from './remediationApply.examples';
import {
  DEFAULT_APPLY_TIMEOUT_MINUTES,
  MAX_APPLY_TIMEOUT_MINUTES,
} from './waitForApply';

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
        timeoutMinutes: z =>
          z
            .number({
              description: `How long to wait for the apply to end (default ${DEFAULT_APPLY_TIMEOUT_MINUTES}, at most ${MAX_APPLY_TIMEOUT_MINUTES}); then the step fails, while the apply may still finish`,
            })
            .positive()
            .max(MAX_APPLY_TIMEOUT_MINUTES)
            .optional(),
      },
      output: {
        planId: z => z.string({ description: 'The remediation plan' }),
        status: z =>
          z.string({
            description:
              'pending (dry run), applied, partial or failed; applying when the wait ended first',
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
      try {
        await applyPlan(ctx, {
          ...deps,
          credentials,
          pollIntervalMs: deps.pollIntervalMs ?? 1000,
        });
      } catch (error) {
        throw controlPlaneFailure(error);
      }
    },
  });
}
