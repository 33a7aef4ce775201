import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { ExemptionsPanel } from './ExemptionsPanel';

// usePermission caches decisions per permission for the module: this file
// holds the tests that need a DENY.
const entityRef = 'resource:default/acme-tasks-db';
const server = setupServer();
registerMswTestHooks(server);
// The test app, material-table and typing are slow on a busy machine.
jest.setTimeout(30_000);

describe('ExemptionsPanel without permission', () => {
  it('disables requesting and revoking with an explanation', async () => {
    server.use(
      http.get(`${API}/exemptions`, () =>
        HttpResponse.json({
          items: [
            {
              id: '11111111-1111-4111-8111-111111111111',
              entityRef,
              capabilityId: 'db.backups',
              reason: 'Backups move to the new cluster next sprint.',
              requestedBy: 'user:default/ada',
              expiresAt: '2099-01-01T00:00:00.000Z',
              createdAt: '2026-11-01T00:00:00.000Z',
              active: true,
            },
          ],
        }),
      ),
    );
    await renderWithApi(
      <ExemptionsPanel
        entityRef={entityRef}
        capabilities={[{ id: 'db.backups', title: 'Backups' }]}
      />,
      {
        extraApis: [
          [permissionApiRef, new MockPermissionApi(() => 'DENY' as never)],
        ],
      },
    );
    const table = await screen.findByRole('table');
    await waitFor(() =>
      expect(
        within(table).getByRole('button', {
          name: 'Revoke exemption for Backups',
        }),
      ).toBeDisabled(),
    );
    const request = screen.getByRole('button', { name: 'Request exemption' });
    expect(request).toBeDisabled();
    await userEvent.hover(request.parentElement!);
    expect(
      await screen.findByText('You are not allowed to manage exemptions'),
    ).toBeInTheDocument();
  });
});
