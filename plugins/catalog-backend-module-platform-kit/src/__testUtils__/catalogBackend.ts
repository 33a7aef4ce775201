import {
  coreServices,
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import catalogModulePlatformKit from '../index';

/** Backstage's mock scheduler, typed with the factory it has (tasks run on `triggerTask`). */
export function mockScheduler() {
  return mockServices.scheduler() as SchedulerService & {
    factory(options?: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
  };
}

/** Discovery that sends `platform-kit` to `platformKitUrl`. */
export const discoveryTo = (platformKitUrl: string) =>
  createServiceFactory({
    service: coreServices.discovery,
    deps: {},
    factory: () => ({
      getBaseUrl: async (pluginId: string) =>
        pluginId === 'platform-kit'
          ? platformKitUrl
          : `http://localhost:0/api/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) =>
        `http://localhost:0/api/${pluginId}`,
    }),
  });

/**
 * A backend with the real catalog and this module; the scheduler is a mock
 * (no task runs by itself): run a provider with `scheduler.triggerTask`.
 */
export async function startCatalog(options: {
  platformKit: unknown;
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const scheduler = mockScheduler();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModulePlatformKit,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: {
          catalog: { providers: { platformKit: options.platformKit } },
        } as any,
      }),
      ...(options.features ?? []),
    ],
  });
  return { backend, scheduler };
}

/** Every entity of the catalog matching `filter` (`kind=component,...`), through its REST API. */
export async function catalogEntities(
  server: Server,
  filter: string,
): Promise<Entity[]> {
  const { port } = server.address() as AddressInfo;
  const items: Entity[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams(
      cursor ? { cursor, limit: '1000' } : { filter, limit: '1000' },
    );
    const res = await fetch(
      `http://127.0.0.1:${port}/api/catalog/entities/by-query?${query}`,
      { headers: { Authorization: mockCredentials.user.header() } },
    );
    if (res.status !== 200)
      throw new Error(`catalog answered ${res.status}: ${await res.text()}`);
    const body = await res.json();
    items.push(...body.items);
    cursor = body.pageInfo?.nextCursor;
  } while (cursor);
  return items;
}

/** Polls the catalog until `filter` matches `count` entities (or throws after `timeoutMs`). */
export async function waitForEntities(
  server: Server,
  filter: string,
  count: number,
  timeoutMs = 60_000,
  check: (entities: Entity[]) => boolean = () => true,
): Promise<Entity[]> {
  const deadline = Date.now() + timeoutMs;
  let last: Entity[] = [];
  while (Date.now() < deadline) {
    last = await catalogEntities(server, filter);
    if (last.length === count && check(last)) return last;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(
    `the catalog holds ${last.length} entities for ${filter}, expected ${count}`,
  );
}
