import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { SourcedFinding } from '../../api/types';
import { FindingsPanel } from './FindingsPanel';

const entityRef = 'resource:default/acme-tasks-db';
const findingsUrl = `${API}/entities/resource/default/acme-tasks-db/findings`;

function finding(overrides: Partial<SourcedFinding>): SourcedFinding {
  return {
    name: 'rls_disabled_in_public',
    title: 'RLS Disabled in Public',
    level: 'ERROR',
    facing: 'EXTERNAL',
    categories: ['SECURITY'],
    description: 'Detects tables in public without RLS.',
    detail: 'Table `public.tasks` is public, but RLS has not been enabled.',
    remediation:
      'https://supabase.com/docs/guides/database/database-linter?lint=0013_rls_disabled_in_public',
    metadata: { schema: 'public', name: 'tasks', type: 'table' },
    cache_key: 'rls_disabled_in_public_public_tasks',
    severity: 5,
    fixable: true,
    source: entityRef,
    ...overrides,
  };
}

const items: SourcedFinding[] = [
  finding({}),
  finding({
    name: 'unindexed_foreign_keys',
    title: 'Unindexed foreign keys',
    level: 'INFO',
    categories: ['PERFORMANCE'],
    detail: 'Table `public.comments` has a foreign key without an index.',
    metadata: { schema: 'public', name: 'comments', type: 'table' },
    cache_key: 'unindexed_foreign_keys_public_comments',
    severity: 2,
    fixable: true,
  }),
  finding({
    name: 'auth_users_exposed',
    title: 'Exposed Auth Users',
    level: 'WARN',
    detail: 'View `public.profiles` exposes auth.users.',
    metadata: { schema: 'public', name: 'profiles', type: 'view' },
    cache_key: 'auth_users_exposed_public_profiles',
    fixable: false,
    source: 'resource:default/acme-auth',
  }),
];

const server = setupServer();
registerMswTestHooks(server);
// The test app, material-table and typing are slow on a busy machine.
jest.setTimeout(30_000);

function serveFindings(list: SourcedFinding[] = items) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(findingsUrl, ({ request }) => {
      const params = new URL(request.url).searchParams;
      queries.push(params);
      const level = params.get('level');
      const category = params.get('category');
      const result = list.filter(
        f =>
          (!level || f.level === level) &&
          (!category || f.categories.includes(category as any)),
      );
      return HttpResponse.json({
        entityRef,
        sources: [entityRef],
        items: result,
        total: result.length,
      });
    }),
  );
  return queries;
}

describe('FindingsPanel', () => {
  it('shows findings with level, rule, object, detail, source and what to do', async () => {
    serveFindings();
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);

    expect(
      await screen.findByText('RLS Disabled in Public'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table');
    expect(within(table).getByText('Error')).toBeInTheDocument();
    expect(within(table).getByText('Warning')).toBeInTheDocument();
    expect(within(table).getByText('Info')).toBeInTheDocument();
    expect(screen.getByText('public.tasks')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Table `public.comments` has a foreign key without an index.',
      ),
    ).toBeInTheDocument();
    // Only the finding from another entity names its source.
    expect(screen.getByText('resource:default/acme-auth')).toBeInTheDocument();
    expect(screen.queryByText(entityRef)).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /What to do about RLS Disabled in Public/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('lint=0013_rls_disabled_in_public'),
    );
  });

  it('shows a progress bar while loading', async () => {
    let release = () => {};
    const answer = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      http.get(findingsUrl, async () => {
        await answer;
        return HttpResponse.json({
          entityRef,
          sources: [],
          items: [],
          total: 0,
        });
      }),
    );
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    release();
    expect(await screen.findByText('No findings')).toBeInTheDocument();
  });

  it('shows an empty state when there are no findings', async () => {
    serveFindings([]);
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);
    expect(await screen.findByText('No findings')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Create remediation plan/ }),
    ).toBeDisabled();
  });

  it('explains a 404 with the API message', async () => {
    server.use(
      http.get(findingsUrl, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message:
                'No successful scan of resource:default/acme-tasks-db yet',
            },
          },
          { status: 404 },
        ),
      ),
    );
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);
    expect(
      await screen.findByText(
        'No successful scan of resource:default/acme-tasks-db yet',
      ),
    ).toBeInTheDocument();
  });

  it('shows other errors in an error panel', async () => {
    server.use(
      http.get(findingsUrl, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database is down' } },
          { status: 500 },
        ),
      ),
    );
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);
    expect(
      await screen.findByText(/Could not load findings/),
    ).toBeInTheDocument();
  });

  it('filters by level and category', async () => {
    const queries = serveFindings();
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);
    await screen.findByText('RLS Disabled in Public');

    await userEvent.selectOptions(screen.getByLabelText('Level'), 'INFO');
    expect(
      await screen.findByText('Unindexed foreign keys'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByText('RLS Disabled in Public'),
      ).not.toBeInTheDocument(),
    );
    expect(queries[queries.length - 1].get('level')).toBe('INFO');

    await userEvent.selectOptions(
      screen.getByLabelText('Category'),
      'SECURITY',
    );
    expect(
      await screen.findByText('No findings match the filters'),
    ).toBeInTheDocument();
    expect(queries[queries.length - 1].get('category')).toBe('SECURITY');
  });

  it('creates a remediation plan from the selected fixable findings', async () => {
    serveFindings();
    let body: any;
    const plan = {
      id: 'plan-1',
      entityRef,
      status: 'pending',
      plan: {
        targetRef: entityRef,
        createdAt: '2026-11-26T12:00:00Z',
        includeDestructive: false,
        patches: [],
        skipped: [],
      },
      sql: '',
      scanId: 'scan-1',
      createdBy: 'user:default/guest',
      createdAt: '2026-11-26T12:00:00Z',
      appliedBy: null,
      dryRun: true,
      startedAt: null,
      finishedAt: null,
      outcome: null,
      error: null,
      logs: [],
    };
    server.use(
      http.post(`${API}/remediation-plans`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(plan, { status: 201 });
      }),
    );
    const onPlanCreated = jest.fn();
    await renderWithApi(
      <FindingsPanel entityRef={entityRef} onPlanCreated={onPlanCreated} />,
    );
    await screen.findByText('RLS Disabled in Public');

    const create = screen.getByRole('button', {
      name: /Create remediation plan/,
    });
    expect(create).toBeDisabled();
    // The non-fixable finding cannot be selected.
    expect(
      screen.queryByRole('checkbox', { name: /Exposed Auth Users/ }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select RLS Disabled in Public on public.tasks',
      }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select Unindexed foreign keys on public.comments',
      }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select Unindexed foreign keys on public.comments',
      }),
    );
    expect(create).toBeEnabled();
    await userEvent.click(create);

    await waitFor(() => expect(onPlanCreated).toHaveBeenCalledWith(plan));
    expect(body).toEqual({
      entityRef,
      findingKeys: ['rls_disabled_in_public_public_tasks'],
    });
    expect(
      await screen.findByText(/Remediation plan created/),
    ).toBeInTheDocument();
  });
});
