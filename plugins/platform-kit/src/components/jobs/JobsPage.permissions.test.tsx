import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { JobsPage } from './JobsPage';

// A file of its own: usePermission caches decisions (SWR) for the whole test file.

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

// AuthorizeResult.DENY (the enum lives in @backstage/plugin-permission-common).
const deny = () => new MockPermissionApi(() => 'DENY' as any);

const failed = {
  type: 'scan',
  id: 'scan-failed',
  targetId: 'target-1',
  entityRef: 'resource:default/acme-tasks-db',
  status: 'failed',
  attempts: 3,
  requestedBy: 'user:default/ada',
  queuedAt: '2026-11-20T10:00:00.000Z',
  startedAt: '2026-11-20T10:00:01.000Z',
  finishedAt: '2026-11-20T10:00:13.000Z',
  error: 'connection refused',
  logs: [],
};

const failedPlan = {
  type: 'remediation',
  id: 'plan-failed',
  entityRef: 'resource:default/acme-tasks-db',
  status: 'failed',
  planStatus: 'failed',
  attempts: 1,
  requestedBy: 'user:default/ada',
  queuedAt: '2026-11-20T11:00:00.000Z',
  startedAt: '2026-11-20T11:00:00.000Z',
  finishedAt: '2026-11-20T11:00:04.000Z',
  error: 'lock timeout',
  logs: [],
  dryRun: false,
  patches: 1,
  sql: 'select 1;',
  outcome: null,
};

function serve() {
  server.use(
    http.get(`${API}/jobs`, () =>
      HttpResponse.json({
        items: [failed, failedPlan],
        total: 2,
        offset: 0,
        limit: 25,
      }),
    ),
  );
}

const rowOf = async (id: string) =>
  (
    await screen.findByRole(
      'button',
      { name: `Details of scan ${id}` },
      { timeout: 5000 },
    )
  ).closest('tr')!;

describe('JobsPage without the scan and remediation permissions', () => {
  it("disables Retry without the permission of the job's kind", async () => {
    const retried: string[] = [];
    serve();
    server.use(
      http.post(`${API}/jobs/:id/retry`, ({ params }) => {
        retried.push(String(params.id));
        return HttpResponse.json({ scanId: 'scan-new' }, { status: 202 });
      }),
    );
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, deny()]],
    });

    await rowOf('scan-failed');
    const retry = () =>
      screen.getByRole('button', { name: 'Retry scan scan-failed' });
    expect(retry()).toBeDisabled();
    // Once the permission check has answered, the reason is given on hover.
    await userEvent.hover(retry().parentElement!);
    expect(
      await screen.findByText('You are not allowed to start scans'),
    ).toBeInTheDocument();
    expect(retry()).toBeDisabled();
    await userEvent.click(retry(), { pointerEventsCheck: 0 });

    // Applying a plan again needs the remediation permission.
    const retryPlan = () =>
      screen.getByRole('button', { name: 'Retry remediation plan-failed' });
    expect(retryPlan()).toBeDisabled();
    await userEvent.hover(retryPlan().parentElement!);
    expect(
      await screen.findByText('You are not allowed to apply remediation plans'),
    ).toBeInTheDocument();
    await userEvent.click(retryPlan(), { pointerEventsCheck: 0 });
    expect(retried).toEqual([]);
  });
});
