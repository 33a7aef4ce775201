import { screen, waitFor, within } from '@testing-library/react';
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

const allow = () => new MockPermissionApi(() => 'ALLOW' as never);

function codeContaining(text: string) {
  return screen.getAllByText(
    (_content, element) =>
      element?.tagName === 'CODE' &&
      Boolean(element.textContent?.includes(text)),
  );
}

describe('RemediationPanel', () => {
  it('shows a progress bar, then an empty state without plans', async () => {
    let release = () => {};
    const answer = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      http.get(plansUrl, async () => {
        await answer;
        return HttpResponse.json({ entityRef, items: [] });
      }),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    release();
    expect(await screen.findByText('No remediation plans')).toBeInTheDocument();
  });

  it('shows errors', async () => {
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    expect(
      await screen.findByText(/Could not load remediation plans/),
    ).toBeInTheDocument();
  });

  it('lists plans and shows the SQL, rationale, risk and skipped findings on expand', async () => {
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [plan()] }),
      ),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, allow()]],
    });

    expect(await screen.findByText('Pending')).toBeInTheDocument();
    expect(
      screen.getByText(/Created by user:default\/ada/),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 patch, 1 skipped/)).toBeInTheDocument();
    expect(screen.getByText('Behaviour change')).toBeInTheDocument();
    expect(
      screen.queryByText(/enable row level security;/),
    ).not.toBeInTheDocument();

    const toggle = screen.getByRole('button', { name: 'Show plan' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);

    expect(
      codeContaining('alter table "public"."tasks" enable row level security;')
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/Without RLS every row is readable through the API./),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No patch for this lint: fix the view by hand./),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Hide plan' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('links Apply to the remediation template when allowed', async () => {
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [plan()] }),
      ),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    await screen.findByText('Pending');
    const apply = await waitFor(() => {
      const anchor = screen.getByText('Apply').closest('a');
      expect(anchor).not.toBeNull();
      return anchor!;
    });
    const href = apply.getAttribute('href')!;
    expect(href).toMatch(
      /^\/create\/templates\/default\/platform-kit-remediation\?formData=/,
    );
    const formData = JSON.parse(decodeURIComponent(href.split('formData=')[1]));
    expect(formData).toEqual({
      entityRef,
      lints: ['rls_disabled_in_public'],
    });
  });

  it('polls a plan that is applying until it is applied, then shows the outcome and log', async () => {
    let reads = 0;
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({
          entityRef,
          items: [
            plan({ status: 'applying', startedAt: '2026-11-26T12:01:00Z' }),
          ],
        }),
      ),
      http.get(`${API}/remediation-plans/plan-1`, () => {
        reads += 1;
        return HttpResponse.json(
          plan({
            status: 'applied',
            startedAt: '2026-11-26T12:01:00Z',
            finishedAt: '2026-11-26T12:01:05Z',
            appliedBy: 'user:default/ada',
            outcome: {
              status: 'applied',
              steps: [
                {
                  stepId: 'step-1',
                  status: 'applied',
                  attempts: 1,
                  durationMs: 12,
                },
              ],
              remaining: [],
              rowCounts: { '"public"."tasks"': { before: 42, after: 42 } },
            },
            logs: [
              {
                at: '2026-11-26T12:01:01Z',
                level: 'info',
                message: 'Applied step-1 in 12 ms',
              },
            ],
          }),
        );
      }),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    expect(await screen.findByText('Applying')).toBeInTheDocument();
    expect(
      await screen.findByText('Applied', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(reads).toBeGreaterThanOrEqual(1);

    await userEvent.click(screen.getByRole('button', { name: 'Show plan' }));
    expect(screen.getByText(/Remaining findings: none/)).toBeInTheDocument();
    const rowCounts = screen.getByRole('table', { name: 'Row counts' });
    expect(within(rowCounts).getAllByText('42')).toHaveLength(2);
    expect(screen.getByText(/Applied step-1 in 12 ms/)).toBeInTheDocument();

    // Finished plans are not polled any more.
    const after = reads;
    await new Promise(resolve => setTimeout(resolve, 2500));
    expect(reads).toBe(after);
  }, 15000);
});
