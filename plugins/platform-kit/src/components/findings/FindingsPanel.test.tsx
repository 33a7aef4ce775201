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
    // The rule's id below its title; the object in monospace.
    const rls = within(table)
      .getByText('RLS Disabled in Public')
      .closest('tr')!;
    expect(within(rls).getByText('rls_disabled_in_public')).toBeInTheDocument();
    expect(
      within(rls).getAllByText('public.tasks', { selector: 'code' }),
    ).toHaveLength(2);
    // Backticks in the detail become code.
    const fk = within(table).getByText('Unindexed foreign keys').closest('tr')!;
    expect(fk).toHaveTextContent(
      'Table public.comments has a foreign key without an index.',
    );
    expect(fk.textContent).not.toContain('`');
    expect(
      within(fk).getAllByText('public.comments', { selector: 'code' }),
    ).toHaveLength(2);
    // Only the finding from another entity names its source, below the object.
    const auth = within(table).getByText('Exposed Auth Users').closest('tr')!;
    expect(
      within(auth).getByText('resource:default/acme-auth'),
    ).toBeInTheDocument();
    expect(within(auth).getAllByText('public.profiles')).toHaveLength(2);
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

  it('clamps a long detail and shows all of it on request', async () => {
    const long = `${'Function `public.handle_new_user` has a role mutable search_path. '.repeat(
      6,
    )}End.`;
    serveFindings([finding({ detail: long })]);
    // jsdom has no layout: the clamped detail is taller than its box.
    const isDetail = (el: Element) => el.id.startsWith('finding-detail-');
    const scroll = jest
      .spyOn(Element.prototype, 'scrollHeight', 'get')
      .mockImplementation(function scrollHeight(this: Element) {
        return isDetail(this) ? 200 : 0;
      });
    const client = jest
      .spyOn(Element.prototype, 'clientHeight', 'get')
      .mockImplementation(function clientHeight(this: Element) {
        return isDetail(this) ? 60 : 0;
      });
    try {
      await renderWithApi(<FindingsPanel entityRef={entityRef} />);
      await screen.findByText('RLS Disabled in Public');
      const more = screen.getByRole('button', { name: 'Show more' });
      expect(more).toHaveAttribute('aria-expanded', 'false');
      const detail = document.getElementById(
        more.getAttribute('aria-controls')!,
      )!;
      expect(detail).toHaveTextContent(/^Function public.handle_new_user has/);
      await userEvent.click(more);
      const less = screen.getByRole('button', { name: 'Show less' });
      expect(less).toHaveAttribute('aria-expanded', 'true');
      expect(detail).toHaveTextContent(/End\.$/);
      await userEvent.click(less);
      expect(
        screen.getByRole('button', { name: 'Show more' }),
      ).toBeInTheDocument();
    } finally {
      scroll.mockRestore();
      client.mockRestore();
    }
  });

  it('offers no "Show more" when the detail fits', async () => {
    serveFindings(items.filter(f => f.source === entityRef));
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);
    await screen.findByText('RLS Disabled in Public');
    expect(
      screen.queryByRole('button', { name: 'Show more' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Detail' }),
    ).toBeInTheDocument();
  });

  it('filters by level and category', async () => {
    const queries = serveFindings();
    await renderWithApi(<FindingsPanel entityRef={entityRef} />);
    await screen.findByText('RLS Disabled in Public');

    // Each select is labelled, the label kept above its "All …" value.
    const levelSelect = screen.getByLabelText('Level');
    expect(levelSelect).toHaveDisplayValue('All levels');
    expect(screen.getByLabelText('Category')).toHaveDisplayValue(
      'All categories',
    );
    for (const label of ['Level', 'Category']) {
      expect(screen.getByText(label, { selector: 'label' })).toHaveAttribute(
        'data-shrink',
        'true',
      );
    }

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
