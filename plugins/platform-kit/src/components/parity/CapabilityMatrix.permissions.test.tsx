import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { CapabilityMatrix } from './CapabilityMatrix';
import { ENTITY_REF, capabilities } from './testFixtures';

// usePermission caches decisions per permission for the module: this file
// holds the test that needs a pending and then denied decision.
const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

describe('CapabilityMatrix without permission to manage exemptions', () => {
  it('disables requesting while checking and when denied, with an explanation', async () => {
    server.use(
      http.get(`${API}/exemptions`, () => HttpResponse.json({ items: [] })),
    );
    let decide: (result: 'ALLOW' | 'DENY') => void = () => {};
    const decision = new Promise<'ALLOW' | 'DENY'>(resolve => {
      decide = resolve;
    });
    const permissionApi = {
      authorize: async () => ({ result: await decision }),
    };
    await renderWithApi(
      <CapabilityMatrix results={capabilities} entityRef={ENTITY_REF} />,
      { extraApis: [[permissionApiRef, permissionApi]] },
    );
    const request = screen.getByRole('button', {
      name: 'Request exemption for Row level security on exposed tables',
    });
    expect(request).toBeDisabled();
    await userEvent.hover(request.parentElement!);
    expect(
      await screen.findByRole('tooltip', {
        name: 'Checking your permissions…',
      }),
    ).toBeInTheDocument();
    await userEvent.unhover(request.parentElement!);

    decide('DENY');
    await waitFor(() =>
      expect(
        screen.queryByRole('tooltip', { name: 'Checking your permissions…' }),
      ).not.toBeInTheDocument(),
    );
    const denied = screen.getByRole('button', {
      name: 'Request exemption for Point in time recovery',
    });
    expect(denied).toBeDisabled();
    await userEvent.hover(denied.parentElement!);
    expect(
      await screen.findByRole('tooltip', {
        name: 'You are not allowed to manage exemptions',
      }),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('table', { name: 'Capability matrix' }),
      ).getAllByRole('button', { name: /^Request exemption for/ }),
    ).toHaveLength(3);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
