import { screen, waitFor, within } from '@testing-library/react';
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
jest.setTimeout(30_000);

const relations = Array.from({ length: 5000 }, (_, i) => ({
  schema: i % 2 ? 'public' : 'app',
  name: `table_${String(i).padStart(4, '0')}`,
  kind: 'table',
  owner: 'postgres',
  rlsEnabled: i % 3 === 0,
  estimatedRows: i,
}));

/** Answers like the API: filters by q and schema, pages by offset/limit. */
function serveInventory() {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(inventoryUrl, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const section = params.get('section') ?? 'relations';
      if (section === 'schemas')
        return HttpResponse.json({
          entityRef,
          section,
          capturedAt: '2026-11-26T12:00:00Z',
          total: 2,
          offset: 0,
          limit: 500,
          items: [
            { name: 'app', owner: 'postgres', exposed: false },
            { name: 'public', owner: 'postgres', exposed: true },
          ],
        });
      requests.push(params);
      const q = params.get('q');
      const schema = params.get('schema');
      const offset = Number(params.get('offset') ?? 0);
      const limit = Number(params.get('limit') ?? 100);
      const source =
        section === 'relations'
          ? relations
          : [
              {
                schema: 'public',
                table: 'tasks',
                name: 'owner_can_read',
                command: 'SELECT',
                permissive: true,
                roles: ['authenticated'],
              },
            ];
      const items = source.filter(
        item =>
          (!schema || item.schema === schema) && (!q || item.name.includes(q)),
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

describe('InventoryPanel', () => {
  it('renders 5,000 rows without putting them all in the DOM', async () => {
    const requests = serveInventory();
    await renderWithApi(
      <InventoryPanel entityRef={entityRef} pageSize={5000} />,
    );
    expect(
      await screen.findByText('Showing 5000 of 5000', { exact: false }),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Relations inventory' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(200);
    expect(within(list).getByText('app.table_0000')).toBeInTheDocument();
    expect(
      within(list).queryByText('public.table_4999'),
    ).not.toBeInTheDocument();
    expect(requests[0].get('section')).toBe('relations');
  });

  it('pages with "Load more"', async () => {
    const requests = serveInventory();
    await renderWithApi(
      <InventoryPanel entityRef={entityRef} pageSize={500} />,
    );
    expect(await screen.findByText(/Showing 500 of 5000/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Load more/ }));
    expect(await screen.findByText(/Showing 1000 of 5000/)).toBeInTheDocument();
    expect(requests[requests.length - 1].get('offset')).toBe('500');
    expect(requests[requests.length - 1].get('limit')).toBe('500');
  });

  it('sends a debounced search as q and filters by schema', async () => {
    const requests = serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    await screen.findByText(/Showing 500 of 5000/);

    await userEvent.type(screen.getByLabelText('Search'), 'table_000');
    expect(await screen.findByText(/Showing 10 of 10/)).toBeInTheDocument();
    const searches = requests.filter(r => r.get('q'));
    // One request for the whole word, none for every keystroke.
    expect(searches.map(r => r.get('q'))).toEqual(['table_000']);
    expect(screen.getByText('app.table_0000')).toBeInTheDocument();

    await waitFor(() =>
      expect(
        within(screen.getByLabelText('Schema')).getByRole('option', {
          name: 'public',
        }),
      ).toBeInTheDocument(),
    );
    await userEvent.selectOptions(screen.getByLabelText('Schema'), 'public');
    expect(await screen.findByText(/Showing 5 of 5/)).toBeInTheDocument();
    const last = requests[requests.length - 1];
    expect(last.get('schema')).toBe('public');
    expect(last.get('q')).toBe('table_000');
    expect(screen.queryByText('app.table_0000')).not.toBeInTheDocument();
  });

  it('switches sections', async () => {
    const requests = serveInventory();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    await screen.findByText(/Showing 500 of 5000/);
    await userEvent.click(screen.getByRole('tab', { name: 'Policies' }));
    expect(
      await screen.findByText('owner_can_read on public.tasks'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/SELECT · permissive · roles: authenticated/),
    ).toBeInTheDocument();
    expect(requests[requests.length - 1].get('section')).toBe('policies');
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
    expect(
      await screen.findByText('Nothing in this section'),
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
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    expect(
      await screen.findByText(
        'No successful scan of resource:default/acme-tasks-db yet',
      ),
    ).toBeInTheDocument();
  });

  it('shows the facts of a repository', async () => {
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
          specBundles: {},
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
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
  });
});
