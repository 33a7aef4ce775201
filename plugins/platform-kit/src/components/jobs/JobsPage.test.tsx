import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { JOBS_SIGNAL_CHANNEL } from '@platform-kit/plugin-platform-kit-common';
import { act } from '@testing-library/react';
import { Job, RemediationJob, ScanRecord } from '../../api/types';
import { JobsPage } from './JobsPage';
import {
  helperPatch,
  partialOutcome,
} from '../../__testUtils__/remediationPlans';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

// AuthorizeResult values (the enum lives in @backstage/plugin-permission-common).
const allow = () => new MockPermissionApi(() => 'ALLOW' as any);

function job(id: string, overrides: Partial<ScanRecord> = {}): Job {
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

function remediation(
  id: string,
  overrides: Partial<RemediationJob> = {},
): RemediationJob {
  return {
    type: 'remediation',
    id,
    entityRef: 'resource:default/acme-tasks-db',
    status: 'succeeded',
    planStatus: 'applied',
    attempts: 1,
    requestedBy: 'user:default/grace',
    queuedAt: '2026-11-20T11:00:00.000Z',
    startedAt: '2026-11-20T11:00:00.000Z',
    finishedAt: '2026-11-20T11:00:04.000Z',
    error: null,
    logs: [
      {
        at: '2026-11-20T11:00:01.000Z',
        level: 'info',
        message: 'applying 2 steps',
      },
    ],
    dryRun: false,
    patches: 2,
    sql: 'begin;\nalter table "public"."tasks" enable row level security;\ncommit;',
    outcome: {
      status: 'applied',
      steps: [],
      findings: [],
      remaining: ['rls_disabled_in_public:public.notes'],
      rowCounts: { '"public"."tasks"': { before: 42, after: 42 } },
    },
    ...overrides,
  };
}

const failedPlan = remediation('plan-failed', {
  status: 'failed',
  planStatus: 'failed',
  attempts: 2,
  error: 'lock timeout on "public"."tasks"',
  outcome: null,
});

/** Code blocks (the SQL is split into highlighted tokens) containing `text`. */
function codeContaining(text: string) {
  return screen.queryAllByText(
    (_content, element) =>
      element?.tagName === 'CODE' &&
      Boolean(element.textContent?.includes(text)),
  );
}

/** A signal API that delivers what the test publishes, like the signals plugin's client. */
function fakeSignals() {
  const subscribers = new Map<string, Set<(m: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as any);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const publish = (channel: string, message: object) =>
    act(() => subscribers.get(channel)?.forEach(fn => fn(message)));
  return { api, publish };
}

/** Serves `jobs()` filtered by type and status; records request URLs. */
function serve(jobs: () => Job[]) {
  const urls: URL[] = [];
  server.use(
    http.get(`${API}/jobs`, ({ request }) => {
      const url = new URL(request.url);
      urls.push(url);
      const status = url.searchParams.get('status');
      const type = url.searchParams.get('type');
      const items = jobs().filter(
        j => (!status || j.status === status) && (!type || j.type === type),
      );
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

const rowOf = async (id: string, type: 'scan' | 'remediation' = 'scan') =>
  (
    await screen.findByRole(
      'button',
      { name: `Details of ${type} ${id}` },
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
    expect(within(row).getByTitle('user:default/ada')).toHaveTextContent('ada');
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

  it('filters by type', async () => {
    const urls = serve(() => [failed, remediation('plan-ok')]);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    await rowOf('plan-ok', 'remediation');
    expect(urls[0].searchParams.has('type')).toBe(false);

    await userEvent.selectOptions(screen.getByLabelText('Type'), 'remediation');

    await waitFor(() =>
      expect(urls.at(-1)!.searchParams.get('type')).toBe('remediation'),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Details of scan scan-failed' }),
      ).not.toBeInTheDocument(),
    );
    expect(await rowOf('plan-ok', 'remediation')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'failed');
    await waitFor(() => {
      const last = urls.at(-1)!.searchParams;
      expect(last.get('type')).toBe('remediation');
      expect(last.get('status')).toBe('failed');
    });
    expect(
      await screen.findByText('No remediation job is failed.'),
    ).toBeInTheDocument();
  });

  it('lists remediation jobs with plan status, patches, dry run and requester', async () => {
    serve(() => [
      remediation('plan-ok'),
      remediation('plan-dry', { dryRun: true, patches: 1, outcome: null }),
    ]);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });

    const row = await rowOf('plan-ok', 'remediation');
    expect(within(row).getByText('Remediation')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'resource:acme-tasks-db' }),
    ).toHaveAttribute('href', '/catalog/default/resource/acme-tasks-db');
    expect(within(row).getByText('succeeded')).toBeInTheDocument();
    expect(within(row).getByText('applied')).toBeInTheDocument();
    expect(within(row).getByText('2 patches')).toBeInTheDocument();
    expect(within(row).getByTitle('user:default/grace')).toHaveTextContent(
      'grace',
    );
    expect(within(row).getByText('4 s')).toBeInTheDocument();
    expect(
      within(await rowOf('plan-dry', 'remediation')).getByText(
        '1 patch · dry run',
      ),
    ).toBeInTheDocument();
  });

  it('shows the SQL, outcome and logs of a remediation job', async () => {
    serve(() => [remediation('plan-ok')]);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    await userEvent.click(
      within(await rowOf('plan-ok', 'remediation')).getByRole('button', {
        name: 'Details of remediation plan-ok',
      }),
    );

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Remediation plan plan-ok'),
    ).toBeInTheDocument();
    // The highlighter loads asynchronously.
    await waitFor(() =>
      expect(
        codeContaining(
          'alter table "public"."tasks" enable row level security;',
        ).length,
      ).toBeGreaterThan(0),
    );
    expect(
      within(dialog).getByLabelText('Remaining findings'),
    ).toHaveTextContent('rls_disabled_in_public:public.notes');
    const rowCounts = within(dialog).getByRole('table', {
      name: 'Row counts',
    });
    expect(within(rowCounts).getByText('"public"."tasks"')).toBeInTheDocument();
    expect(within(rowCounts).getAllByText('42')).toHaveLength(2);
    expect(
      within(
        within(dialog).getByRole('table', {
          name: 'Logs of remediation plan-ok',
        }),
      ).getByText('applying 2 steps'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Plan status').nextSibling,
    ).toHaveTextContent('applied');
  });

  it("shows a partly applied remediation job as its own state, with each finding's outcome and no retry", async () => {
    serve(() => [
      remediation('plan-partial', {
        status: 'failed',
        planStatus: 'partial',
        outcome: partialOutcome,
      }),
    ]);
    await renderWithApi(<JobsPage />, {
      extraApis: [[permissionApiRef, allow()]],
    });
    const row = await rowOf('plan-partial', 'remediation');
    const status = within(row).getByText('partial');
    expect(within(status).getByTestId('status-warning')).toBeInTheDocument();
    expect(
      within(row).queryByRole('button', { name: /Retry/ }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(row).getByRole('button', {
        name: 'Details of remediation plan-partial',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Plan status').nextSibling,
    ).toHaveTextContent('partial');
    const rolledBack = within(dialog).getByRole('region', {
      name: `Outcome of ${helperPatch.findingKey}`,
    });
    expect(within(rolledBack).getByText('Rolled back')).toBeInTheDocument();
    expect(rolledBack).toHaveTextContent(
      'behaviour check failed as authenticated: permission denied for function is_member_of',
    );
    expect(within(rolledBack).getByRole('table')).toHaveTextContent(
      'ok → permission denied for function is_member_of',
    );
    expect(
      within(dialog).queryByRole('button', { name: /Retry/ }),
    ).not.toBeInTheDocument();
  });

  it('retries a failed remediation job: the plan is applied again', async () => {
    let retriedWith: string | undefined;
    let afterRetry = false;
    serve(() => [
      afterRetry
        ? { ...failedPlan, status: 'running', planStatus: 'applying' }
        : failedPlan,
    ]);
    server.use(
      http.post(`${API}/jobs/:id/retry`, ({ params }) => {
        retriedWith = String(params.id);
        afterRetry = true;
        return HttpResponse.json(
          { planId: 'plan-failed', status: 'applying' },
          { status: 202 },
        );
      }),
    );
    await renderWithApi(<JobsPage pollIntervalMs={60_000} />, {
      extraApis: [[permissionApiRef, allow()]],
    });

    await userEvent.click(
      within(await rowOf('plan-failed', 'remediation')).getByRole('button', {
        name: 'Details of remediation plan-failed',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'lock timeout on "public"."tasks"',
    );
    const retry = () =>
      within(dialog).getByRole('button', {
        name: 'Retry remediation plan-failed',
      });
    await waitFor(() => expect(retry()).toBeEnabled());
    await userEvent.click(retry());

    expect(
      await screen.findByText('Plan plan-failed is being applied again.'),
    ).toBeInTheDocument();
    expect(retriedWith).toBe('plan-failed');
    // The list is read again: the plan is being applied, no Retry any more.
    await waitFor(() =>
      expect(
        within(screen.getByRole('dialog')).getByText('applying'),
      ).toBeInTheDocument(),
    );
    expect(
      screen.queryByRole('button', { name: 'Retry remediation plan-failed' }),
    ).not.toBeInTheDocument();
  });

  it('refreshes the list when a job signal arrives', async () => {
    const signals = fakeSignals();
    let jobs: Job[] = [];
    const urls = serve(() => jobs);
    await renderWithApi(<JobsPage pollIntervalMs={60_000} />, {
      extraApis: [
        [permissionApiRef, allow()],
        [signalApiRef, signals.api],
      ],
    });
    expect(await screen.findByText('No jobs')).toBeInTheDocument();
    const before = urls.length;

    jobs = [job('scan-live', { status: 'running', finishedAt: null })];
    signals.publish(JOBS_SIGNAL_CHANNEL, { type: 'scan', status: 'running' });
    expect(
      within(await rowOf('scan-live')).getByText('running'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Live: updates as jobs change'),
    ).toBeInTheDocument();

    jobs = [job('scan-live', { status: 'succeeded' })];
    signals.publish(JOBS_SIGNAL_CHANNEL, { type: 'scan', status: 'succeeded' });
    await waitFor(() =>
      expect(
        within(
          screen
            .getByRole('button', { name: 'Details of scan scan-live' })
            .closest('tr')!,
        ).getByText('succeeded'),
      ).toBeInTheDocument(),
    );
    // One request per signal: with signals there is no fast polling.
    expect(urls.length).toBe(before + 2);
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
