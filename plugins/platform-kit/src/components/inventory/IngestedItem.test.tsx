import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  API,
  renderWithApi,
  testClient,
} from '../../__testUtils__/renderWithApi';
import { InventoryPanel } from './InventoryPanel';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(60_000);

const entityRef = 'component:default/n8n-prod-workflow-wf-1';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'n8n-prod-workflow-wf-1',
    namespace: 'default',
    title: 'Invoice sync',
    annotations: {
      'platform-kit.dev/connector': 'n8n-prod',
      'platform-kit.dev/connector-kind': 'n8n',
      'platform-kit.dev/source-id': 'wf-1',
      'platform-kit.dev/source-type': 'workflow',
    },
  },
  spec: { type: 'workflow', owner: 'group:default/finance' },
};

const inventory = {
  connectorId: 'n8n-prod',
  connector: 'n8n',
  entityRef: 'resource:default/n8n-prod',
  scanId: 'scan-7',
  capturedAt: '2026-11-26T12:00:00Z',
  source: { product: 'n8n', version: '1.62.1' },
  items: [
    {
      id: 'wf-1',
      type: 'workflow',
      name: 'invoice-sync',
      title: 'Invoice sync',
      description: 'Copies invoices from Odoo to the ledger',
      owner: 'ana@example.com',
      tags: ['billing'],
      url: 'https://n8n.example.com/workflow/wf-1',
      relations: [
        { type: 'uses', itemId: 'cred-1' },
        { type: 'partOf', entityRef: 'system:default/ledger' },
        { type: 'calls', itemId: 'gone' },
      ],
      attributes: { active: true, nodes: 12 },
    },
    {
      id: 'cred-1',
      type: 'credential',
      name: 'odoo-api',
      title: 'Odoo API key',
      tags: [],
      relations: [],
      attributes: {},
    },
    {
      id: 'wf-2',
      type: 'workflow',
      name: 'month-end',
      title: 'Month end',
      tags: [],
      relations: [{ type: 'calls', itemId: 'wf-1' }],
      attributes: {},
    },
  ],
};

const connectors = {
  items: [
    {
      id: 'n8n-prod',
      connector: 'n8n',
      entityRef: 'resource:default/n8n-prod',
      lastRun: {
        scanId: 'scan-8',
        status: 'failed',
        at: '2026-11-26T13:00:00Z',
        error: 'n8n connector n8n-prod: 503 Service Unavailable',
      },
      lastGood: {
        scanId: 'scan-7',
        capturedAt: '2026-11-26T12:00:00Z',
        items: 3,
      },
      health: {
        status: 'down',
        checkedAt: '2026-11-26T13:00:00Z',
        checks: [
          {
            name: 'readiness',
            status: 'down',
            latencyMs: 5000,
            detail: 'Timed out after 5 s',
          },
        ],
      },
      contracts: { passed: false, failed: ['n8n.auth.rejects-bad-key'] },
      ingestion: {
        status: 'applied',
        entities: 2,
        reason: null,
        at: '2026-11-26T12:01:00Z',
      },
    },
  ],
};

function serve(
  options: { inventory?: () => Response; connectors?: () => Response } = {},
) {
  const seen: string[] = [];
  server.use(
    http.get(`${API}/connectors/n8n-prod/inventory`, ({ request }) => {
      seen.push(new URL(request.url).pathname);
      return options.inventory?.() ?? HttpResponse.json(inventory);
    }),
    http.get(`${API}/connectors`, ({ request }) => {
      seen.push(new URL(request.url).pathname);
      return options.connectors?.() ?? HttpResponse.json(connectors);
    }),
    http.get(`${API}/entities/*`, ({ request }) => {
      seen.push(new URL(request.url).pathname);
      return HttpResponse.json(
        { error: { name: 'NotFoundError', message: 'No scan' } },
        { status: 404 },
      );
    }),
  );
  return seen;
}

describe('InventoryPanel for an entity ingested from a connector', () => {
  it('shows its item with named relations, the source link and the connector’s health', async () => {
    const seen = serve();
    await renderWithApi(<InventoryPanel entityRef={entityRef} />, { entity });

    expect(
      await screen.findByRole('heading', { name: 'Invoice sync' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/in n8n 1\.62\.1 · captured/)).toBeInTheDocument();
    expect(
      screen.getByText('Copies invoices from Odoo to the ledger'),
    ).toBeInTheDocument();
    expect(screen.getByText('Owner: ana@example.com')).toBeInTheDocument();
    const link = screen.getByRole('link', {
      name: 'Open Invoice sync in n8n (new tab)',
    });
    expect(link).toHaveAttribute(
      'href',
      'https://n8n.example.com/workflow/wf-1',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');

    const relations = screen.getByRole('list', {
      name: 'Relations of Invoice sync',
    });
    expect(
      within(relations)
        .getAllByRole('listitem')
        .map(r => r.textContent),
    ).toEqual([
      'uses → Odoo API key (Credential)',
      'partOf → system:default/ledger',
      'calls → item gone (not in this inventory)',
    ]);
    expect(
      within(
        screen.getByRole('list', { name: 'Items that refer to Invoice sync' }),
      ).getByText('Month end (Workflow) — calls'),
    ).toBeInTheDocument();
    const attributes = screen.getByRole('table', {
      name: 'Attributes of Invoice sync',
    });
    expect(within(attributes).getByText('nodes')).toBeInTheDocument();

    // The connector: last run failed, health down with why, contracts.
    const runs = screen.getByRole('list', { name: 'Connector runs' });
    expect(runs).toHaveTextContent('Last run: failed');
    expect(runs).toHaveTextContent('503 Service Unavailable');
    expect(runs).toHaveTextContent('(3 items)');
    expect(runs).toHaveTextContent('failed: n8n.auth.rejects-bad-key');
    expect(runs).toHaveTextContent('Catalog ingestion: applied (2 entities)');
    expect(
      screen.getByRole('heading', { name: /Health: .*down/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Timed out after 5 s')).toBeInTheDocument();

    // The entity's own inventory (a 404 for ingested entities) is not asked for.
    expect(seen.some(p => p.includes('/entities/'))).toBe(false);
  });

  it('says that the connector has not had a successful run yet', async () => {
    serve({
      inventory: () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'Connector n8n-prod has not had a successful run yet',
            },
          },
          { status: 404 },
        ),
    });
    await renderWithApi(<InventoryPanel entityRef={entityRef} />, { entity });
    expect(await screen.findByText('No inventory yet')).toBeInTheDocument();
    expect(
      screen.getByText('Connector n8n-prod has not had a successful run yet'),
    ).toBeInTheDocument();
  });

  it('says when the item is no longer in the inventory, and when the status cannot be read', async () => {
    serve({
      connectors: () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'The store is unreachable' } },
          { status: 500 },
        ),
    });
    const gone: Entity = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'platform-kit.dev/source-id': 'wf-404',
        },
      },
    };
    await renderWithApi(<InventoryPanel entityRef={entityRef} />, {
      entity: gone,
    });
    expect(
      await screen.findByText("Not in the connector's inventory"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Item wf-404 is not in the inventory of n8n-prod/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        "Could not load the connector's status: The store is unreachable",
      ),
    ).toBeInTheDocument();
  });

  it('shows an error panel with the server’s message', async () => {
    serve({
      inventory: () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'The snapshot is unreadable' } },
          { status: 500 },
        ),
    });
    await renderWithApi(<InventoryPanel entityRef={entityRef} />, { entity });
    expect(
      await screen.findByText(/Could not load the inventory/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/The snapshot is unreadable/).length,
    ).toBeGreaterThan(0);
  });

  it('takes the entity as a prop too', async () => {
    serve();
    await renderWithApi(
      <InventoryPanel entityRef={entityRef} entity={entity} />,
    );
    expect(
      await screen.findByRole('heading', { name: 'Invoice sync' }),
    ).toBeInTheDocument();
  });
});

describe('PlatformKitClient connector methods', () => {
  it('asks the connector routes', async () => {
    const seen = serve();
    const client = testClient();
    await expect(client.getConnectorInventory('n8n-prod')).resolves.toEqual(
      inventory,
    );
    await expect(client.listConnectors()).resolves.toEqual(connectors);
    expect(seen).toEqual([
      '/api/platform-kit/connectors/n8n-prod/inventory',
      '/api/platform-kit/connectors',
    ]);
  });
});
