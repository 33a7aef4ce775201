import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { RemediationPlanRecord } from '../../api/types';
import { RemediationPanel } from './RemediationPanel';

const entityRef = 'resource:default/acme-tasks-db';
const plansUrl = `${API}/entities/resource/default/acme-tasks-db/remediation-plans`;

function plan(
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

const server = setupServer();
registerMswTestHooks(server);
// The test app, material-table and typing are slow on a busy machine.
jest.setTimeout(30_000);

// usePermission caches decisions per permission for the module: this file
// holds the tests that need a DENY.
const deny = () => new MockPermissionApi(() => 'DENY' as never);

describe('RemediationPanel without permission', () => {
  it('disables Apply with an explanation without permission', async () => {
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [plan()] }),
      ),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, deny()]],
    });
    await screen.findByText('Pending');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled(),
    );
    expect(
      screen.queryByRole('link', { name: /Apply/ }),
    ).not.toBeInTheDocument();
    await userEvent.hover(
      screen.getByRole('button', { name: 'Apply' }).parentElement!,
    );
    expect(
      await screen.findByText('You are not allowed to apply remediation plans'),
    ).toBeInTheDocument();
  });
});
