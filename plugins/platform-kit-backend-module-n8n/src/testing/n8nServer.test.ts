import { manyWorkflows } from './n8nFixtures';
import { N8nServer, startN8nServer } from './n8nServer';

describe('the n8n stand-in', () => {
  let server: N8nServer;
  afterEach(async () => {
    await server?.close();
  });

  async function get(path: string, key: string | null = server.apiKey) {
    const response = await fetch(`${server.baseUrl}${path}`, {
      headers: key === null ? {} : { 'X-N8N-API-KEY': key },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: await response.json(),
    };
  }

  it('pages workflows with an opaque cursor until nextCursor is null, within the contract', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(5) });
    const first = await get('/api/v1/workflows?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data.map((w: { id: string }) => w.id)).toEqual([
      'wf0001',
      'wf0002',
    ]);
    const second = await get(
      `/api/v1/workflows?cursor=${first.body.nextCursor}`,
    );
    const third = await get(
      `/api/v1/workflows?cursor=${second.body.nextCursor}`,
    );
    expect(third.body.data.map((w: { id: string }) => w.id)).toEqual([
      'wf0005',
    ]);
    expect(third.body.nextCursor).toBeNull();
    expect(server.violations).toEqual([]);
  });

  it('filters by active state and tag names', async () => {
    server = await startN8nServer({
      tags: [{ id: 't1', name: 'prod' }],
      workflows: [
        { id: 'a', name: 'A', active: true, tagIds: ['t1'] },
        { id: 'b', name: 'B', active: false, tagIds: ['t1'] },
        { id: 'c', name: 'C', active: true },
      ],
    });
    const active = await get('/api/v1/workflows?active=true&tags=prod');
    expect(active.body.data.map((w: { id: string }) => w.id)).toEqual(['a']);
    expect(server.violations).toEqual([]);
  });

  it('answers authentication failures as n8n does', async () => {
    server = await startN8nServer({
      apiKeys: { n8n_api_full_key: ['workflow:list', 'tag:list'] },
    });
    expect(await get('/api/v1/workflows', null)).toMatchObject({
      status: 401,
      body: { message: "'X-N8N-API-KEY' header required" },
    });
    expect(await get('/api/v1/workflows', 'n8n_api_wrong')).toMatchObject({
      status: 401,
      body: { message: 'unauthorized' },
    });
    expect(await get('/api/v1/workflows/x', 'n8n_api_full_key')).toMatchObject({
      status: 403,
      body: { message: 'Forbidden' },
    });
    expect(server.violations).toEqual([]);
  });

  it('refuses and records requests the contract does not allow', async () => {
    server = await startN8nServer();
    expect((await get('/api/v1/workflows?limit=300')).status).toBe(400);
    expect((await get('/api/v1/workflows?pageSize=3')).status).toBe(400);
    expect((await get('/api/v1/workflows?cursor=made-up')).status).toBe(400);
    expect((await get('/api/v1/nothing-here')).status).toBe(404);
    expect(server.violations).toEqual([
      expect.stringContaining("query parameter 'limit' must be <= 250"),
      expect.stringContaining(
        "query parameter 'pageSize' is not in the contract",
      ),
      expect.stringContaining('An invalid cursor was provided'),
      expect.stringContaining('/api/v1/nothing-here is not in the contract'),
    ]);
  });

  it('refuses to send a response the contract does not describe', async () => {
    server = await startN8nServer({
      workflows: [{ id: 'a', name: 'A', createdAt: 'yesterday' }],
    });
    const response = await get('/api/v1/workflows');
    expect(response.status).toBe(500);
    expect(server.violations).toContain(
      'response: GET /workflows 200 body/data/0/createdAt must match format "date-time"',
    );
  });

  it('serves one workflow, and 404 for an unknown id', async () => {
    server = await startN8nServer({
      workflows: [{ id: 'a', name: 'A', active: true }],
    });
    expect(await get('/api/v1/workflows/a')).toMatchObject({
      status: 200,
      body: { id: 'a', name: 'A', active: true, activeVersionId: 'v-a' },
    });
    expect((await get('/api/v1/workflows/zzz')).status).toBe(404);
    expect(server.violations).toEqual([]);
  });

  it('lists tags', async () => {
    server = await startN8nServer({
      tags: [
        { id: 't1', name: 'prod' },
        { id: 't2', name: 'ops' },
      ],
    });
    const tags = await get('/api/v1/tags?limit=1');
    expect(tags.body).toMatchObject({
      data: [{ id: 't1', name: 'prod' }],
      nextCursor: expect.any(String),
    });
    expect(server.violations).toEqual([]);
  });

  it('reports liveness and readiness without authentication', async () => {
    server = await startN8nServer();
    expect(await get('/healthz', null)).toEqual(
      expect.objectContaining({ status: 200, body: { status: 'ok' } }),
    );
    server.setReady(false);
    expect(await get('/healthz/readiness', null)).toEqual(
      expect.objectContaining({ status: 503, body: { status: 'error' } }),
    );
  });

  it('plays scripted episodes before authentication', async () => {
    server = await startN8nServer();
    server.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 7 });
    server.failNext(1, { kind: 'error', status: 503, message: 'busy' });
    server.failNext(1, { kind: 'drop' });
    const limited = await get('/api/v1/workflows', null);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await get('/api/v1/workflows')).toMatchObject({
      status: 503,
      body: { message: 'busy' },
    });
    await expect(get('/api/v1/workflows')).rejects.toThrow();
    expect((await get('/api/v1/workflows')).status).toBe(200);
    expect(server.apiRequests().map(r => r.status)).toEqual([429, 503, 0, 200]);
  });
});
