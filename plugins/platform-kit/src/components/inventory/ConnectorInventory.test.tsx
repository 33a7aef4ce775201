import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { ConnectorItem } from '../../api/types';
import { InventoryPanel } from './InventoryPanel';

const entityRef = 'resource:default/n8n-prod';
const inventoryUrl = `${API}/entities/resource/default/n8n-prod/inventory`;

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(60_000);

const item = (partial: Partial<ConnectorItem> & { id: string }) =>
  ({
    type: 'workflow',
    name: `item-${partial.id}`,
    tags: [],
    relations: [],
    attributes: {},
    ...partial,
  } as ConnectorItem);

const items: ConnectorItem[] = [
  item({
    id: 'wf-1',
    name: 'invoice-sync',
    title: 'Invoice sync',
    description: 'Copies invoices from Odoo to the ledger',
    owner: 'team-finance',
    tags: ['billing', 'nightly'],
    url: 'https://n8n.example.com/workflow/wf-1',
    relations: [
      { type: 'uses', itemId: 'cred-1' },
      { type: 'partOf', entityRef: 'system:default/ledger' },
    ],
    attributes: { active: true, nodes: 12, trigger: 'cron' },
  }),
  item({
    id: 'wf-2',
    name: 'lead-router',
    title: 'Lead router',
    owner: 'team-sales',
    tags: ['crm'],
    relations: [{ type: 'uses', itemId: 'cred-1' }],
  }),
  item({ id: 'wf-3', name: 'cleanup', owner: 'team-ops' }),
  item({
    id: 'cred-1',
    type: 'credential',
    name: 'odoo-api',
    title: 'Odoo API key',
    owner: 'team-finance',
  }),
  item({ id: 'tag-1', type: 'tag', name: 'billing' }),
];

function connectorResponse(overrides: Record<string, unknown> = {}) {
  return {
    entityRef,
    kind: 'connector',
    capturedAt: '2026-11-26T12:00:00Z',
    connector: { id: 'n8n-prod', kind: 'n8n' },
    source: { product: 'n8n', version: '1.62.1' },
    items,
    health: {
      status: 'degraded',
      checkedAt: '2026-11-26T12:00:01Z',
      checks: [
        { name: 'liveness', status: 'up', latencyMs: 12 },
        {
          name: 'readiness',
          status: 'degraded',
          latencyMs: 2400,
          detail: 'The database answers slowly',
        },
      ],
    },
    contracts: {
      passed: false,
      durationMs: 830,
      results: [
        {
          id: 'sdk.inventory.shape',
          title: 'Inventory has the SDK shape',
          status: 'pass',
        },
        {
          id: 'n8n.auth.rejects-bad-key',
          title: 'A bad API key is rejected',
          status: 'fail',
          error: 'Expected 401, got 200',
        },
        {
          id: 'n8n.executions',
          title: 'Executions are listed',
          status: 'skip',
        },
      ],
    },
    facts: { 'connector.healthy': false, 'connector.contract-tests': false },
    ...overrides,
  };
}

function serve(body: Record<string, unknown>) {
  const requests: URL[] = [];
  server.use(
    http.get(inventoryUrl, ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(body);
    }),
  );
  return requests;
}

const list = () => screen.getByRole('list', { name: 'Items of n8n-prod' });
const rowNames = () =>
  within(list())
    .getAllByRole('listitem')
    .map(row => row.getAttribute('aria-label'));

describe('ConnectorInventory (a connector target in the inventory panel)', () => {
  it('shows the source, its health and the failed contract tests', async () => {
    const requests = serve(connectorResponse());
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);

    expect(
      await screen.findByRole('heading', { name: 'n8n 1.62.1' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Connector n8n-prod \(n8n\) · 5 items · captured/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: /Health: degraded/ }),
    ).toBeInTheDocument();
    const checks = screen.getByRole('list', { name: 'Health checks' });
    expect(
      within(checks)
        .getByText(/readiness/)
        .closest('li'),
    ).toHaveTextContent('readiness: degraded · 2400 ms');
    expect(
      within(checks).getByText('The database answers slowly'),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('heading', { name: /Contract tests: 1 failed/ }),
    ).toBeInTheDocument();
    const contracts = screen.getByRole('list', { name: 'Contract tests' });
    const results = within(contracts).getAllByRole('listitem');
    // Failures first, with their error.
    expect(results[0]).toHaveTextContent(/fail\s*A bad API key is rejected/);
    expect(results[0]).toHaveTextContent('Expected 401, got 200');
    expect(results.map(r => r.textContent)).toEqual([
      expect.stringMatching(/^fail/),
      expect.stringMatching(/^pass/),
      expect.stringMatching(/^skip/),
    ]);
    // No database tabs, and the snapshot is not asked for twice.
    expect(
      screen.queryByRole('tab', { name: 'Functions' }),
    ).not.toBeInTheDocument();
    await waitFor(() => expect(requests).toHaveLength(1));
  });

  it('groups the items by type with counts and searches name, title, owner and tags', async () => {
    serve(connectorResponse());
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    const types = await screen.findByRole('tablist', { name: 'Item types' });
    expect(
      within(types)
        .getAllByRole('tab')
        .map(t => t.textContent),
    ).toEqual(['All (5)', 'Workflows (3)', 'Credentials (1)', 'Tags (1)']);
    expect(rowNames()).toEqual([
      'billing',
      'cleanup',
      'Invoice sync',
      'Lead router',
      'Odoo API key',
    ]);

    await userEvent.click(
      within(types).getByRole('tab', { name: 'Workflows (3)' }),
    );
    expect(rowNames()).toEqual(['cleanup', 'Invoice sync', 'Lead router']);

    const search = screen.getByLabelText('Search items');
    // By owner: counts follow the search.
    await userEvent.type(search, 'team-finance');
    expect(rowNames()).toEqual(['Invoice sync']);
    expect(
      within(types).getByRole('tab', { name: 'All (2)' }),
    ).toBeInTheDocument();
    expect(
      within(types).getByRole('tab', { name: 'Credentials (1)' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('1 of 5 items');

    // By tag, and by title across types.
    await userEvent.clear(search);
    await userEvent.type(search, 'crm');
    expect(rowNames()).toEqual(['Lead router']);
    await userEvent.click(within(types).getByRole('tab', { name: /^All/ }));
    await userEvent.clear(search);
    await userEvent.type(search, 'odoo');
    expect(rowNames()).toEqual(['Odoo API key']);

    await userEvent.clear(search);
    await userEvent.type(search, 'nothing-like-it');
    expect(screen.getByText('No item matches')).toBeInTheDocument();
  });

  it('shows each item with its source link, and expands to attributes and named relations', async () => {
    serve(connectorResponse());
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    const row = await screen.findByRole('listitem', { name: 'Invoice sync' });
    expect(row).toHaveTextContent('invoice-sync');
    expect(row).toHaveTextContent(
      'Workflow · owner team-finance · #billing #nightly · 2 relations',
    );
    const link = within(row).getByRole('link', {
      name: 'Open Invoice sync in n8n (new tab)',
    });
    expect(link).toHaveAttribute(
      'href',
      'https://n8n.example.com/workflow/wf-1',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    // Items without a url have no link.
    expect(
      within(screen.getByRole('listitem', { name: 'cleanup' })).queryByRole(
        'link',
      ),
    ).not.toBeInTheDocument();

    const toggle = within(row).getByRole('button', {
      name: 'Details of Invoice sync',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // Reachable with the keyboard.
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const attributes = within(row).getByRole('table', {
      name: 'Attributes of Invoice sync',
    });
    expect(
      within(attributes)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual(['activetrue', 'nodes12', 'triggercron']);
    const relations = within(row).getByRole('list', {
      name: 'Relations of Invoice sync',
    });
    expect(
      within(relations)
        .getAllByRole('listitem')
        .map(r => r.textContent),
    ).toEqual([
      'uses → Odoo API key (Credential)',
      'partOf → system:default/ledger',
    ]);
    expect(row).toHaveTextContent('Copies invoices from Odoo to the ledger');

    await userEvent.click(toggle);
    expect(
      within(row).queryByRole('table', { name: /Attributes/ }),
    ).not.toBeInTheDocument();
  });

  it('keeps the DOM small with 20,000 items, and the search finds one far down', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      item({
        id: `wf-${i}`,
        type: i % 4 === 0 ? 'dashboard' : 'chart',
        name: `item_${String(i).padStart(5, '0')}`,
        owner: i === 19_999 ? 'the-last-owner' : 'analytics',
      }),
    );
    serve(connectorResponse({ items: many }));
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    const types = await screen.findByRole('tablist', { name: 'Item types' });
    expect(
      within(types)
        .getAllByRole('tab')
        .map(t => t.textContent),
    ).toEqual(['All (20,000)', 'Charts (15,000)', 'Dashboards (5,000)']);
    const rows = within(list()).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]).toHaveAttribute('aria-setsize', '20000');
    expect(
      within(list()).queryByRole('listitem', { name: 'item_19999' }),
    ).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Search items'), 'the-last');
    expect(rowNames()).toEqual(['item_19999']);
  });

  it('says when the connector found nothing', async () => {
    serve(connectorResponse({ items: [] }));
    await renderWithApi(<InventoryPanel entityRef={entityRef} />);
    expect(await screen.findByText('No items')).toBeInTheDocument();
    expect(
      screen.getByText(/The latest run of n8n-prod found nothing in n8n/),
    ).toBeInTheDocument();
  });
});
