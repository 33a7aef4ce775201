import { encodeRison } from '../rison';
import { generateSupersetFixture } from './fixtures';
import { startSupersetServer, SupersetServer } from './supersetServer';

const USERS = { admin: 'admin-password' };

async function login(server: SupersetServer, password = 'admin-password') {
  return fetch(`${server.url}/api/v1/security/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'admin',
      password,
      provider: 'db',
      refresh: true,
    }),
  });
}

describe('stand-in Superset server', () => {
  let server: SupersetServer;
  afterEach(() => server?.close());

  it('issues JWT-looking tokens and refuses a bad password with Superset’s 401', async () => {
    server = await startSupersetServer({ users: USERS });
    const ok = await login(server);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.access_token.split('.')).toHaveLength(3);
    expect(typeof body.refresh_token).toBe('string');
    const bad = await login(server, 'nope');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: 'Not authorized' });
    expect(server.problems).toEqual([]);
  });

  it('requires a valid Bearer token on API calls and expires tokens on request', async () => {
    server = await startSupersetServer({ users: USERS });
    const none = await fetch(`${server.url}/api/v1/dashboard/`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ msg: 'Missing Authorization Header' });
    const forged = await fetch(`${server.url}/api/v1/dashboard/`, {
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect((await forged.json()).msg).toBe('Signature verification failed');
    const { access_token } = await (await login(server)).json();
    const auth = { authorization: `Bearer ${access_token}` };
    expect(
      (await fetch(`${server.url}/api/v1/chart/`, { headers: auth })).status,
    ).toBe(200);
    server.expireTokens();
    const expired = await fetch(`${server.url}/api/v1/chart/`, {
      headers: auth,
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ msg: 'Token has expired' });
    expect(server.problems).toEqual([]);
  });

  it('pages with a rison q, caps page_size at 100 and checks q against the contract', async () => {
    server = await startSupersetServer({
      users: USERS,
      data: generateSupersetFixture({
        dashboards: 130,
        datasets: 0,
        charts: 0,
      }),
    });
    const { access_token } = await (await login(server)).json();
    const get = (q: string, extra = '') =>
      fetch(
        `${server.url}/api/v1/dashboard/?q=${encodeURIComponent(q)}${extra}`,
        {
          headers: { authorization: `Bearer ${access_token}` },
        },
      );
    const first = await (
      await get(encodeRison({ page: 0, page_size: 500 }))
    ).json();
    expect(first.count).toBe(130);
    expect(first.result).toHaveLength(100);
    expect(first.ids[0]).toBe('1');
    const second = await (
      await get(encodeRison({ page: 1, page_size: 500 }))
    ).json();
    expect(second.result.map((r: any) => r.id)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 101),
    );
    const ordered = await (
      await get(
        encodeRison({
          page: 0,
          page_size: 2,
          order_column: 'dashboard_title',
          order_direction: 'desc',
        }),
      )
    ).json();
    expect(ordered.result.map((r: any) => r.dashboard_title)).toEqual([
      'Dashboard 99',
      'Dashboard 98',
    ]);
    expect((await get('(page:0')).status).toBe(400);
    expect((await get(encodeRison({ order_column: 'nope' }))).status).toBe(400);
    expect(server.problems).toEqual([]);

    const wrongType = await get("(page:'zero')");
    expect(wrongType.status).toBe(400);
    const undocumented = await get('(page:0)', '&limit=5');
    expect(undocumented.status).toBe(400);
    expect(server.problems).toEqual([
      "GET /api/v1/dashboard/: query parameter 'q'/page must be integer",
      "GET /api/v1/dashboard/: query parameter 'limit' is not in the contract",
    ]);
  });

  it('answers a dashboard’s datasets by id or slug, 404 for an unknown one, and /health', async () => {
    server = await startSupersetServer({ users: USERS });
    const { access_token } = await (await login(server)).json();
    const headers = { authorization: `Bearer ${access_token}` };
    const byId = await (
      await fetch(`${server.url}/api/v1/dashboard/1/datasets`, { headers })
    ).json();
    expect(byId.result.map((d: any) => d.id)).toEqual([1, 2]);
    const bySlug = await (
      await fetch(`${server.url}/api/v1/dashboard/dashboard-2/datasets`, {
        headers,
      })
    ).json();
    expect(bySlug.result.map((d: any) => d.id)).toEqual([2]);
    expect(
      (await fetch(`${server.url}/api/v1/dashboard/77/datasets`, { headers }))
        .status,
    ).toBe(404);
    const health = await fetch(`${server.url}/health`);
    expect(await health.text()).toBe('OK');
    expect(server.problems).toEqual([]);
    expect(
      (await fetch(`${server.url}/api/v1/database/`, { headers })).status,
    ).toBe(404);
    expect(server.problems).toEqual([
      'GET /api/v1/database/ is not an operation the stand-in serves',
    ]);
  });

  it('records a response the contract does not allow', async () => {
    const data = generateSupersetFixture({
      dashboards: 0,
      datasets: 1,
      charts: 0,
    });
    (data.datasets[0] as any).table_name = 42;
    server = await startSupersetServer({ users: USERS, data });
    const { access_token } = await (await login(server)).json();
    const res = await fetch(`${server.url}/api/v1/dataset/`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(200);
    expect(server.problems).toEqual([
      'GET /api/v1/dataset/ → 200: GET /api/v1/dataset/ 200 body/result/0/table_name must be string',
    ]);
  });

  it('plays scripted 429 with Retry-After and 5xx answers', async () => {
    server = await startSupersetServer({ users: USERS });
    server.script(
      { on: 'health', respond: { status: 429, retryAfterSeconds: 2 } },
      { on: 'health', skip: 1, times: 2, respond: { status: 503 } },
    );
    const limited = await fetch(`${server.url}/health`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await fetch(`${server.url}/health`)).status).toBe(503);
    expect((await fetch(`${server.url}/health`)).status).toBe(503);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(server.requests.map(r => r.status)).toEqual([429, 503, 503, 200]);
  });

  it('flags a login body the contract does not allow', async () => {
    server = await startSupersetServer({ users: USERS });
    const res = await fetch(`${server.url}/api/v1/security/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'admin',
        password: 'x',
        provider: 'oauth',
      }),
    });
    expect(res.status).toBe(400);
    expect(server.problems[0]).toMatch(
      /body\/provider must be equal to one of the allowed values/,
    );
  });
});
