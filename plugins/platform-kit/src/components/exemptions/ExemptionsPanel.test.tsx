import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { Exemption } from '../../api/types';
import { ExemptionsPanel } from './ExemptionsPanel';

const entityRef = 'resource:default/acme-tasks-db';
const capabilities = [
  { id: 'db.rls', title: 'Row level security' },
  { id: 'db.backups', title: 'Backups' },
];

const active: Exemption = {
  id: '11111111-1111-4111-8111-111111111111',
  entityRef,
  capabilityId: 'db.backups',
  reason: 'Backups move to the new cluster next sprint.',
  requestedBy: 'user:default/ada',
  expiresAt: '2099-01-01T00:00:00.000Z',
  createdAt: '2026-11-01T00:00:00.000Z',
  active: true,
};
const expired: Exemption = {
  id: '22222222-2222-4222-8222-222222222222',
  entityRef,
  capabilityId: 'db.rls',
  reason: 'Legacy tables were being migrated.',
  requestedBy: 'user:default/grace',
  expiresAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2025-11-01T00:00:00.000Z',
  active: false,
};

const server = setupServer();
registerMswTestHooks(server);
// The test app, material-table and typing are slow on a busy machine.
jest.setTimeout(30_000);
const allow = () => new MockPermissionApi(() => 'ALLOW' as never);

function serveExemptions(items: Exemption[]) {
  const state = { items: [...items] };
  server.use(
    http.get(`${API}/exemptions`, ({ request }) => {
      expect(new URL(request.url).searchParams.get('entityRef')).toBe(
        entityRef,
      );
      return HttpResponse.json({ items: state.items });
    }),
  );
  return state;
}

function render(onChanged?: () => void) {
  return renderWithApi(
    <ExemptionsPanel
      entityRef={entityRef}
      capabilities={capabilities}
      onChanged={onChanged}
    />,
    { extraApis: [[permissionApiRef, allow()]] },
  );
}

describe('ExemptionsPanel', () => {
  it('shows active and expired exemptions', async () => {
    serveExemptions([expired, active]);
    await render();
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Backups')).toBeInTheDocument();
    expect(within(table).getByText('Row level security')).toBeInTheDocument();
    expect(within(table).getByText('Active')).toBeInTheDocument();
    expect(within(table).getByText('Expired')).toBeInTheDocument();
    expect(within(table).getByText('user:default/ada')).toBeInTheDocument();
    expect(
      within(table).getByText('Backups move to the new cluster next sprint.'),
    ).toBeInTheDocument();
    // Only active exemptions can be revoked.
    expect(
      within(table).getAllByRole('button', { name: /Revoke exemption/ }),
    ).toHaveLength(1);
  });

  it('shows an empty state and errors', async () => {
    serveExemptions([]);
    const { unmount } = await render();
    expect(await screen.findByText('No exemptions')).toBeInTheDocument();
    unmount();

    server.use(
      http.get(`${API}/exemptions`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(/Could not load exemptions/),
    ).toBeInTheDocument();
  });

  it('validates the request and shows the server message', async () => {
    serveExemptions([]);
    const bodies: any[] = [];
    server.use(
      http.post(`${API}/exemptions`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'Unknown capability db.rls',
            },
          },
          { status: 400 },
        );
      }),
    );
    await render();
    await screen.findByText('No exemptions');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Request exemption' }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Request exemption' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'too short');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      within(dialog).getByText('Give a reason of at least 10 characters'),
    ).toBeInTheDocument();
    expect(bodies).toHaveLength(0);

    const until = within(dialog).getByLabelText(/Expires on/);
    await userEvent.clear(until);
    await userEvent.type(until, '2999-01-01');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), ', still');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      within(dialog).getByText('An exemption can last at most 366 days'),
    ).toBeInTheDocument();
    expect(bodies).toHaveLength(0);

    await userEvent.clear(until);
    await userEvent.type(
      until,
      new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      await within(dialog).findByText('Unknown capability db.rls'),
    ).toBeInTheDocument();
    expect(bodies).toHaveLength(1);
  });

  it('requests an exemption and lists it', async () => {
    const state = serveExemptions([]);
    let body: any;
    server.use(
      http.post(`${API}/exemptions`, async ({ request }) => {
        body = await request.json();
        const created: Exemption = {
          ...active,
          id: '33333333-3333-4333-8333-333333333333',
          capabilityId: body.capabilityId,
          reason: body.reason,
          expiresAt: body.expiresAt,
          requestedBy: 'user:default/guest',
        };
        state.items.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    const onChanged = jest.fn();
    await render(onChanged);
    await screen.findByText('No exemptions');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Request exemption' }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Request exemption' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Capability'),
      'db.backups',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'Backups move to the new cluster next sprint.',
    );
    const day = new Date(Date.now() + 20 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const until = within(dialog).getByLabelText(/Expires on/);
    await userEvent.clear(until);
    await userEvent.type(until, day);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );

    expect(
      await screen.findByText(/Exemption for Backups requested/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(body).toEqual({
      entityRef,
      capabilityId: 'db.backups',
      reason: 'Backups move to the new cluster next sprint.',
      expiresAt: `${day}T00:00:00.000Z`,
    });
    const table = await screen.findByRole('table');
    expect(within(table).getByText('user:default/guest')).toBeInTheDocument();
    // The parity counts the exemption from now on: the parent reloads it.
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('revokes an exemption', async () => {
    const state = serveExemptions([active]);
    let deleted: string | undefined;
    server.use(
      http.delete(`${API}/exemptions/:id`, ({ params }) => {
        deleted = params.id as string;
        state.items = [];
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const onChanged = jest.fn();
    await render(onChanged);
    const revoke = await screen.findByRole('button', {
      name: 'Revoke exemption for Backups',
    });
    await waitFor(() => expect(revoke).toBeEnabled());
    await userEvent.click(revoke);
    expect(
      await screen.findByText('Exemption for Backups revoked.'),
    ).toBeInTheDocument();
    expect(deleted).toBe(active.id);
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('No exemptions')).toBeInTheDocument();
  });
});
