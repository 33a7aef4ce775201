import { ReactNode } from 'react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { PlatformKitClient } from '../api/PlatformKitClient';
import { platformKitApiRef } from '../api/PlatformKitApi';

/** Where tests' msw handlers answer: the client calls `${API}/...`. */
export const API = 'http://localhost:7007/api/platform-kit';

/** The real client, talking HTTP to msw handlers (the API is mocked at the HTTP boundary). */
export function testClient() {
  return new PlatformKitClient({
    discoveryApi: { getBaseUrl: async () => API },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

export const demoEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-tasks-db',
    namespace: 'default',
    title: 'Acme Tasks',
  },
  spec: { type: 'supabase-project', owner: 'group:default/tasks-team' },
};

/** Renders inside a test app with the Platform Kit API (and an entity, when given). */
export function renderWithApi(
  element: ReactNode,
  options: {
    entity?: Entity;
    extraApis?: [any, any][];
    mountedRoutes?: Record<string, any>;
  } = {},
) {
  const apis: [any, any][] = [
    [platformKitApiRef, testClient()],
    ...(options.extraApis ?? []),
  ];
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider apis={apis}>{content}</TestApiProvider>,
    { mountedRoutes: options.mountedRoutes },
  );
}
