import {
  ApplyReport,
  PlanPatch,
} from '@platform-kit/plugin-platform-kit-common';
import { API } from './renderWithApi';
import { RemediationPlanRecord } from '../api/types';

/** Test data: a pending plan with one patch and one skipped finding, as the API returns it. */
export const entityRef = 'resource:default/acme-tasks-db';
export const plansUrl = `${API}/entities/resource/default/acme-tasks-db/remediation-plans`;

export function plan(
  overrides: Partial<RemediationPlanRecord> = {},
): RemediationPlanRecord {
  return {
    id: 'plan-1',
    entityRef,
    status: 'pending',
    plan: {
      targetRef: entityRef,
      createdAt: '2026-11-26T12:00:00Z',
      includeDestructive: false,
      patches: [
        {
          lint: 'rls_disabled_in_public',
          findingKey: 'rls_disabled_in_public_public_tasks',
          title: 'Enable row level security on public.tasks',
          manual: null,
          steps: [
            {
              id: 'step-1',
              sql: 'alter table "public"."tasks" enable row level security;',
              rationale: 'Without RLS every row is readable through the API.',
              risk: 'behaviour-change',
              transactional: true,
              resolves: ['rls_disabled_in_public_public_tasks'],
              tables: ['"public"."tasks"'],
              functions: [],
            },
          ],
          dependants: [],
          probes: [],
        },
      ],
      skipped: [
        {
          findingKey: 'auth_users_exposed_public_profiles',
          reason: 'No patch for this lint: fix the view by hand.',
        },
      ],
      preflight: [],
      appSource: null,
    },
    sql: 'begin; alter table "public"."tasks" enable row level security; commit;',
    scanId: 'scan-1',
    createdBy: 'user:default/ada',
    createdAt: '2026-11-26T12:00:00Z',
    appliedBy: null,
    dryRun: false,
    startedAt: null,
    finishedAt: null,
    outcome: null,
    error: null,
    logs: [],
    allOrNothing: false,
    warnings: [],
    ...overrides,
  };
}

/** A definer-function fix whose helper two policies and the app use, and an RPC fix that needs a human. */
export const helperPatch: PlanPatch = {
  lint: 'anon_security_definer_function_executable',
  findingKey: 'anon_security_definer_function_executable_public_is_member_of',
  title: 'Revoke EXECUTE on public.is_member_of(uuid) from anon',
  manual: null,
  steps: [
    {
      id: 'step-helper',
      sql: 'revoke execute on function "public"."is_member_of"(uuid) from public, anon;\ngrant execute on function "public"."is_member_of"(uuid) to authenticated;',
      rationale: 'Only signed-in members need the helper.',
      risk: 'behaviour-change',
      transactional: true,
      resolves: [
        'anon_security_definer_function_executable_public_is_member_of',
      ],
      tables: [],
      functions: ['"public"."is_member_of"(uuid)'],
    },
  ],
  dependants: [
    {
      kind: 'policy',
      description:
        'policy "members read" on public.posts (SELECT to authenticated, in USING)',
      roles: ['authenticated'],
      effect: 'kept',
    },
    {
      kind: 'app_call',
      description: 'the application calls /rest/v1/rpc/is_member_of',
      roles: ['authenticated', 'anon'],
      effect: 'kept',
      location: 'src/lib/orgs.ts:12',
    },
  ],
  probes: [
    {
      id: 'probe-posts-select',
      description:
        'SELECT on public.posts as authenticated (policy "members read" calls public.is_member_of)',
      role: 'authenticated',
      sql: 'select 1 from "public"."posts" limit 0',
    },
  ],
};

export const rpcPatch: PlanPatch = {
  lint: 'authenticated_security_definer_function_executable',
  findingKey:
    'authenticated_security_definer_function_executable_public_accept_invitation',
  title: 'Revoke EXECUTE on public.accept_invitation(text) from authenticated',
  manual: {
    reason: 'The application calls it as an RPC: a revoke would break it.',
    instructions:
      'Switch it to SECURITY INVOKER or grant it to the roles that call it.',
  },
  steps: [],
  dependants: [
    {
      kind: 'app_call',
      description:
        'the application calls /rest/v1/rpc/accept_invitation at src/pages/invite.tsx:41',
      roles: ['authenticated'],
      effect: 'blocks',
      location: 'src/pages/invite.tsx:41',
    },
  ],
  probes: [],
};

/** A plan with dependants, probes, a pre-flight problem and a searched app source. */
export function dependantPlan(
  overrides: Partial<RemediationPlanRecord> = {},
): RemediationPlanRecord {
  const base = plan();
  return plan({
    id: 'plan-2',
    plan: {
      ...base.plan,
      patches: [helperPatch, rpcPatch, ...base.plan.patches],
      preflight: [
        {
          findingKey: 'rls_disabled_in_public_public_tasks',
          stepId: 'step-1',
          problem: 'must be owner of table tasks',
        },
      ],
      appSource: { origin: 'github.com/acme/tasks-app', files: 214 },
    },
    ...overrides,
  });
}

/** The outcome of `dependantPlan()` applied in part: the helper fix was rolled back by its probe. */
export const partialOutcome: ApplyReport = {
  status: 'partial',
  reason: '1 finding rolled back',
  steps: [],
  findings: [
    {
      findingKey: helperPatch.findingKey,
      status: 'rolled-back',
      reason:
        'behaviour check failed as authenticated: permission denied for function is_member_of',
      probes: [
        {
          probeId: 'probe-posts-select',
          role: 'authenticated',
          description:
            'SELECT on public.posts as authenticated (policy "members read" calls public.is_member_of)',
          before: 'ok',
          after: 'permission denied for function is_member_of',
        },
      ],
    },
    {
      findingKey: rpcPatch.findingKey,
      status: 'needs-human',
      reason: 'The application calls it as an RPC: a revoke would break it.',
      probes: [],
    },
    {
      findingKey: 'rls_disabled_in_public_public_tasks',
      status: 'applied',
      probes: [
        {
          probeId: 'probe-tasks-select',
          role: 'anon',
          description: 'SELECT on public.tasks as anon (table grant)',
          before: 'ok',
          after: 'ok',
        },
      ],
    },
  ],
  remaining: [helperPatch.findingKey, rpcPatch.findingKey],
  rowCounts: {},
};
