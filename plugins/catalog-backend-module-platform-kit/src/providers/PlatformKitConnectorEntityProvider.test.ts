import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ControlPlaneStandIn,
  goodConnector,
  scanId,
  startControlPlaneStandIn,
} from '../__testUtils__/controlPlaneStandIn';
import { fakeConnection } from '../__testUtils__/fakeConnection';
import { supersetItems } from '../__testUtils__/inventoryFixtures';
import { standInClient } from '../__testUtils__/standInClient';
import { PlatformKitConnectorEntityProvider } from './PlatformKitConnectorEntityProvider';

describe('PlatformKitConnectorEntityProvider', () => {
  let standIn: ControlPlaneStandIn;
  beforeEach(async () => {
    standIn = await startControlPlaneStandIn();
    standIn.state.connectors.set(
      'superset-prod',
      goodConnector(
        'superset-prod',
        'superset',
        supersetItems({ dashboards: 2, charts: 3, datasets: 2 }),
      ),
    );
  });
  afterEach(async () => {
    await standIn.close();
    standIn.assertNoProblems();
  });

  const setUp = async () => {
    const logger = mockServices.logger.mock();
    const provider = new PlatformKitConnectorEntityProvider({
      config: { id: 'superset-prod', owner: 'group:default/bi' },
      source: standInClient(standIn),
      logger,
    });
    const catalog = fakeConnection();
    await provider.connect(catalog.connection);
    return { provider, catalog, logger };
  };
  const connector = () => standIn.state.connectors.get('superset-prod')!;

  it('has a stable provider name and refuses to run before it is connected', async () => {
    const provider = new PlatformKitConnectorEntityProvider({
      config: { id: 'superset-prod', owner: 'group:default/bi' },
      source: standInClient(standIn),
      logger: mockServices.logger.mock(),
    });
    expect(provider.getProviderName()).toBe(
      'platform-kit-connector:superset-prod',
    );
    await expect(provider.refresh()).rejects.toThrow('not connected');
  });

  it('applies a full mutation with the provider name as location key and reports it', async () => {
    const { provider, catalog } = await setUp();
    await expect(provider.refresh()).resolves.toEqual({
      status: 'applied',
      entities: 7,
    });
    expect(catalog.mutations).toHaveLength(1);
    const mutation = catalog.mutations[0];
    expect(mutation.type).toBe('full');
    if (mutation.type !== 'full') throw new Error('not full');
    expect(new Set(mutation.entities.map(e => e.locationKey))).toEqual(
      new Set(['platform-kit-connector:superset-prod']),
    );
    expect(provider.lastApplied()).toHaveLength(7);
    expect(standIn.state.reports).toEqual([
      { connectorId: 'superset-prod', status: 'applied', entities: 7 },
    ]);
  });

  it('keeps the previous entities when the last run failed, and reports kept', async () => {
    const { provider, catalog, logger } = await setUp();
    await provider.refresh();
    const before = catalog.entities();
    connector().lastRun = {
      scanId: scanId(2),
      status: 'failed',
      at: new Date().toISOString(),
      error: 'superset answered 503',
    };
    const outcome = await provider.refresh();
    expect(outcome).toEqual({
      status: 'kept',
      entities: 7,
      reason: 'the last run of superset-prod failed: superset answered 503',
    });
    expect(catalog.mutations).toHaveLength(1);
    expect(catalog.entities()).toBe(before);
    expect(standIn.state.reports[1]).toMatchObject({
      status: 'kept',
      entities: 7,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('superset answered 503'),
    );
  });

  it('reports failed and applies nothing when the control plane cannot be read', async () => {
    const { provider, catalog } = await setUp();
    await provider.refresh();
    standIn.state.down = 503;
    const outcome = await provider.refresh();
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toMatch(
      'could not read the control plane: HTTP 503: down',
    );
    expect(catalog.mutations).toHaveLength(1);
    expect(catalog.entities()).toHaveLength(7);
    standIn.state.down = undefined;
    connector().inventoryStatus = 500;
    const second = await provider.refresh();
    expect(second).toMatchObject({ status: 'failed', entities: 7 });
    expect(second.reason).toMatch(
      /could not read the inventory of superset-prod/,
    );
    expect(standIn.state.reports.map(r => r.status)).toEqual([
      'applied',
      'failed',
    ]);
  });

  it('keeps the entities when the inventory is partial', async () => {
    const { provider, catalog } = await setUp();
    await provider.refresh();
    connector().lastGood!.items = connector().lastGood!.items.slice(0, 3);
    connector().reportedItems = 7;
    const outcome = await provider.refresh();
    expect(outcome).toMatchObject({
      status: 'kept',
      reason: expect.stringContaining('3 items where its run reported 7'),
    });
    expect(catalog.entities()).toHaveLength(7);
  });

  it('keeps the entities on an empty inventory unless the source is up and its last run succeeded empty', async () => {
    const { provider, catalog } = await setUp();
    await provider.refresh();
    connector().lastGood = {
      ...connector().lastGood!,
      scanId: scanId(2),
      items: [],
    };
    connector().health = { ...connector().health!, status: 'degraded' };
    expect(await provider.refresh()).toMatchObject({
      status: 'kept',
      entities: 7,
    });
    expect(catalog.entities()).toHaveLength(7);
    connector().health = { ...connector().health!, status: 'up' };
    expect(await provider.refresh()).toEqual({
      status: 'applied',
      entities: 0,
    });
    expect(catalog.entities()).toHaveLength(0);
  });

  it('keeps (and reports) while the connector never had a good run or is unknown', async () => {
    const { provider, catalog } = await setUp();
    connector().lastGood = null;
    expect(await provider.refresh()).toMatchObject({
      status: 'kept',
      reason: 'superset-prod has had no good run yet',
    });
    standIn.state.connectors.clear();
    expect(await provider.refresh()).toMatchObject({
      status: 'failed',
      reason: 'the control plane has no connector superset-prod',
    });
    expect(catalog.mutations).toHaveLength(0);
  });

  it('reports failed when the catalog refuses the mutation, and survives a failing report', async () => {
    const { provider, catalog, logger } = await setUp();
    catalog.refuseWith(new Error('database is gone'));
    expect(await provider.refresh()).toMatchObject({
      status: 'failed',
      reason: 'the catalog refused the mutation: database is gone',
    });
    catalog.refuseWith(undefined);
    standIn.state.connectors.set('superset-prod', { ...connector() });
    const source = standInClient(standIn);
    const failing = new PlatformKitConnectorEntityProvider({
      config: { id: 'superset-prod', owner: 'group:default/bi' },
      source: {
        ...source,
        listConnectors: () => source.listConnectors(),
        getConnectorInventory: id => source.getConnectorInventory(id),
        reportIngestion: async () => {
          throw new Error('report refused');
        },
      },
      logger,
    });
    await failing.connect(catalog.connection);
    expect(await failing.refresh()).toMatchObject({ status: 'applied' });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'could not report the ingestion to the control plane: report refused',
      ),
    );
  });

  it('reports failed and applies nothing when the control plane answers off its contract', async () => {
    const { provider, catalog } = await setUp();
    await provider.refresh();
    // Not the stand-in (it answers only what the document allows): a control plane of another release.
    const other = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          items: [
            {
              id: 'superset-prod',
              connector: 'superset',
              entityRef: 'resource:default/superset-prod',
              lastRun: null,
              lastGood: null,
              health: { status: 'fine' },
              contracts: null,
              ingestion: null,
            },
          ],
        }),
      );
    });
    await new Promise<void>(r => other.listen(0, '127.0.0.1', r));
    try {
      const offContract = new PlatformKitConnectorEntityProvider({
        config: { id: 'superset-prod', owner: 'group:default/bi' },
        source: standInClient({
          baseUrl: `http://127.0.0.1:${
            (other.address() as AddressInfo).port
          }/api/platform-kit`,
        }),
        logger: mockServices.logger.mock(),
      });
      await offContract.connect(catalog.connection);
      const outcome = await offContract.refresh();
      expect(outcome.status).toBe('failed');
      expect(outcome.reason).toMatch(
        /^could not read the control plane: The Platform Kit backend's answer to \/api\/platform-kit\/connectors does not match its API: items\.0\.health\.status: /,
      );
      expect(catalog.mutations).toHaveLength(1);
    } finally {
      await new Promise(r => other.close(r));
    }
  });

  it('runs its refresh on the scheduler it is given', async () => {
    const scheduler = mockServices.scheduler();
    const provider = new PlatformKitConnectorEntityProvider({
      config: { id: 'superset-prod', owner: 'group:default/bi' },
      source: standInClient(standIn),
      logger: mockServices.logger.mock(),
      taskRunner: scheduler.createScheduledTaskRunner({
        frequency: { minutes: 10 },
        timeout: { minutes: 3 },
      }),
    });
    const catalog = fakeConnection();
    await provider.connect(catalog.connection);
    await scheduler.triggerTask('platform-kit-connector:superset-prod:refresh');
    expect(catalog.entities()).toHaveLength(7);
  });
});
