import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, demoEntity, renderWithApi } from '../__testUtils__/renderWithApi';
import { EntityPlatformKitContent } from './EntityPlatformKitContent';
import { PARITY_PATH, parity } from './parity/testFixtures';

// Renders the whole tab and four panels: slower than one component under a loaded CI machine.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);
const ENTITY = '/entities/resource/default/acme-tasks-db';

describe('EntityPlatformKitContent (the Parity tab)', () => {
  it('shows the score and matrix, and findings, inventory, remediation and exemptions as tabs', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () => HttpResponse.json(parity())),
      http.get(`${API}${ENTITY}/findings`, () =>
        HttpResponse.json({
          entityRef: 'resource:default/acme-tasks-db',
          sources: [],
          items: [],
          total: 0,
        }),
      ),
      http.get(`${API}${ENTITY}/inventory`, () =>
        HttpResponse.json({
          entityRef: 'resource:default/acme-tasks-db',
          section: 'relations',
          capturedAt: '2026-11-26T00:00:00.000Z',
          total: 0,
          offset: 0,
          limit: 500,
          items: [],
        }),
      ),
      http.get(`${API}${ENTITY}/remediation-plans`, () =>
        HttpResponse.json({
          entityRef: 'resource:default/acme-tasks-db',
          items: [],
        }),
      ),
      http.get(`${API}/exemptions`, () => HttpResponse.json({ items: [] })),
    );
    await renderWithApi(<EntityPlatformKitContent />, {
      entity: demoEntity,
      extraApis: [[permissionApiRef, mockApis.permission()]],
    });
    expect(
      await screen.findByRole('table', { name: 'Capability matrix' }),
    ).toBeInTheDocument();
    const tabs = screen.getByRole('tablist', {
      name: 'Platform Kit details',
    });
    expect(tabs).toBeInTheDocument();
    for (const name of ['Inventory', 'Remediation', 'Exemptions']) {
      await userEvent.click(screen.getByRole('tab', { name }));
      expect(screen.getByRole('tab', { name })).toHaveAttribute(
        'aria-selected',
        'true',
      );
    }
    expect(
      await screen.findByRole('button', { name: /^request exemption$/i }),
    ).toBeInTheDocument();
  });
});
