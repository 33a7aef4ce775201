import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AnyApiFactory } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityParityCard,
  EntityPlatformKitContent,
  platformKitPlugin,
  PlatformKitPage,
} from './index';
import { PlatformKitApi, platformKitApiRef } from './api/PlatformKitApi';
import { Route, Routes } from 'react-router-dom';
import { API, demoEntity } from './__testUtils__/renderWithApi';
import { PARITY_PATH, parity } from './components/parity/testFixtures';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

/** The API exactly as the legacy plugin registers it, on the app's discovery and fetch. */
function pluginApi(): PlatformKitApi {
  const factory = [...platformKitPlugin.getApis()].find(
    f => f.api.id === platformKitApiRef.id,
  ) as AnyApiFactory;
  return factory.factory({
    discoveryApi: { getBaseUrl: async () => API },
    fetchApi: { fetch: (input: any, init: any) => fetch(input, init) },
  } as any) as PlatformKitApi;
}

function renderLegacy(element: JSX.Element, routeEntries?: string[]) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [platformKitApiRef, pluginApi()],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      {element}
    </TestApiProvider>,
    { routeEntries },
  );
}

describe('the legacy frontend system exports, in a legacy test app', () => {
  it('shows the Parity tab and the overview card of an entity', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () =>
        HttpResponse.json(parity({ score: 72 })),
      ),
      http.get(`${API}/entities/resource/default/acme-tasks-db/findings`, () =>
        HttpResponse.json({
          entityRef: demoEntity.metadata.name,
          sources: [],
          items: [],
          total: 0,
        }),
      ),
      http.get(`${API}/exemptions`, () => HttpResponse.json({ items: [] })),
    );
    await renderLegacy(
      <EntityProvider entity={demoEntity}>
        <EntityPlatformKitContent />
        <EntityParityCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('table', { name: 'Capability matrix' }),
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByRole('group', { name: 'Score: 72 of 100' }))
        .length,
    ).toBeGreaterThanOrEqual(2);
    expect(screen.getByRole('tab', { name: 'Findings' })).toBeInTheDocument();
  });

  it('shows the scorecards page', async () => {
    server.use(
      http.get(`${API}/scorecards`, () =>
        HttpResponse.json({
          groupBy: 'none',
          total: 1,
          offset: 0,
          limit: 25,
          items: [
            {
              entityRef: 'resource:default/acme-tasks-db',
              kind: 'Resource',
              title: 'Acme Tasks (Supabase project)',
              owner: 'group:default/tasks-team',
              system: 'system:default/acme-tasks',
              domain: null,
              score: 64,
              evaluatedAt: '2026-11-26T10:00:00Z',
              failingCapabilities: ['db.row-level-security'],
              partialCapabilities: [],
              trend: [],
            },
          ],
        }),
      ),
    );
    // As an app's App.tsx routes it.
    await renderLegacy(
      <Routes>
        <Route path="/platform-kit" element={<PlatformKitPage />} />
      </Routes>,
      ['/platform-kit'],
    );
    expect(
      (await screen.findAllByText('Platform Kit scorecards')).length,
    ).toBeGreaterThan(0);
    expect(
      (await screen.findAllByText('Acme Tasks (Supabase project)')).length,
    ).toBeGreaterThan(0);
  });
});
