import { mockServices } from '@backstage/backend-test-utils';
import {
  ControlPlaneStandIn,
  startControlPlaneStandIn,
} from '../__testUtils__/controlPlaneStandIn';
import { fakeConnection } from '../__testUtils__/fakeConnection';
import { standInClient } from '../__testUtils__/standInClient';
import { PlatformKitSupabaseEntityProvider } from './PlatformKitSupabaseEntityProvider';

describe('PlatformKitSupabaseEntityProvider', () => {
  let standIn: ControlPlaneStandIn;
  beforeEach(async () => {
    standIn = await startControlPlaneStandIn();
    standIn.state.targets = [
      {
        id: 'acme-db',
        kind: 'supabase-project',
        entityRef: 'resource:default/acme-db',
      },
      {
        id: 'pinned',
        kind: 'supabase-project',
        entityRef: 'resource:default/pinned',
        exposedSchemas: ['api'],
      },
      {
        id: 'never-scanned',
        kind: 'supabase-project',
        entityRef: 'resource:default/never-scanned',
      },
      { id: 'web', kind: 'repository', entityRef: 'component:default/web' },
    ];
    standIn.state.schemas.set('resource:default/acme-db', [
      { name: 'public', owner: 'postgres', comment: null, exposed: true },
      { name: 'private', owner: 'postgres', comment: null, exposed: false },
    ]);
  });
  afterEach(async () => {
    await standIn.close();
    standIn.assertNoProblems();
  });

  const setUp = async (schemas: boolean) => {
    const provider = new PlatformKitSupabaseEntityProvider({
      config: { owner: 'group:default/platform-team', schemas },
      source: standInClient(standIn),
      logger: mockServices.logger.mock(),
    });
    const catalog = fakeConnection();
    expect(provider.getProviderName()).toBe('platform-kit-supabase');
    await provider.connect(catalog.connection);
    return { provider, catalog };
  };
  const names = (c: ReturnType<typeof fakeConnection>) =>
    c.entities().map(e => `${e.spec?.type} ${e.metadata.name}`);

  it('ingests projects and, with schemas, their exposed schemas (configured or scanned)', async () => {
    const { provider, catalog } = await setUp(true);
    expect(await provider.refresh()).toEqual({
      status: 'applied',
      entities: 5,
    });
    expect(names(catalog)).toEqual([
      'supabase-project acme-db',
      'database-schema acme-db-public',
      'supabase-project pinned',
      'database-schema pinned-api',
      'supabase-project never-scanned',
    ]);
    expect(provider.lastApplied()).toHaveLength(5);
  });

  it('ingests projects only without schemas', async () => {
    const { provider, catalog } = await setUp(false);
    await provider.refresh();
    expect(names(catalog)).toEqual([
      'supabase-project acme-db',
      'supabase-project pinned',
      'supabase-project never-scanned',
    ]);
    expect(standIn.state.requests).toEqual(['GET /targets']);
  });

  it('keeps the previous entities when the control plane fails', async () => {
    const { provider, catalog } = await setUp(true);
    await provider.refresh();
    standIn.state.down = 502;
    expect(await provider.refresh()).toMatchObject({
      status: 'failed',
      entities: 5,
    });
    expect(catalog.mutations).toHaveLength(1);
    expect(catalog.entities()).toHaveLength(5);
    standIn.state.down = undefined;
    catalog.refuseWith(new Error('catalog down'));
    expect(await provider.refresh()).toMatchObject({
      status: 'failed',
      reason: 'the catalog refused the mutation: catalog down',
    });
  });

  it('runs its refresh on the scheduler it is given', async () => {
    const scheduler = mockServices.scheduler();
    const provider = new PlatformKitSupabaseEntityProvider({
      config: { owner: 'group:default/platform-team', schemas: false },
      source: standInClient(standIn),
      logger: mockServices.logger.mock(),
      taskRunner: scheduler.createScheduledTaskRunner({
        frequency: { minutes: 10 },
        timeout: { minutes: 3 },
      }),
    });
    const catalog = fakeConnection();
    await expect(provider.refresh()).rejects.toThrow('not connected');
    await provider.connect(catalog.connection);
    await scheduler.triggerTask('platform-kit-supabase:refresh');
    expect(catalog.entities()).toHaveLength(3);
  });
});
