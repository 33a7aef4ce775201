import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { InventoryPanel } from './InventoryPanel';

const entityRef = 'resource:default/acme-tasks-db';
const inventoryUrl = `${API}/entities/resource/default/acme-tasks-db/inventory`;

const server = setupServer();
registerMswTestHooks(server);
// The test app and typing are slow on a busy machine.
jest.setTimeout(60_000);

/** 5,000 tables: table_0000 … table_4999, the odd ones in public, the even ones in app. */
const relations = Array.from({ length: 5000 }, (_, i) => ({
  schema: i % 2 ? 'public' : 'app',
  name: `table_${String(i).padStart(4, '0')}`,
  kind: i % 10 === 9 ? 'view' : 'table',
  owner: 'postgres',
  rlsEnabled: i % 3 === 0,
  rlsForced: false,
  estimatedRows: i * 10,
  sizeBytes: 16384,
}));

const sections: Record<string, Record<string, unknown>[]> = {
  relations,
  schemas: [
    { name: 'app', owner: 'postgres', comment: null, exposed: false },
    { name: 'public', owner: 'postgres', comment: null, exposed: true },
    { name: 'empty', owner: 'postgres', comment: null, exposed: false },
  ],
  columns: [
    {
      schema: 'public',
      table: 'table_0001',
      name: 'id',
      position: 1,
      type: 'uuid',
      notNull: true,
      default: 'gen_random_uuid()',
    },
    {
      schema: 'public',
      table: 'table_0001',
      name: 'title',
      position: 2,
      type: 'text',
      notNull: false,
      default: null,
    },
    {
      schema: 'public',
      table: 'table_0003',
      name: 'other_table_column',
      position: 1,
      type: 'text',
      notNull: false,
      default: null,
    },
  ],
  policies: [
    {
      schema: 'public',
      table: 'table_0001',
      name: 'owner_can_read',
      command: 'SELECT',
      permissive: true,
      roles: ['authenticated'],
      using: '(owner = auth.uid())',
      withCheck: null,
    },
  ],
  indexes: [
    {
      schema: 'public',
      table: 'table_0001',
      name: 'table_0001_pkey',
      definition:
        'CREATE UNIQUE INDEX table_0001_pkey ON public.table_0001 (id)',
      unique: true,
      primary: true,
      valid: true,
      sizeBytes: 8192,
    },
  ],
  functions: [
    {
      schema: 'public',
      name: 'is_owner',
      identityArguments: 'task_id uuid',
      resultType: 'boolean',
      kind: 'function',
      language: 'sql',
      volatility: 'stable',
      securityDefiner: true,
      searchPath: null,
    },
  ],
  extensions: [
    {
      name: 'pgcrypto',
      schema: 'extensions',
      installedVersion: '1.3',
      defaultVersion: '1.3',
    },
  ],
};

/** Answers like the API: filters by q, schema and table, pages by offset/limit (at most 500). */
function serveInventory() {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(inventoryUrl, ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(params);
      const section = params.get('section') ?? 'relations';
      const q = params.get('q')?.toLowerCase();
      const schema = params.get('schema');
      const table = params.get('table');
      const offset = Number(params.get('offset') ?? 0);
      const limit = Number(params.get('limit') ?? 100);
      if (limit > 500)
        return HttpResponse.json(
          { error: { name: 'InputError', message: 'limit too big' } },
          { status: 400 },
        );
      const items = sections[section].filter(
        item =>
          (!schema || item.schema === schema) &&
          (!table || item.table === table) &&
          (!q ||
            ['name', 'table', 'schema'].some(k =>
              String(item[k] ?? '')
                .toLowerCase()
                .includes(q),
            )),
      );
      return HttpResponse.json({
        entityRef,
        section,
        capturedAt: '2026-11-26T12:00:00Z',
        total: items.length,
        offset,
        limit,
        items: items.slice(offset, offset + limit),
      });
    }),
  );
  return requests;
}

/** jsdom does not scroll: scrollTop is kept and a scroll event sent, as a browser would. */
function fakeScrolling(element: HTMLElement) {
  let top = 0;
  Object.defineProperty(element, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (value: number) => {
      top = value;
      fireEvent.scroll(element);
    },
  });
  element.scrollTo = ((options: ScrollToOptions) => {
    element.scrollTop = options.top ?? top;
  }) as typeof element.scrollTo;
  return (value: number) => {
    element.scrollTop = value;
  };
}

const tree = () =>
  screen.getByRole('tree', { name: 'Inventory of acme-tasks-db' });
const item = (name: RegExp) => within(tree()).getByRole('treeitem', { name });
const findItem = async (name: RegExp) =>
  within(await screen.findByRole('tree')).findByRole('treeitem', { name });

describe('InventoryPanel', () => {
  it('shows the project and its schemas with counts, 5,000 tables loaded in pages of 500', async () => {
    const requests = serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);

    const project = await findItem(/^acme-tasks-db/);
    expect(project).toHaveTextContent('3 schemas · 5,000 tables and views');
    expect(project).toHaveAttribute('aria-level', '1');
    expect(project).toHaveAttribute('aria-expanded', 'true');
    const app = item(/^app/);
    expect(app).toHaveTextContent('2,500 tables and views');
    expect(app).toHaveAttribute('aria-level', '2');
    expect(app).toHaveAttribute('aria-expanded', 'false');
    expect(item(/^public/)).toHaveTextContent('exposed through the API');
    // A schema without tables is a leaf.
    expect(item(/^empty/)).not.toHaveAttribute('aria-expanded');

    const pages = requests.filter(r => r.get('section') === 'relations');
    expect(pages.map(r => r.get('offset')).sort((a, b) => +a! - +b!)).toEqual([
      '0',
      '500',
      '1000',
      '1500',
      '2000',
      '2500',
      '3000',
      '3500',
      '4000',
      '4500',
    ]);
    expect(pages.every(r => r.get('limit') === '500')).toBe(true);
  });

  it('renders only a window of 5,000 tables, and scrolling and expanding still work', async () => {
    serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    // public first: once app is open, public is 2,500 rows further down.
    await userEvent.click(await findItem(/^public/));
    await userEvent.click(item(/^app/));

    const rendered = within(tree()).getAllByRole('treeitem');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(100);
    expect(item(/^table_0000/)).toHaveAttribute('aria-level', '3');
    expect(item(/^table_0000/)).toHaveAttribute('aria-setsize', '2500');
    expect(
      within(tree()).queryByRole('treeitem', { name: /^table_4999/ }),
    ).not.toBeInTheDocument();

    // Scrolling to the end renders the last tables instead of the first ones.
    const list = tree();
    const scrollTo = fakeScrolling(list);
    scrollTo(5004 * 52);
    const last = await findItem(/^table_4999 /);
    expect(
      within(tree()).queryByRole('treeitem', { name: /^table_0000 / }),
    ).not.toBeInTheDocument();
    expect(within(tree()).getAllByRole('treeitem').length).toBeLessThan(100);

    // A table down there expands like any other.
    await userEvent.click(last);
    expect(await findItem(/^Columns \(0\)/)).toBeInTheDocument();

    // End moves the focus to the last row, Home back to the project at the top.
    scrollTo(0);
    (await findItem(/^acme-tasks-db/)).focus();
    await userEvent.keyboard('{End}');
    // The last row: the schema without tables, after public's 2,500.
    await waitFor(() => expect(item(/^empty/)).toHaveFocus());
    await userEvent.keyboard('{Home}');
    await waitFor(() => expect(item(/^acme-tasks-db/)).toHaveFocus());
  });

  it('expands a table to its columns, policies and indexes, requested with schema and table', async () => {
    const requests = serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    await userEvent.click(await findItem(/^public/));
    const table = item(/^table_0001 /);
    expect(table).toHaveTextContent('table · ~10 rows · 16 kB');
    expect(table).toHaveTextContent('RLS off');
    await userEvent.click(table);
    expect(table).toHaveAttribute('aria-expanded', 'true');

    expect(await findItem(/^Columns \(2\)/)).toHaveAttribute('aria-level', '4');
    expect(item(/^id/)).toHaveTextContent(
      'uuid · not null · default gen_random_uuid()',
    );
    expect(item(/^id/)).toHaveAttribute('aria-level', '5');
    expect(item(/^title/)).toBeInTheDocument();
    expect(item(/^Policies \(1\)/)).toBeInTheDocument();
    expect(item(/^owner_can_read/)).toHaveTextContent(
      'SELECT · permissive · roles: authenticated · using (owner = auth.uid())',
    );
    expect(item(/^Indexes \(1\)/)).toBeInTheDocument();
    expect(item(/^table_0001_pkey/)).toHaveTextContent('primary key');
    expect(
      within(tree()).queryByRole('treeitem', { name: /other_table_column/ }),
    ).not.toBeInTheDocument();

    const details = requests.filter(r =>
      ['columns', 'policies', 'indexes'].includes(r.get('section')!),
    );
    expect(details.map(r => r.get('section')).sort()).toEqual([
      'columns',
      'indexes',
      'policies',
    ]);
    for (const r of details) {
      expect(r.get('schema')).toBe('public');
      expect(r.get('table')).toBe('table_0001');
    }

    // Collapsing a group hides its items; collapsing the table hides it all, without new requests.
    await userEvent.click(item(/^Columns \(2\)/));
    expect(
      within(tree()).queryByRole('treeitem', { name: /^title/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(item(/^table_0001 /));
    expect(
      within(tree()).queryByRole('treeitem', { name: /^Policies/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(item(/^table_0001 /));
    expect(item(/^Policies \(1\)/)).toBeInTheDocument();
    expect(requests.filter(r => r.get('section') === 'columns')).toHaveLength(
      1,
    );
  });

  it('is operated with the keyboard', async () => {
    const requests = serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    const project = await findItem(/^acme-tasks-db/);
    expect(project).toHaveAttribute('tabindex', '0');
    expect(item(/^app/)).toHaveAttribute('tabindex', '-1');

    screen.getByLabelText('Row level security').focus();
    await userEvent.tab();
    expect(project).toHaveFocus();

    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(item(/^public/)).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(item(/^public/)).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{ArrowRight}');
    expect(item(/^table_0001 /)).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(await findItem(/^Columns \(2\)/)).toBeInTheDocument();
    expect(requests.some(r => r.get('table') === 'table_0001')).toBe(true);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(item(/^id/)).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(item(/^Columns/)).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(item(/^Columns/)).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(item(/^table_0001 /)).toHaveFocus();
    expect(item(/^table_0001 /)).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{ArrowLeft}{ }');
    expect(item(/^public/)).toHaveFocus();
    expect(item(/^public/)).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{Home}');
    expect(project).toHaveFocus();
  });

  it('narrows the tables with a debounced server-side search, and filters by RLS and kind', async () => {
    const requests = serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    await findItem(/^app/);

    await userEvent.type(screen.getByLabelText('Search'), 'table_000');
    await waitFor(() =>
      expect(item(/^acme-tasks-db/)).toHaveTextContent('10 tables and views'),
    );
    const searches = requests.filter(
      r => r.get('section') === 'relations' && r.get('q'),
    );
    // One request for the whole word, none for every keystroke.
    expect(searches.map(r => r.get('q'))).toEqual(['table_000']);
    // Matching schemas open by themselves; the schema without a match is left out.
    expect(item(/^app/)).toHaveAttribute('aria-expanded', 'true');
    expect(item(/^app/)).toHaveTextContent('5 tables and views');
    expect(item(/^table_0000/)).toBeInTheDocument();
    expect(item(/^table_0009/)).toBeInTheDocument();
    expect(
      within(tree()).queryByRole('treeitem', { name: /^empty/ }),
    ).not.toBeInTheDocument();
    expect(
      within(tree()).queryByRole('treeitem', { name: /^table_0010/ }),
    ).not.toBeInTheDocument();

    // RLS disabled: tables without RLS; views have none to disable.
    await userEvent.selectOptions(
      screen.getByLabelText('Row level security'),
      'disabled',
    );
    const shown = () =>
      within(tree())
        .getAllByRole('treeitem', { name: /^table_/ })
        .map(t => t.textContent!.slice(0, 10));
    expect(shown()).toEqual([
      'table_0002',
      'table_0004',
      'table_0008',
      'table_0001',
      'table_0005',
      'table_0007',
    ]);
    expect(item(/^app/)).toHaveTextContent('3 of 5 tables and views');

    await userEvent.selectOptions(
      screen.getByLabelText('Row level security'),
      '',
    );
    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'view');
    expect(shown()).toEqual(['table_0009']);

    await userEvent.clear(screen.getByLabelText('Search'));
    await userEvent.type(screen.getByLabelText('Search'), 'nothing-like-it');
    expect(await screen.findByText('No table matches')).toBeInTheDocument();
  });

  it('lists functions and extensions in their own sections', async () => {
    const requests = serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    await findItem(/^app/);
    await userEvent.click(screen.getByRole('tab', { name: 'Functions' }));
    const functions = await screen.findByRole('list', { name: 'Functions' });
    expect(
      within(functions).getByText('public.is_owner(task_id uuid)'),
    ).toBeInTheDocument();
    expect(
      within(functions).getByText(
        'returns boolean · sql · stable · security definer',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Extensions' }));
    const extensions = await screen.findByRole('list', { name: 'Extensions' });
    expect(within(extensions).getByText('pgcrypto')).toBeInTheDocument();
    expect(requests.map(r => r.get('section'))).toEqual(
      expect.arrayContaining(['functions', 'extensions']),
    );
  });

  it('shows loading, empty and error states', async () => {
    let release = () => {};
    const answer = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      http.get(inventoryUrl, async ({ request }) => {
        const section = new URL(request.url).searchParams.get('section');
        if (section === 'relations') await answer;
        return HttpResponse.json({
          entityRef,
          section,
          capturedAt: '2026-11-26T12:00:00Z',
          total: 0,
          offset: 0,
          limit: 500,
          items: [],
        });
      }),
    );
    const { unmount } = await renderWithApi(
      <InventoryPanel entityRef={entityRef} />,
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    release();
    // Schemas are asked for once the first page shows a database inventory.
    expect(
      await screen.findByText('Nothing in this inventory', undefined, {
        timeout: 5000,
      }),
    ).toBeInTheDocument();
    unmount();

    server.use(
      http.get(inventoryUrl, () =>
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
    const second = await renderWithApi(
      <InventoryPanel entityRef={entityRef} />,
    );
    expect(await screen.findByText('No inventory yet')).toBeInTheDocument();
    expect(
      screen.getByText(
        'No successful scan of resource:default/acme-tasks-db yet',
      ),
    ).toBeInTheDocument();
    second.unmount();

    server.use(
      http.get(inventoryUrl, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'The snapshot is unreadable' } },
          { status: 500 },
        ),
      ),
    );
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    expect(
      await screen.findByText(/Could not load the inventory/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/The snapshot is unreadable/).length,
    ).toBeGreaterThan(0);
  });

  it('shows a failed table as an item to try again', async () => {
    let fail = true;
    serveInventory();
    server.use(
      http.get(inventoryUrl, ({ request }) => {
        const section = new URL(request.url).searchParams.get('section');
        if (section === 'policies' && fail)
          return HttpResponse.json(
            { error: { name: 'Error', message: 'Policies are unavailable' } },
            { status: 503 },
          );
        return undefined;
      }),
    );
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    await userEvent.click(await findItem(/^public/));
    await userEvent.click(item(/^table_0001 /));
    const failed = await findItem(/Policies are unavailable/);
    expect(failed).toHaveTextContent('Press Enter or click to try again');
    fail = false;
    await userEvent.click(failed);
    expect(await findItem(/^Policies \(1\)/)).toBeInTheDocument();
  });

  it('shows the facts and spec bundles of a repository', async () => {
    server.use(
      http.get(`${API}/entities/component/default/acme-tasks/inventory`, () =>
        HttpResponse.json({
          entityRef: 'component:default/acme-tasks',
          kind: 'repository',
          capturedAt: '2026-11-26T12:00:00Z',
          facts: { 'spec.constitution': true, 'repo.ci.parity-gate': false },
          evidence: {
            'spec.constitution': 'spec/001-tasks/constitution.md exists',
            'repo.branch-protection': 'A local folder has no branch protection',
          },
          unknown: ['repo.branch-protection'],
          specBundles: {
            bundles: [
              {
                name: '001-tasks',
                directory: 'spec/001-tasks',
                complete: false,
                files: [
                  {
                    kind: 'constitution',
                    path: 'spec/001-tasks/constitution.md',
                    present: true,
                    missingSections: [],
                    problems: [],
                    valid: true,
                  },
                  {
                    kind: 'prd',
                    path: 'spec/001-tasks/prd.md',
                    present: true,
                    missingSections: ['Users'],
                    problems: [],
                    valid: false,
                  },
                  {
                    kind: 'plan',
                    path: 'spec/001-tasks/plan.md',
                    present: false,
                    missingSections: ['Milestones', 'Risks'],
                    problems: [],
                    valid: false,
                  },
                ],
              },
            ],
          },
        }),
      ),
    );
    await renderWithApi(
      <InventoryPanel entityRef="component:default/acme-tasks" />,
    );
    const facts = await screen.findByRole('list', { name: 'Repository facts' });
    const items = within(facts).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      expect.stringMatching(/^repo\.branch-protection: unknown/),
      expect.stringMatching(/^repo\.ci\.parity-gate: false/),
      expect.stringMatching(/^spec\.constitution: true/),
    ]);
    expect(
      within(facts).getByText('spec/001-tasks/constitution.md exists'),
    ).toBeInTheDocument();
    const bundles = screen.getByRole('list', { name: 'Spec bundles' });
    expect(within(bundles).getByText(/incomplete/)).toBeInTheDocument();
    expect(within(bundles).getByText(/no “Users” section/)).toBeInTheDocument();
    expect(
      within(bundles).getByText('spec/001-tasks/plan.md').parentElement,
    ).toHaveTextContent('spec/001-tasks/plan.md missing');
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(screen.queryByRole('tree')).not.toBeInTheDocument();
  });

  it('says that pushed results have no database inventory', async () => {
    server.use(
      http.get(inventoryUrl, () =>
        HttpResponse.json({
          entityRef,
          kind: 'pushed-results',
          capturedAt: '2026-11-26T12:00:00Z',
          pushedBy: 'ci:github-actions',
        }),
      ),
    );
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    expect(
      await screen.findByText('Results pushed from CI'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/pushed from CI by ci:github-actions/),
    ).toBeInTheDocument();
  });
});
