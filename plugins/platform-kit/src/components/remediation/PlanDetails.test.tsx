import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { RemediationPlanRecord } from '../../api/types';
import {
  dependantPlan,
  entityRef,
  helperPatch,
  partialOutcome,
  plan,
  plansUrl,
  rpcPatch,
} from '../../__testUtils__/remediationPlans';
import { RemediationPanel } from './RemediationPanel';

const server = setupServer();
registerMswTestHooks(server);
// The test app and typing are slow on a busy machine.
jest.setTimeout(30_000);

const allow = () => new MockPermissionApi(() => 'ALLOW' as never);

function serve(items: () => RemediationPlanRecord[]) {
  server.use(
    http.get(plansUrl, () => HttpResponse.json({ entityRef, items: items() })),
  );
}

async function openPlan() {
  await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
    extraApis: [[permissionApiRef, allow()]],
  });
  await userEvent.click(
    await screen.findByRole('button', { name: 'Show plan' }),
  );
}

describe('Plan details', () => {
  it('shows what uses each patch, the behaviour checks, the pre-flight, what needs a human and the app source searched', async () => {
    serve(() => [dependantPlan()]);
    await openPlan();

    expect(
      screen.getByText(
        '3 patches, 1 needs a human, 1 skipped, 1 pre-flight problem',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Application source searched for callers: github.com/acme/tasks-app (214 files).',
      ),
    ).toBeInTheDocument();

    const helper = screen.getByRole('region', { name: helperPatch.title });
    expect(
      within(helper).getByText(
        '2 things use what this patch changes: 2 keep working (as anon and authenticated).',
      ),
    ).toBeInTheDocument();
    const usedBy = within(helper).getByRole('list', {
      name: `Used by: ${helperPatch.title}`,
    });
    const [policy, call] = within(usedBy).getAllByRole('listitem');
    expect(policy).toHaveTextContent(
      'policy "members read" on public.posts (SELECT to authenticated, in USING) · as authenticated · keeps working',
    );
    expect(call).toHaveTextContent(
      'the application calls /rest/v1/rpc/is_member_of · as authenticated and anon · keeps working · called at src/lib/orgs.ts:12',
    );
    const checks = within(helper).getByRole('list', {
      name: `Behaviour checks: ${helperPatch.title}`,
    });
    expect(checks).toHaveTextContent(
      'authenticated · SELECT on public.posts as authenticated (policy "members read" calls public.is_member_of)',
    );
    expect(checks).toHaveTextContent('select 1 from "public"."posts" limit 0');

    const rpc = screen.getByRole('region', { name: rpcPatch.title });
    expect(rpc).toHaveTextContent(
      'Needs a human: The application calls it as an RPC: a revoke would break it.',
    );
    expect(rpc).toHaveTextContent(
      'Switch it to SECURITY INVOKER or grant it to the roles that call it.',
    );
    expect(
      within(
        within(rpc).getByRole('list', { name: `Used by: ${rpcPatch.title}` }),
      ).getByRole('listitem'),
    ).toHaveTextContent(
      'the application calls /rest/v1/rpc/accept_invitation at src/pages/invite.tsx:41 · as authenticated · blocks the fix',
    );

    const preflight = screen.getByRole('list', { name: 'Pre-flight problems' });
    expect(preflight).toHaveTextContent(
      'Enable row level security on public.tasks (step step-1): must be owner of table tasks',
    );
  });

  it('says when the application source was not searched and nothing uses a patch', async () => {
    serve(() => [
      plan({
        warnings: [
          'The entity links no repository: application callers were not searched.',
        ],
      }),
    ]);
    await openPlan();
    expect(
      screen.getByText(/^Application source not searched/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Plan warnings' }),
    ).toHaveTextContent(
      'The entity links no repository: application callers were not searched.',
    );
    expect(
      screen.getByText(
        'Nothing in the database uses what this patch changes; the application source was not searched.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No behaviour checks run for it: nothing found that a role uses.',
      ),
    ).toBeInTheDocument();
  });

  it('creates a plan without the findings the user leaves out', async () => {
    const bodies: any[] = [];
    let items = [dependantPlan()];
    serve(() => items);
    server.use(
      http.post(`${API}/remediation-plans`, async ({ request }) => {
        const body = await request.json();
        bodies.push(body);
        const created = plan({ id: 'plan-3' });
        items = [created, ...items];
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    await openPlan();

    expect(
      screen.queryByRole('button', { name: /Create a plan without/ }),
    ).not.toBeInTheDocument();
    const box = screen.getByRole('checkbox', {
      name: `Include ${rpcPatch.title}`,
    });
    expect(box).toBeChecked();
    await userEvent.click(box);
    expect(box).not.toBeChecked();
    await userEvent.click(
      screen.getByRole('button', { name: 'Create a plan without 1 finding' }),
    );

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({
      entityRef,
      findingKeys: [
        helperPatch.findingKey,
        rpcPatch.findingKey,
        'rls_disabled_in_public_public_tasks',
        'auth_users_exposed_public_profiles',
      ],
      excludeFindingKeys: [rpcPatch.findingKey],
      includeDestructive: false,
    });
    // The list is read again and shows the new plan.
    await waitFor(() =>
      expect(screen.getAllByRole('button', { name: 'Show plan' })).toHaveLength(
        1,
      ),
    );
    expect(screen.getAllByText('Pending')).toHaveLength(2);
    // The original plan is ticked again: the same plan is not created twice.
    expect(
      screen.getByRole('checkbox', { name: `Include ${rpcPatch.title}` }),
    ).toBeChecked();
    expect(
      screen.queryByRole('button', { name: /Create a plan without/ }),
    ).not.toBeInTheDocument();
  });

  it('shows why a plan could not be created without the findings left out', async () => {
    serve(() => [dependantPlan()]);
    server.use(
      http.post(`${API}/remediation-plans`, () =>
        HttpResponse.json(
          { error: { name: 'InputError', message: 'No scan for this entity' } },
          { status: 400 },
        ),
      ),
    );
    await openPlan();
    await userEvent.click(
      screen.getByRole('checkbox', { name: `Include ${helperPatch.title}` }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Create a plan without 1 finding' }),
    );
    const alert = (
      await screen.findByText(/^Could not create the plan/)
    ).closest('[role="alert"]');
    expect(alert).toHaveTextContent(
      'Could not create the plan: No scan for this entity',
    );
  });

  it('shows a partial outcome: which finding was rolled back and why, the probes that ran, what needs a human', async () => {
    const partial = dependantPlan({
      status: 'partial',
      startedAt: '2026-11-26T12:01:00Z',
      finishedAt: '2026-11-26T12:01:05Z',
      outcome: partialOutcome,
    });
    partial.plan.preflight = [];
    serve(() => [partial]);
    await openPlan();

    expect(
      screen.getByLabelText('Status: Partially applied'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Partially applied: 1 finding rolled back'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Per finding: 1 applied, 1 rolled back, 1 needs a human.',
      ),
    ).toBeInTheDocument();

    const rolledBack = screen.getByRole('region', {
      name: `Outcome of ${helperPatch.title}`,
    });
    expect(within(rolledBack).getByText('Rolled back')).toBeInTheDocument();
    expect(
      within(rolledBack).getByText(
        'behaviour check failed as authenticated: permission denied for function is_member_of',
      ),
    ).toBeInTheDocument();
    const probes = within(rolledBack).getByRole('table', {
      name: `Behaviour checks of ${helperPatch.title}`,
    });
    const [, row] = within(probes).getAllByRole('row');
    expect(
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'authenticated',
      'SELECT on public.posts as authenticated (policy "members read" calls public.is_member_of)',
      'ok → permission denied for function is_member_of',
    ]);

    const applied = screen.getByRole('region', {
      name: 'Outcome of Enable row level security on public.tasks',
    });
    expect(within(applied).getByText('Applied')).toBeInTheDocument();
    expect(within(applied).getByRole('table')).toHaveTextContent(
      'anonSELECT on public.tasks as anon (table grant)ok → ok',
    );
    expect(
      within(
        screen.getByRole('region', { name: `Outcome of ${rpcPatch.title}` }),
      ).getByText('Needs a human'),
    ).toBeInTheDocument();
  });
});
