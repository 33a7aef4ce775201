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
        },
      ],
      skipped: [
        {
          findingKey: 'auth_users_exposed_public_profiles',
          reason: 'No patch for this lint: fix the view by hand.',
        },
      ],
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
    ...overrides,
  };
}
