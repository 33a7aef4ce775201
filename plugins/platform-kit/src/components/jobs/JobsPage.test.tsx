import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { ScanRecord } from '../../api/types';
import { JobsPage } from './JobsPage';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

// AuthorizeResult values (the enum lives in @backstage/plugin-permission-common).
const allow = () => new MockPermissionApi(() => 'ALLOW' as any);

function job(id: string, overrides: Partial<ScanRecord> = {}) {
  return {
    type: 'scan' as const,
    id,
    targetId: 'target-1',
    entityRef: 'resource:default/acme-tasks-db',
    status: 'succeeded' as ScanRecord['status'],
    attempts: 1,
    requestedBy: 'user:default/ada',
    queuedAt: '2026-11-20T10:00:00.000Z',
    startedAt: '2026-11-20T10:00:01.000Z',
    finishedAt: '2026-11-20T10:00:13.000Z',
    error: null,
    logs: [],
    ...overrides,
  };
}

const failed = job('scan-failed', {
  status: 'failed',
  attempts: 3,
  error: 'connection refused: db.example.com:5432',
  logs: [
    {
      at: '2026-11-20T10:00:02.000Z',
      level: 'info',
      message: 'connecting to the database',
    },
    {
      at: '2026-11-20T10:00:05.000Z',
      level: 'error',
      message: 'connection refused',
    },
  ],
});
const succeeded = job('scan-ok');

/** Serves `jobs()` filtered by status; records request URLs. */
function serve(jobs: () => ReturnType<typeof job>[]) {
  const urls: URL[] = [];
  server.use(
    http.get(`${API}/jobs`, ({ request }) => {
      const url = new URL(request.url);
      urls.push(url);
      const status = url.searchParams.get('status');
      const items = jobs().filter(j => !status || j.status === status);
      return HttpResponse.json({
        items,
        total: items.length,
        offset: Number(url.searchParams.get('offset')),
        limit: Number(url.searchParams.get('limit')),
      });
    }),
  );
  return urls;
}

const rowOf = async (id: string) =>
  (
    await screen.findByRole(
      'button',
      { name: `Details of scan ${id}` },
      { timeout: 5000 },
    )
  ).closest('tr')!;

describe('JobsPage', () => {
  it('lists scans with status, attempts, requester and duration', async () => {
    const urls = serve(() => [failed, succeeded]);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });

    expect(screen.getByText('Platform Kit jobs')).toBeInTheDocument();
    const row = await rowOf('scan-ok');
    expect(within(row).getByText('succeeded')).toBeInTheDocument();
    expect(within(row).getByText('user:default/ada')).toBeInTheDocument();
    expect(within(row).getByText('12 s')).toBeInTheDocument();
    expect(
      within(await rowOf('scan-failed')).getByText('3'),
    ).toBeInTheDocument();
    expect(urls[0].searchParams.get('offset')).toBe('0');
    expect(urls[0].searchParams.get('limit')).toBe('25');
    expect(urls[0].searchParams.has('status')).toBe(false);
  });

  it('filters by status', async () => {
    const urls = serve(() => [failed, succeeded]);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    await rowOf('scan-ok');

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'failed');

    await waitFor(() =>
      expect(urls.at(-1)!.searchParams.get('status')).toBe('failed'),
    );
    await rowOf('scan-failed');
    expect(
      screen.queryByRole('button', { name: 'Details of scan scan-ok' }),
    ).not.toBeInTheDocument();
  });

  it('shows the error, attempts and logs in the details', async () => {
    serve(() => [failed]);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Details of scan scan-failed' },
        { timeout: 5000 },
      ),
    );

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Scan scan-failed')).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'connection refused: db.example.com:5432',
    );
    expect(within(dialog).getByText('3')).toBeInTheDocument();
    const logs = within(dialog).getByRole('table', {
      name: 'Logs of scan scan-failed',
    });
    expect(
      within(logs).getByText('connecting to the database'),
    ).toBeInTheDocument();
    expect(within(logs).getByText('connection refused')).toBeInTheDocument();
    expect(within(logs).getByText('error')).toBeInTheDocument();
  });

  it('retries a failed scan, shows the new scan id and refreshes', async () => {
    let retriedWith: string | undefined;
    let afterRetry = false;
    const urls = serve(() =>
      afterRetry
        ? [
            job('scan-new', {
              status: 'queued',
              startedAt: null,
              finishedAt: null,
            }),
            failed,
          ]
        : [failed],
    );
    server.use(
      http.post(`${API}/jobs/:id/retry`, ({ params }) => {
        retriedWith = String(params.id);
        afterRetry = true;
        return HttpResponse.json({ scanId: 'scan-new' }, { status: 202 });
      }),
    );
    await renderWithApi(<JobsPage pollIntervalMs={60_000} />, {
      extraApis: [[permissionApiRef, allow()]],
    });

    await rowOf('scan-failed');
    const retry = () =>
      screen.getByRole('button', { name: 'Retry scan scan-failed' });
    await waitFor(() => expect(retry()).toBeEnabled());
    const before = urls.length;
    await userEvent.click(retry());

    expect(
      await screen.findByText('Retry of scan-failed queued as scan scan-new.'),
    ).toBeInTheDocument();
    expect(retriedWith).toBe('scan-failed');
    await rowOf('scan-new');
    expect(urls.length).toBeGreaterThan(before);
  });

  it('polls while a scan runs and shows when it succeeds', async () => {
    let finished = false;
    let polls = 0;
    serve(() => {
      polls += 1;
      return finished
        ? [job('scan-live', { status: 'succeeded' })]
        : [job('scan-live', { status: 'running', finishedAt: null })];
    });
    await renderWithApi(<JobsPage pollIntervalMs={50} />, {
      extraApis: [[permissionApiRef, allow()]],
    });

    expect(
      within(await rowOf('scan-live')).getByText('running'),
    ).toBeInTheDocument();
    const before = polls;
    finished = true;
    await waitFor(() =>
      expect(
        within(
          screen
            .getByRole('button', { name: 'Details of scan scan-live' })
            .closest('tr')!,
        ).getByText('succeeded'),
      ).toBeInTheDocument(),
    );
    expect(polls).toBeGreaterThan(before);
    const settled = polls;
    await new Promise(resolve => setTimeout(resolve, 300));
    // Nothing is queued or running any more: polling stops.
    expect(polls).toBe(settled);
  });

  it('shows an empty state', async () => {
    serve(() => []);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    expect(await screen.findByText('No jobs')).toBeInTheDocument();
  });

  it('shows the error from the API', async () => {
    server.use(
      http.get(`${API}/jobs`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database unavailable' } },
          { status: 500 },
        ),
      ),
    );
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    expect(
      (await screen.findAllByText(/database unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
