import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderWithApi } from '../../__testUtils__/renderWithApi';
import { RemediationPanel } from './RemediationPanel';

import {
  entityRef,
  plan,
  plansUrl,
} from '../../__testUtils__/remediationPlans';

const server = setupServer();
registerMswTestHooks(server);
// The test app, material-table and typing are slow on a busy machine.
jest.setTimeout(30_000);

// usePermission caches decisions per permission for the module: this file
// holds the tests that need a DENY.
const deny = () => new MockPermissionApi(() => 'DENY' as never);

describe('RemediationPanel without permission', () => {
  it('disables Apply with an explanation without permission', async () => {
    server.use(
      http.get(plansUrl, () =>
        HttpResponse.json({ entityRef, items: [plan()] }),
      ),
    );
    await renderWithApi(<RemediationPanel entityRef={entityRef} />, {
      extraApis: [[permissionApiRef, deny()]],
    });
    await screen.findByText('Pending');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled(),
    );
    expect(
      screen.queryByRole('link', { name: /Apply/ }),
    ).not.toBeInTheDocument();
    await userEvent.hover(
      screen.getByRole('button', { name: 'Apply' }).parentElement!,
    );
    expect(
      await screen.findByText('You are not allowed to apply remediation plans'),
    ).toBeInTheDocument();
  });
});
