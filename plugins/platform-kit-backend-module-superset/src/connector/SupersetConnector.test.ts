import { connectorInventorySchema } from '@platform-kit/connector-sdk';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  generateSupersetFixture,
  startSupersetServer,
  SupersetServer,
  SupersetServerOptions,
} from '../testing';
import { SupersetConnector } from './SupersetConnector';

const PASSWORD = 's3cret-superset-pw';
const USERS = { reader: PASSWORD };
const noWait = { sleep: async () => {}, backoff: { baseMs: 1, maxMs: 5_000 } };

let server: SupersetServer;

async function start(options: SupersetServerOptions = {}) {
  server = await startSupersetServer({ users: USERS, ...options });
  return server;
}

function connector(overrides: Record<string, unknown> = {}) {
  return new SupersetConnector(
    {
      id: 'superset-test',
      baseUrl: server.url,
      username: 'reader',
      password: PASSWORD,
      ...overrides,
    },
    noWait,
  );
}

const listCalls = (path: string) =>
  server.requests.filter(r => r.path === path && r.status === 200);

afterEach(async () => {
  const problems = [...server.problems];
  await server.close();
  if (problems.length > 0) {
    throw new Error(
      `the stand-in saw spec violations:\n${problems.join('\n')}`,
    );
  }
});

describe('SupersetConnector inventory', () => {
  it.each([
    [250, 3],
    [200, 2],
    [0, 1],
  ])('reads all of %i dashboards in %i pages', async (dashboards, pages) => {
    await start({
      data: generateSupersetFixture({ dashboards, datasets: 0, charts: 0 }),
    });
    const inventory = await connector().inventory();
    const found = inventory.items.filter(i => i.type === 'dashboard');
    expect(found).toHaveLength(dashboards);
    expect(new Set(found.map(i => i.id)).size).toBe(dashboards);
    const calls = listCalls('/api/v1/dashboard/');
    expect(calls).toHaveLength(pages);
    expect(calls.map(c => c.q)).toEqual(
      Array.from({ length: pages }, (_, page) => ({ page, page_size: 100 })),
    );
    expect(() => connectorInventorySchema.parse(inventory)).not.toThrow();
  });

  it('maps dashboards, datasets and charts with owners, urls and relations', async () => {
    await start();
    const { items, connector: who } = await connector().inventory();
    expect(who).toEqual({ id: 'superset-test', kind: 'superset' });
    const byId = new Map(items.map(i => [i.id, i]));
    expect(byId.get('dashboard:2')).toMatchObject({
      type: 'dashboard',
      name: 'dashboard-2',
      title: 'Dashboard 2',
      owner: 'Ada Admin',
      url: `${server.url}/superset/dashboard/dashboard-2/`,
      relations: [{ type: 'dependsOn', itemId: 'dataset:2' }],
      attributes: {
        published: true,
        slug: 'dashboard-2',
        owners: ['Ada Admin'],
      },
    });
    expect(byId.get('dashboard:1')).toMatchObject({
      url: `${server.url}/superset/dashboard/1/`,
      relations: [
        { type: 'dependsOn', itemId: 'dataset:1' },
        { type: 'dependsOn', itemId: 'dataset:2' },
      ],
    });
    expect(byId.get('dataset:1')).toMatchObject({
      type: 'dataset',
      name: 'examples.public.table_1',
      title: 'table_1',
      attributes: { kind: 'physical', database: 'examples', schema: 'public' },
    });
    expect(byId.get('dataset:2')?.attributes).toMatchObject({
      kind: 'virtual',
    });
    expect(byId.get('chart:3')).toMatchObject({
      type: 'chart',
      title: 'Chart 3',
      url: `${server.url}/explore/?slice_id=3`,
      relations: [{ type: 'dependsOn', itemId: 'dataset:1' }],
      attributes: { vizType: 'table', datasourceId: 1 },
    });
    expect(items).toHaveLength(3 + 2 + 4);
    expect(
      server.requests.every(
        r => r.path === '/api/v1/security/login' || r.authorized,
      ),
    ).toBe(true);
  });

  it('logs in again once when the token expires mid-listing', async () => {
    await start({
      data: generateSupersetFixture({
        dashboards: 0,
        datasets: 250,
        charts: 0,
      }),
    });
    server.script({ on: 'datasets', skip: 1, respond: 'expire-tokens' });
    const inventory = await connector().inventory();
    expect(inventory.items).toHaveLength(250);
    expect(
      server.requests.filter(r => r.path === '/api/v1/security/login'),
    ).toHaveLength(2);
    expect(server.requests.filter(r => r.status === 401)).toHaveLength(1);
  });

  it('gives up after one re-login when the new token is refused too', async () => {
    await start({
      data: generateSupersetFixture({
        dashboards: 0,
        datasets: 250,
        charts: 0,
      }),
    });
    server.script({
      on: 'datasets',
      skip: 1,
      times: 2,
      respond: 'expire-tokens',
    });
    await expect(connector().inventory()).rejects.toThrow(/failed with 401/);
  });

  it('says clearly that the login was refused, without the password', async () => {
    await start();
    const error = await connector({ password: 'wrong-password-123' })
      .inventory()
      .catch(e => e);
    expect(error.message).toBe(
      "Superset refused the login of 'reader' with provider 'db' (401): check the username, password and provider",
    );
    expect(`${error.message}${error.stack}`).not.toContain(
      'wrong-password-123',
    );
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    await start();
    const waits: number[] = [];
    server.script({
      on: 'charts',
      respond: { status: 429, retryAfterSeconds: 2 },
    });
    const c = new SupersetConnector(
      { id: 's', baseUrl: server.url, username: 'reader', password: PASSWORD },
      { ...noWait, sleep: async ms => void waits.push(ms) },
    );
    const inventory = await c.inventory();
    expect(inventory.items.filter(i => i.type === 'chart')).toHaveLength(4);
    expect(waits).toEqual([2000]);
  });

  it('fails after the retries are exhausted on 5xx, never with a partial inventory', async () => {
    await start();
    server.script({ on: 'dashboards', times: 10, respond: { status: 502 } });
    const error = await connector({ retries: 2 })
      .inventory()
      .catch(e => e);
    expect(error.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/dashboard\/\?q=.* failed with 502 Bad Gateway after 3 attempts/,
    );
    expect(error.message).not.toContain(PASSWORD);
    expect(server.requests.filter(r => r.status === 502)).toHaveLength(3);
  });

  it('refuses a list whose pages overlap instead of returning it', async () => {
    await start({
      data: generateSupersetFixture({
        dashboards: 150,
        datasets: 0,
        charts: 0,
      }),
      quirks: { ignorePage: true },
    });
    await expect(connector().inventory()).rejects.toThrow(
      "Superset's dashboards list is incomplete: read 200 rows (100 distinct ids) in 2 pages, but it reports 150",
    );
  });
});

describe('SupersetConnector options', () => {
  it('validates options and names what is wrong without the values', () => {
    expect(
      () =>
        new SupersetConnector({
          id: 'x',
          baseUrl: 'ftp://nope',
          username: 'u',
          password: 'hidden-value',
          pageSize: 500,
        }),
    ).toThrow(
      /^Invalid Superset connector options: baseUrl: an absolute http\(s\) URL.*; pageSize: Too big/,
    );
    expect(
      () =>
        new SupersetConnector({
          id: '',
          baseUrl: 'http://h',
          username: 'u',
          password: 'p',
        }),
    ).toThrow('id: required');
    server = { problems: [], close: async () => {} } as any;
  });
});

describe('SupersetConnector health', () => {
  it('is up when /health says OK and the login works', async () => {
    await start();
    const health = await connector().health();
    expect(health.status).toBe('up');
    expect(health.checks.map(c => [c.name, c.status])).toEqual([
      ['liveness', 'up'],
      ['login', 'up'],
    ]);
  });

  it('is degraded when Superset answers but the login fails', async () => {
    await start();
    const health = await connector({ password: 'not-the-password' }).health();
    expect(health.status).toBe('degraded');
    expect(health.checks[1]).toMatchObject({ name: 'login', status: 'down' });
    expect(JSON.stringify(health)).not.toContain('not-the-password');
  });

  it('is down, without throwing, when nothing listens on the port', async () => {
    const dead = http.createServer();
    await new Promise<void>(r => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise(r => dead.close(r));
    server = { problems: [], close: async () => {} } as any;
    const health = await new SupersetConnector({
      id: 'dead',
      baseUrl: `http://127.0.0.1:${port}`,
      username: 'reader',
      password: PASSWORD,
    }).health();
    expect(health.status).toBe('down');
    expect(health.checks).toHaveLength(1);
    expect(health.checks[0].detail).toMatch(/could not reach the server/);
  });

  it('is down when /health answers 503', async () => {
    await start();
    server.script({ on: 'health', respond: { status: 503 } });
    const health = await connector().health();
    expect(health.status).toBe('down');
    expect(health.checks[0].detail).toMatch(/failed with 503/);
  });
});

describe('SupersetConnector contracts', () => {
  async function runAll(c: SupersetConnector) {
    const results: Record<string, string> = {};
    for (const test of c.contractTests()) {
      try {
        await test.run();
        results[test.id] = 'pass';
      } catch (error) {
        results[test.id] = `fail: ${(error as Error).message}`;
      }
    }
    return results;
  }

  it('declares its capabilities', async () => {
    await start();
    expect(
      connector()
        .capabilities()
        .map(c => c.id),
    ).toEqual(
      expect.arrayContaining([
        'inventory.dashboards',
        'relations.chart-dataset',
      ]),
    );
  });

  it('passes against a faithful Superset', async () => {
    await start({
      data: generateSupersetFixture({
        dashboards: 120,
        datasets: 3,
        charts: 5,
      }),
    });
    expect(await runAll(connector())).toEqual({
      'superset.auth.login': 'pass',
      'superset.auth.bad-password-refused': 'pass',
      'superset.inventory.paging-complete': 'pass',
      'superset.health.ok': 'pass',
    });
  });

  it('fails where a broken Superset breaks the contract', async () => {
    await start({
      data: generateSupersetFixture({
        dashboards: 120,
        datasets: 3,
        charts: 5,
      }),
      quirks: { ignorePage: true, acceptAnyPassword: true },
    });
    const results = await runAll(connector());
    expect(results['superset.auth.login']).toBe('pass');
    expect(results['superset.auth.bad-password-refused']).toBe(
      'fail: Superset accepted a wrong password',
    );
    expect(results['superset.inventory.paging-complete']).toMatch(
      /^fail: Superset's dashboards list is incomplete/,
    );
  });
});
