import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderWithApi } from '../../__testUtils__/renderWithApi';
import { RemediationPlanRecord } from '../../api/types';
import { RemediationPanel } from './RemediationPanel';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { scaffolderTaskRouteRef } from '../../routes';
import { fakeSignals } from '../../__testUtils__/fakeSignals';

import {
  dependantPlan,
  entityRef,
  plan,
  plansUrl,
} from '../../__testUtils__/remediationPlans';

const server = setupServer();
registerMswTestHooks(server);
// The test app, material-table and typing are slow on a busy machine.
jest.setTimeout(30_000);

const allow = () => new MockPermissionApi(() => 'ALLOW' as never);

function codeContaining(text: string) {
  return screen.findAllByText(
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
      (
        await codeContaining(
          'alter table "public"."tasks" enable row level security;',
        )
      ).length,
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

  it('opens the remediation template prefilled with the plan when the app has no scaffolder', async () => {
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
      planId: 'plan-1',
      allOrNothing: false,
    });
  });

  it('starts the remediation task after a confirmation, links its live log and follows the plan to applied', async () => {
    let status: RemediationPlanRecord['status'] = 'pending';
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [plan({ status })] }),
      ),
    );
    const scaffold = jest.fn(async () => {
      status = 'applying';
      return { taskId: 'task-42' };
    });
    await renderWithApi(
      <RemediationPanel entityRef={entityRef} pollIntervalMs={200} />,
      {
        extraApis: [
          [permissionApiRef, allow()],
          [scaffolderApiRef, { scaffold }],
        ],
        mountedRoutes: { '/create/tasks/:taskId': scaffolderTaskRouteRef },
      },
    );
    await screen.findByText('Pending');
    await userEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Apply this remediation plan?',
    });
    expect(dialog).toHaveTextContent(/1 patch \(1 SQL step\)/);
    expect(scaffold).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Apply now' }),
    );
    expect(scaffold).toHaveBeenCalledWith({
      templateRef: 'template:default/platform-kit-remediation',
      values: { entityRef, planId: 'plan-1', allOrNothing: false },
    });
    const log = await screen.findByRole('link', { name: 'Open live log' });
    expect(log).toHaveAttribute('href', '/create/tasks/task-42');
    // No signals in this app: the plan is polled while it applies.
    expect(
      await screen.findByText('Applying', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    status = 'applied';
    expect(
      await screen.findByText('Applied', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
  });

  it('applies all or nothing when the user chooses it, and warns about pre-flight problems', async () => {
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [dependantPlan()] }),
      ),
    );
    const scaffold = jest.fn(async () => ({ taskId: 'task-43' }));
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [
        [permissionApiRef, allow()],
        [scaffolderApiRef, { scaffold }],
      ],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Apply this remediation plan?',
    });
    expect(dialog).toHaveTextContent(
      'The applying role may lack the privileges for 1 step: their findings will not be applied.',
    );
    const allOrNothing = within(dialog).getByRole('checkbox', {
      name: 'All or nothing',
    });
    expect(allOrNothing).not.toBeChecked();
    expect(allOrNothing).toHaveAccessibleDescription(
      /Off: a finding whose step or behaviour check fails is rolled back on its own and the others commit\. On: any failure rolls back the whole plan\./,
    );
    await userEvent.click(allOrNothing);
    expect(
      within(dialog).getByRole('link', { name: 'Open in template form' }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('%22allOrNothing%22%3Atrue'),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Apply now' }),
    );
    expect(scaffold).toHaveBeenCalledWith({
      templateRef: 'template:default/platform-kit-remediation',
      values: { entityRef, planId: 'plan-2', allOrNothing: true },
    });
  });

  it('shows why the task could not start and keeps the plan pending', async () => {
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [plan()] }),
      ),
    );
    const scaffold = jest.fn(async () => {
      throw new Error('Template not found: platform-kit-remediation');
    });
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [
        [permissionApiRef, allow()],
        [scaffolderApiRef, { scaffold }],
      ],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Apply now' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not start the remediation task: Template not found: platform-kit-remediation',
    );
    expect(screen.getByText('Pending')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Open live log' }),
    ).not.toBeInTheDocument();
  });

  it('reloads the plans when the control plane signals a remediation change', async () => {
    let status: RemediationPlanRecord['status'] = 'applying';
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [plan({ status })] }),
      ),
    );
    const signals = fakeSignals();
    const channel = 'platform-kit:entity:resource:default/acme-tasks-db';
    await renderWithApi(
      <RemediationPanel entityRef={entityRef} pollIntervalMs={60_000} />,
      {
        extraApis: [
          [permissionApiRef, allow()],
          [signalApiRef, signals.api],
        ],
      },
    );
    expect(await screen.findByText('Applying')).toBeInTheDocument();
    status = 'applied';
    await waitFor(() => expect(signals.listeners(channel)).toBeGreaterThan(0));
    signals.publish(channel, {
      type: 'remediation',
      id: 'plan-1',
      status: 'applied',
    });
    expect(await screen.findByText('Applied')).toBeInTheDocument();
  });

  it('polls a plan that is applying until it is applied, then shows the outcome and log', async () => {
    let reads = 0;
    server.use(
      http.get(plansUrl, () => {
        reads += 1;
        if (reads === 1)
          return HttpResponse.json({
            entityRef,
            items: [
              plan({ status: 'applying', startedAt: '2026-11-26T12:01:00Z' }),
            ],
          });
        return HttpResponse.json({
          entityRef,
          items: [
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
                findings: [],
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
          ],
        });
      }),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    expect(await screen.findByText('Applying')).toBeInTheDocument();
    expect(
      await screen.findByText('Applied', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(reads).toBeGreaterThanOrEqual(2);

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
