import { manyWorkflows } from '../testing/n8nFixtures';
import { N8nServer, startN8nServer } from '../testing/n8nServer';
import { N8nConnector } from './N8nConnector';

// Loading and compiling the n8n OpenAPI document takes a few seconds on a busy machine.
jest.setTimeout(30_000);

describe('N8nConnector inventory', () => {
  let server: N8nServer;
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };

  beforeEach(() => {
    sleeps.length = 0;
  });
  afterEach(async () => {
    await server.close();
    if (server.violations.length > 0) {
      throw new Error(
        `n8n contract violations: ${server.violations.join('\n')}`,
      );
    }
  });

  function connector(options: { pageSize?: number; apiKey?: string } = {}) {
    return new N8nConnector(
      {
        id: 'n8n-test',
        baseUrl: server.baseUrl,
        apiKey: options.apiKey ?? server.apiKey,
        pageSize: options.pageSize,
      },
      { sleep },
    );
  }

  const workflowRequests = () =>
    server.apiRequests().filter(r => r.path === '/api/v1/workflows');

  it('lists 523 workflows in 3 pages of 250', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(523) });
    const inventory = await connector({ pageSize: 250 }).inventory();
    const workflows = inventory.items.filter(i => i.type === 'workflow');
    expect(workflows).toHaveLength(523);
    expect(new Set(workflows.map(w => w.id)).size).toBe(523);
    expect(workflowRequests().map(r => r.query.limit)).toEqual([
      '250',
      '250',
      '250',
    ]);
    expect(workflowRequests()[0].query.cursor).toBeUndefined();
    expect(workflowRequests()[1].query.cursor).toEqual(expect.any(String));
    expect(inventory.connector).toEqual({ id: 'n8n-test', kind: 'n8n' });
  });

  it('stops after the page that ends exactly at the last workflow', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(500) });
    const inventory = await connector({ pageSize: 250 }).inventory();
    expect(inventory.items).toHaveLength(500);
    expect(workflowRequests()).toHaveLength(2);
  });

  it('reads an empty instance with one request per list', async () => {
    server = await startN8nServer();
    const inventory = await connector().inventory();
    expect(inventory.items).toEqual([]);
    expect(server.apiRequests().map(r => `${r.path} ${r.query.limit}`)).toEqual(
      ['/api/v1/workflows 100', '/api/v1/tags 100'],
    );
  });

  it('describes each workflow: title, active state, nodes, owner, tags and link', async () => {
    server = await startN8nServer({
      tags: [{ id: 'tg1', name: 'billing' }],
      workflows: [
        {
          id: 'Ab12',
          name: 'Invoice sync',
          active: true,
          nodeCount: 5,
          tagIds: ['tg1'],
          description: 'Pushes invoices to the ERP',
          createdAt: '2026-03-01T10:00:00.000Z',
          updatedAt: '2026-04-01T10:00:00.000Z',
          project: { id: 'P1', name: 'Finance', type: 'team' },
        },
        { id: 'Cd34', name: 'Draft', active: false },
      ],
    });
    const { items } = await connector().inventory();
    expect(items.find(i => i.id === 'workflow:Ab12')).toEqual({
      id: 'workflow:Ab12',
      type: 'workflow',
      name: 'Ab12',
      title: 'Invoice sync',
      description: 'Pushes invoices to the ERP',
      owner: 'Finance',
      tags: ['billing'],
      url: `${server.baseUrl}/workflow/Ab12`,
      relations: [{ type: 'hasTag', itemId: 'tag:tg1' }],
      attributes: {
        n8nId: 'Ab12',
        active: true,
        archived: false,
        nodeCount: 5,
        triggerCount: 1,
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-04-01T10:00:00.000Z',
        versionId: 'v-Ab12',
        projectId: 'P1',
        projectType: 'team',
      },
    });
    const draft = items.find(i => i.id === 'workflow:Cd34');
    expect(draft?.attributes).toMatchObject({ active: false, nodeCount: 2 });
    expect(draft?.owner).toBe('Ada Owner <ada@example.com>');
  });

  it('lists every tag, paged, and relates workflows to them', async () => {
    server = await startN8nServer({
      tags: [
        { id: 't1', name: 'prod' },
        { id: 't2', name: 'ops' },
        { id: 't3', name: 'unused' },
      ],
      workflows: [
        { id: 'w1', name: 'One', tagIds: ['t1', 't2'] },
        { id: 'w2', name: 'Two', tagIds: ['t2'] },
      ],
    });
    const { items } = await connector({ pageSize: 2 }).inventory();
    expect(
      items.filter(i => i.type === 'tag').map(i => [i.id, i.name]),
    ).toEqual([
      ['tag:t1', 'prod'],
      ['tag:t2', 'ops'],
      ['tag:t3', 'unused'],
    ]);
    const ids = new Set(items.map(i => i.id));
    const relations = items.flatMap(i =>
      (i.relations ?? []).map(r => [i.id, r.type, r.itemId]),
    );
    expect(relations).toEqual([
      ['workflow:w1', 'hasTag', 'tag:t1'],
      ['workflow:w1', 'hasTag', 'tag:t2'],
      ['workflow:w2', 'hasTag', 'tag:t2'],
    ]);
    expect(relations.every(([, , target]) => ids.has(target!))).toBe(true);
    expect(
      server.apiRequests().filter(r => r.path === '/api/v1/tags'),
    ).toHaveLength(2);
  });

  it('names owners by reading one workflow per owning project', async () => {
    const finance = { id: 'P1', name: 'Finance', type: 'team' as const };
    server = await startN8nServer({
      workflows: [
        ...manyWorkflows(3),
        { id: 'f1', name: 'F1', project: finance },
        { id: 'f2', name: 'F2', project: finance },
      ],
    });
    const { items } = await connector().inventory();
    expect(items.map(i => i.owner)).toEqual([
      'Ada Owner <ada@example.com>',
      'Ada Owner <ada@example.com>',
      'Ada Owner <ada@example.com>',
      'Finance',
      'Finance',
    ]);
    expect(
      server
        .apiRequests()
        .filter(r => r.path.startsWith('/api/v1/workflows/'))
        .map(r => r.path),
    ).toEqual(['/api/v1/workflows/wf0001', '/api/v1/workflows/f1']);
  });

  it('keeps the project id as owner when the key may not read workflows', async () => {
    server = await startN8nServer({
      workflows: manyWorkflows(1),
      apiKeys: { n8n_api_list_only_key: ['workflow:list', 'tag:list'] },
    });
    const { items } = await connector().inventory();
    expect(items[0].owner).toBe('PrjOwner00000001');
  });

  it('fails when reading an owning project fails for another reason', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(1) });
    server.failNext(4, { kind: 'error', status: 500 }, '/api/v1/workflows/');
    await expect(connector().inventory()).rejects.toThrow(
      /^n8n: could not read workflow wf0001: GET .*\/api\/v1\/workflows\/wf0001\?excludePinnedData=true failed with 500/,
    );
  });

  it('sends the API key and asks n8n to leave pinned data out', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(1) });
    await connector().inventory();
    const [request] = workflowRequests();
    expect(request.headers['x-n8n-api-key']).toBe(server.apiKey);
    expect(request.query.excludePinnedData).toBe('true');
  });

  it('waits as long as a 429 asks, then carries on', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(3) });
    server.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 2 });
    const inventory = await connector().inventory();
    expect(inventory.items).toHaveLength(3);
    expect(sleeps).toEqual([2000]);
    expect(workflowRequests().map(r => r.status)).toEqual([429, 200]);
  });

  it('recovers from a dropped connection and a 502', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(3) });
    server.failNext(1, { kind: 'drop' });
    server.failNext(1, { kind: 'error', status: 502 });
    const inventory = await connector().inventory();
    expect(inventory.items).toHaveLength(3);
    expect(workflowRequests().map(r => r.status)).toEqual([0, 502, 200]);
  });

  it('gives up after the retries on 5xx with a clear error without the key', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(3) });
    server.failNext(10, { kind: 'error', status: 503, message: 'busy' });
    const error = await connector()
      .inventory()
      .catch(e => e);
    expect(error.message).toMatch(
      /^n8n: could not list workflows: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/workflows\?limit=100&excludePinnedData=true failed with 503 Service Unavailable after 4 attempts; body: \{"message":"busy"\}$/,
    );
    expect(workflowRequests()).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(`${error.message}${error.stack}`).not.toContain(server.apiKey);
  });

  it('says that n8n refused a wrong key, without repeating it', async () => {
    server = await startN8nServer({ workflows: manyWorkflows(3) });
    const wrongKey = 'n8n_api_revoked_0123456789abcdef';
    const error = await connector({ apiKey: wrongKey })
      .inventory()
      .catch(e => e);
    expect(error.message).toContain(
      "n8n: could not list workflows: n8n refused the API key (401); check the connector's apiKey",
    );
    expect(error.status).toBe(401);
    expect(`${error.message}${error.stack}`).not.toContain(wrongKey);
    expect(workflowRequests()).toHaveLength(1);
  });

  it('names the missing scope when the key may not list tags', async () => {
    server = await startN8nServer({
      workflows: manyWorkflows(2),
      apiKeys: { n8n_api_workflows_only_key: ['workflow:list'] },
    });
    const error = await connector()
      .inventory()
      .catch(e => e);
    expect(error.message).toContain(
      'n8n: could not list tags: the API key lacks the scope tag:list (403); create a key with the scopes workflow:list, workflow:read, tag:list',
    );
    expect(error.message).not.toContain('n8n_api_workflows_only_key');
  });

  it('hints at a disabled Public API when n8n has no workflows endpoint', async () => {
    server = await startN8nServer();
    const error = await new N8nConnector(
      {
        id: 'n8n-test',
        baseUrl: `${server.baseUrl}/wrong-prefix`,
        apiKey: server.apiKey,
      },
      { sleep },
    )
      .inventory()
      .catch(e => e);
    expect(error.message).toContain(
      'n8n: could not list workflows: not found (404); is the n8n Public API enabled (N8N_PUBLIC_API_DISABLED) and baseUrl right?',
    );
  });

  it('fails rather than loop when n8n repeats a cursor', async () => {
    server = await startN8nServer({
      workflows: manyWorkflows(10),
      quirks: { repeatCursor: true },
    });
    await expect(connector({ pageSize: 3 }).inventory()).rejects.toThrow(
      /n8n's paging is broken, could not list workflows: the source returned a cursor it had already returned/,
    );
  });
});

describe('N8nConnector answers that are not the n8n API', () => {
  it('fails clearly on a body without the expected fields', async () => {
    const fakeFetch: typeof fetch = async () =>
      new Response(JSON.stringify({ items: [] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const connector = new N8nConnector(
      { id: 'x', baseUrl: 'http://127.0.0.1:9', apiKey: 'n8n_api_secret_1234' },
      { fetch: fakeFetch },
    );
    await expect(connector.inventory()).rejects.toThrow(
      'n8n answered GET /api/v1/workflows with a body the connector does not understand (data: Invalid input: expected array, received undefined); is this the n8n Public API v1?',
    );
  });
});

describe('N8nConnector options', () => {
  it('refuses invalid options, naming each one and no value', () => {
    let message = '';
    try {
      // eslint-disable-next-line no-new
      new N8nConnector({
        id: 'x',
        baseUrl: 'ftp://n8n.example.com',
        apiKey: 'n8n_api_secret_value',
        pageSize: 500,
        extra: true,
      } as any);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Invalid n8n connector options:');
    expect(message).toContain('baseUrl: an absolute http(s) URL');
    expect(message).toContain("pageSize: at most 250 (n8n's limit)");
    expect(message).toContain('Unrecognized key: "extra"');
    expect(message).not.toContain('n8n_api_secret_value');
  });

  it('needs an id and an API key', () => {
    expect(
      () => new N8nConnector({ id: '', baseUrl: 'http://a', apiKey: 'k' }),
    ).toThrow('id: a non-empty id');
    expect(
      () => new N8nConnector({ id: 'a', baseUrl: 'http://a', apiKey: '  ' }),
    ).toThrow('apiKey: an n8n API key');
  });

  it('declares its capabilities', () => {
    const connector = new N8nConnector({
      id: 'a',
      baseUrl: 'http://a',
      apiKey: 'k',
    });
    expect(connector.capabilities().map(c => c.id)).toEqual([
      'inventory.workflows',
      'inventory.tags',
      'health.liveness',
      'health.readiness',
      'auth.api-key',
    ]);
    expect(connector.kind).toBe('n8n');
    expect(connector.id).toBe('a');
  });
});
