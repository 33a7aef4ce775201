import {
  ScriptedServer,
  deadPort,
  startScriptedServer,
} from '../__testUtils__/scriptedServer';
import { ConnectorBase, ConnectorOptions } from '../ConnectorBase';
import { HttpClient } from '../http/HttpClient';
import { paginateCursor } from '../http/paginate';
import {
  CapabilityDeclaration,
  ConnectorInventory,
  ContractResult,
  ContractTest,
  HealthResult,
} from '../types';
import { ContractTestError, ContractTestSkip } from './ContractTestError';
import { ContractReport, reportToFacts } from './report';
import { runContractSuite } from './runContractSuite';

const API_KEY = 'demo-api-key-4f7a9c';

interface DemoOptions extends ConnectorOptions {
  apiKey: string;
}

/** A well-behaved connector on the SDK's HTTP client, against a real local server. */
class DemoConnector extends ConnectorBase<DemoOptions> {
  readonly kind = 'demo';
  private readonly http: HttpClient;

  constructor(options: DemoOptions) {
    super(options);
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      headers: { 'x-api-key': options.apiKey },
      retries: 0,
      timeoutMs: 2_000,
    });
  }

  async inventory(): Promise<ConnectorInventory> {
    const workflows = await paginateCursor(async cursor => {
      const page = await this.http.get<{
        data: Array<{ id: string; name: string; datasetId?: string }>;
        nextCursor: string | null;
      }>('/workflows', { query: { cursor } });
      return { items: page.data, nextCursor: page.nextCursor };
    });
    return {
      connector: { id: this.id, kind: this.kind },
      capturedAt: new Date().toISOString(),
      source: { product: 'demo', version: '1.0' },
      items: workflows.map(w => ({
        id: w.id,
        type: 'workflow',
        name: w.name,
        tags: [],
        attributes: {},
        relations: w.datasetId
          ? [{ type: 'dependsOn', itemId: w.datasetId }]
          : [],
      })),
    };
  }

  async health(): Promise<HealthResult> {
    const checkedAt = new Date().toISOString();
    const started = Date.now();
    try {
      await this.http.get('/healthz');
      return {
        status: 'up',
        checkedAt,
        checks: [
          { name: 'liveness', status: 'up', latencyMs: Date.now() - started },
        ],
      };
    } catch (error) {
      return {
        status: 'down',
        checkedAt,
        checks: [
          {
            name: 'liveness',
            status: 'down',
            latencyMs: Date.now() - started,
            detail: (error as Error).message,
          },
        ],
      };
    }
  }

  capabilities(): CapabilityDeclaration[] {
    return [
      { id: 'inventory.workflows', title: 'Lists workflows' },
      { id: 'health.liveness', title: 'Reports liveness' },
    ];
  }

  contractTests(): ContractTest[] {
    return [
      {
        id: 'demo.auth.rejects-missing-key',
        title: 'A request without the API key is refused',
        run: async () => {
          const anonymous = new HttpClient({
            baseUrl: this.options.baseUrl,
            retries: 0,
          });
          const status = await anonymous
            .get('/workflows')
            .then(() => 200)
            .catch(error => error.status);
          if (status !== 401) {
            throw new ContractTestError('the source answered without a key', {
              status,
            });
          }
          return { status };
        },
      },
    ];
  }
}

/** Serves two pages of workflows and a health endpoint; refuses requests without the key. */
function serveDemo(
  server: ScriptedServer,
  workflows = [
    { id: 'w1', name: 'one', datasetId: 'w2' },
    { id: 'w2', name: 'two' },
    { id: 'w3', name: 'three' },
  ],
) {
  server.script(req => {
    if (req.headers['x-api-key'] !== API_KEY) {
      return { status: 401, body: { message: 'unauthorized' } };
    }
    if (req.url === '/healthz') return { status: 200, body: { status: 'ok' } };
    const cursor = new URL(req.url, 'http://x').searchParams.get('cursor');
    return cursor === null
      ? { status: 200, body: { data: workflows.slice(0, 2), nextCursor: 'p2' } }
      : { status: 200, body: { data: workflows.slice(2), nextCursor: null } };
  });
}

/** A connector whose every method is given inline (for misbehaviour). */
class InlineConnector extends ConnectorBase {
  constructor(
    readonly kind: string,
    private readonly impl: Partial<
      Pick<
        ConnectorBase,
        'inventory' | 'health' | 'capabilities' | 'contractTests'
      >
    >,
    id = 'inline-1',
  ) {
    super({ id, baseUrl: 'http://127.0.0.1:1' });
  }
  inventory() {
    return this.impl.inventory ? this.impl.inventory() : goodInventory(this);
  }
  health() {
    return this.impl.health ? this.impl.health() : upHealth();
  }
  capabilities() {
    return this.impl.capabilities
      ? this.impl.capabilities()
      : [{ id: 'inventory.things', title: 'Lists things' }];
  }
  contractTests() {
    return this.impl.contractTests ? this.impl.contractTests() : [];
  }
}

async function goodInventory(
  c: { id: string; kind: string },
  items: ConnectorInventory['items'] = [
    {
      id: 'a',
      type: 'thing',
      name: 'a',
      tags: [],
      relations: [],
      attributes: {},
    },
  ],
): Promise<ConnectorInventory> {
  return {
    connector: { id: c.id, kind: c.kind },
    capturedAt: new Date().toISOString(),
    items,
  };
}

async function upHealth(): Promise<HealthResult> {
  return { status: 'up', checkedAt: new Date().toISOString(), checks: [] };
}

async function downHealth(): Promise<HealthResult> {
  return {
    status: 'down',
    checkedAt: new Date().toISOString(),
    checks: [
      {
        name: 'liveness',
        status: 'down',
        latencyMs: 1,
        detail: 'ECONNREFUSED',
      },
    ],
  };
}

function result(report: ContractReport, id: string): ContractResult {
  const found = report.results.find(r => r.id === id);
  if (!found)
    throw new Error(`no result ${id} in ${report.results.map(r => r.id)}`);
  return found;
}

function statuses(report: ContractReport): Record<string, string> {
  return Object.fromEntries(report.results.map(r => [r.id, r.status]));
}

describe('runContractSuite', () => {
  let server: ScriptedServer;
  let dead: number;
  beforeEach(async () => {
    server = await startScriptedServer();
    dead = await deadPort();
  });
  afterEach(async () => {
    await server.close();
  });

  it('passes a well-behaved connector, with evidence for every check, calling the live source once per method', async () => {
    serveDemo(server);
    const connector = new DemoConnector({
      id: 'demo-1',
      baseUrl: server.baseUrl,
      apiKey: API_KEY,
    });
    const deadConnector = new DemoConnector({
      id: 'demo-dead',
      baseUrl: `http://127.0.0.1:${dead}`,
      apiKey: 'dummy-key',
    });
    const report = await runContractSuite({
      connector,
      deadConnector,
      secrets: [API_KEY],
    });

    expect(statuses(report)).toEqual({
      'sdk.capabilities': 'pass',
      'sdk.inventory.shape': 'pass',
      'sdk.inventory.unique-ids': 'pass',
      'sdk.inventory.relations': 'pass',
      'sdk.inventory.idempotent': 'skip',
      'sdk.health': 'pass',
      'sdk.health.dead-endpoint': 'pass',
      'sdk.contract-tests': 'pass',
      'demo.auth.rejects-missing-key': 'pass',
      'sdk.bounded-time': 'pass',
    });
    expect(report.passed).toBe(true);
    // One inventory() (two pages), one health(), and the contract test's request.
    expect(server.requests.map(r => r.url)).toEqual([
      '/workflows',
      '/workflows?cursor=p2',
      '/healthz',
      '/workflows',
    ]);
    expect(report.connector).toEqual({ id: 'demo-1', kind: 'demo' });
    expect(Date.parse(report.startedAt)).not.toBeNaN();
    expect(result(report, 'sdk.capabilities').evidence).toMatchObject({
      count: 2,
      ids: ['inventory.workflows', 'health.liveness'],
    });
    expect(result(report, 'sdk.inventory.shape').evidence).toMatchObject({
      itemCount: 3,
      countsByType: { workflow: 3 },
      source: { product: 'demo', version: '1.0' },
    });
    expect(result(report, 'sdk.inventory.relations').evidence).toEqual({
      relationCount: 1,
      danglingCount: 0,
    });
    expect(result(report, 'sdk.inventory.idempotent').error).toBe(
      'not checked: the source may change between two calls (stableSource is not set)',
    );
    expect(result(report, 'sdk.health').evidence).toMatchObject({
      status: 'up',
    });
    const deadEvidence = result(report, 'sdk.health.dead-endpoint').evidence;
    expect(deadEvidence).toMatchObject({ status: 'down', budgetMs: 60_000 });
    expect(JSON.stringify(deadEvidence)).toContain('ECONNREFUSED');
    expect(result(report, 'demo.auth.rejects-missing-key').evidence).toEqual({
      status: 401,
    });
    const timing = result(report, 'sdk.bounded-time').evidence as {
      calls: { call: string }[];
    };
    expect(timing.calls.map(c => c.call)).toEqual([
      'capabilities()',
      'inventory()',
      'health()',
      'health() of the dead endpoint',
      'contractTests()',
      'contract test demo.auth.rejects-missing-key',
    ]);
    expect(JSON.stringify(report)).not.toContain(API_KEY);
    expect(reportToFacts(report)).toEqual({
      facts: { 'connector.healthy': true, 'connector.contract-tests': true },
      summary: 'demo/demo-1: 9 passed, 0 failed, 1 skipped; health up',
    });
  });

  it('calls inventory() twice and compares the items when the source is stable', async () => {
    serveDemo(server);
    const report = await runContractSuite({
      connector: new DemoConnector({
        id: 'demo-1',
        baseUrl: server.baseUrl,
        apiKey: API_KEY,
      }),
      stableSource: true,
    });
    expect(result(report, 'sdk.inventory.idempotent')).toMatchObject({
      status: 'pass',
      evidence: { firstCount: 3, secondCount: 3 },
    });
    expect(
      server.requests.filter(r => r.url.startsWith('/workflows?')),
    ).toHaveLength(2);
    expect(report.passed).toBe(true);
  });

  it('passes against a live source whose items change between calls', async () => {
    let calls = 0;
    server.script(req => {
      if (req.headers['x-api-key'] !== API_KEY) return { status: 401 };
      if (req.url === '/healthz') return { status: 200, body: {} };
      calls++;
      return {
        status: 200,
        body: { data: [{ id: `w${calls}`, name: 'new' }], nextCursor: null },
      };
    });
    const report = await runContractSuite({
      connector: new DemoConnector({
        id: 'demo-1',
        baseUrl: server.baseUrl,
        apiKey: API_KEY,
      }),
    });
    expect(calls).toBe(1); // one inventory(): the items changed under a second one
    expect(report.passed).toBe(true);
  });

  it('never calls a dead connector configured with a secret of the connector under test', async () => {
    serveDemo(server);
    const deadServer = await startScriptedServer();
    try {
      const report = await runContractSuite({
        connector: new DemoConnector({
          id: 'demo-1',
          baseUrl: server.baseUrl,
          apiKey: API_KEY,
        }),
        deadConnector: new DemoConnector({
          id: 'demo-dead',
          baseUrl: deadServer.baseUrl,
          apiKey: API_KEY,
        }),
        secrets: [API_KEY],
      });
      expect(result(report, 'sdk.health.dead-endpoint')).toMatchObject({
        status: 'fail',
        error:
          'deadConnector is configured with a secret of the connector under test; give it dummy credentials (not called)',
      });
      expect(deadServer.requests).toEqual([]);
      expect(JSON.stringify(report)).not.toContain(API_KEY);
    } finally {
      await deadServer.close();
    }
  });

  it('fails the shape checks of a connector with invalid results, naming the fields', async () => {
    const connector = new InlineConnector('bad', {
      capabilities: () => [{ id: '', title: 5 } as any],
      inventory: async () =>
        ({
          connector: { id: 'inline-1', kind: 'bad' },
          capturedAt: 'yesterday',
          items: [{ id: 'x', type: 'thing' }],
        } as any),
      health: async () => ({ status: 'ok', checks: [] } as any),
    });
    const report = await runContractSuite({ connector });
    expect(report.passed).toBe(false);
    expect(statuses(report)).toMatchObject({
      'sdk.capabilities': 'fail',
      'sdk.inventory.shape': 'fail',
      'sdk.inventory.unique-ids': 'skip',
      'sdk.inventory.relations': 'skip',
      'sdk.inventory.idempotent': 'skip',
      'sdk.health': 'fail',
      'sdk.health.dead-endpoint': 'skip',
      'sdk.bounded-time': 'pass',
    });
    const capabilities = result(report, 'sdk.capabilities');
    expect(capabilities.error).toBe(
      'capabilities() does not match the capability schema',
    );
    expect(capabilities.evidence.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^0\.id: /),
        expect.stringMatching(/^0\.title: /),
      ]),
    );
    const shape = result(report, 'sdk.inventory.shape');
    expect(shape.evidence.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^capturedAt: /),
        expect.stringMatching(/^items\.0\.name: /),
      ]),
    );
    expect(result(report, 'sdk.inventory.unique-ids').error).toContain(
      'see sdk.inventory.shape',
    );
    expect(result(report, 'sdk.health').evidence.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^status: /),
        expect.stringMatching(/^checkedAt: /),
      ]),
    );
    expect(result(report, 'sdk.health.dead-endpoint').error).toBe(
      'not checked: no deadConnector was given',
    );
    const { facts, summary } = reportToFacts(report);
    expect(facts).toEqual({
      'connector.healthy': false,
      'connector.contract-tests': false,
    });
    expect(summary).toBe(
      'bad/inline-1: 2 passed, 3 failed (sdk.capabilities, sdk.inventory.shape, sdk.health), 4 skipped; health unknown',
    );
  });

  it('fails a connector that declares no capabilities or the same one twice', async () => {
    const none = await runContractSuite({
      connector: new InlineConnector('x-kind', { capabilities: () => [] }),
    });
    expect(result(none, 'sdk.capabilities').error).toContain(
      'declares nothing',
    );
    const twice = await runContractSuite({
      connector: new InlineConnector('x-kind', {
        capabilities: () => [
          { id: 'a', title: 'A' },
          { id: 'a', title: 'A again' },
        ],
      }),
    });
    expect(result(twice, 'sdk.capabilities')).toMatchObject({
      status: 'fail',
      error: 'capabilities() declares the same id more than once: a',
      evidence: { duplicates: ['a'] },
    });
  });

  it('fails an inventory that names another connector', async () => {
    const connector = new InlineConnector('demo', {
      inventory: () => goodInventory({ id: 'someone-else', kind: 'demo' }),
    });
    const report = await runContractSuite({ connector });
    expect(result(report, 'sdk.inventory.shape').error).toBe(
      'inventory() names connector demo/someone-else, expected demo/inline-1',
    );
  });

  it('fails duplicate ids per type and relations to missing items, listing them', async () => {
    const item = (id: string, type: string, relations: any[] = []) => ({
      id,
      type,
      name: `${type}-${id}`,
      tags: [],
      attributes: {},
      relations,
    });
    const connector = new InlineConnector('demo', {
      inventory: () =>
        goodInventory({ id: 'inline-1', kind: 'demo' }, [
          item('1', 'dashboard', [{ type: 'dependsOn', itemId: '7' }]),
          item('1', 'dataset', [
            { type: 'partOf', entityRef: 'system:default/x' },
          ]),
          item('1', 'dashboard'),
          item('2', 'chart', [{ type: 'dependsOn' }]),
        ]),
    });
    const report = await runContractSuite({ connector });
    expect(result(report, 'sdk.inventory.unique-ids')).toMatchObject({
      status: 'fail',
      error: '1 type/id pair(s) occur more than once',
      evidence: {
        itemCount: 4,
        duplicateCount: 1,
        duplicates: ['dashboard/1'],
      },
    });
    expect(result(report, 'sdk.inventory.relations')).toMatchObject({
      status: 'fail',
      error: '2 relation(s) point at no item of the inventory',
      evidence: {
        relationCount: 3,
        dangling: [
          'dashboard/1 dependsOn → 7',
          'chart/2 dependsOn → (no itemId or entityRef)',
        ],
      },
    });
    expect(result(report, 'sdk.inventory.shape').status).toBe('pass');
  });

  it('fails a connector whose inventory is not idempotent, showing what changed (stable source)', async () => {
    let run = 0;
    const connector = new InlineConnector('demo', {
      inventory: () => {
        run++;
        return goodInventory({ id: 'inline-1', kind: 'demo' }, [
          {
            id: 'stable',
            type: 'thing',
            name: 'stable',
            tags: [],
            relations: [],
            attributes: {},
          },
          {
            id: `run-${run}`,
            type: 'thing',
            name: `run-${run}`,
            tags: [],
            relations: [],
            attributes: {},
          },
        ]);
      },
    });
    const report = await runContractSuite({ connector, stableSource: true });
    expect(result(report, 'sdk.inventory.idempotent')).toMatchObject({
      status: 'fail',
      error: 'the second inventory() differs: 1 item(s) missing, 1 new',
      evidence: {
        firstCount: 2,
        secondCount: 2,
        missing: ['thing/run-1'],
        added: ['thing/run-2'],
      },
    });
    expect(result(report, 'sdk.inventory.shape').status).toBe('pass');
    expect(report.passed).toBe(false);
  });

  it('fails a connector whose health() throws for a dead endpoint', async () => {
    const connector = new InlineConnector('demo', {});
    const deadConnector = new InlineConnector(
      'demo',
      {
        health: async () => {
          await new HttpClient({
            baseUrl: `http://127.0.0.1:${dead}`,
            retries: 0,
          }).get('/healthz');
          return upHealth();
        },
      },
      'dead-1',
    );
    const report = await runContractSuite({ connector, deadConnector });
    const check = result(report, 'sdk.health.dead-endpoint');
    expect(check.status).toBe('fail');
    expect(check.error).toMatch(
      /^health\(\) of the dead endpoint threw: GET http:\/\/127\.0\.0\.1:\d+\/healthz could not reach the server/,
    );
    expect(result(report, 'sdk.health').status).toBe('pass');
  });

  it('fails a dead connector that says up, and one of another kind', async () => {
    const connector = new InlineConnector('demo', {});
    const liar = await runContractSuite({
      connector,
      deadConnector: new InlineConnector('demo', { health: upHealth }),
    });
    expect(result(liar, 'sdk.health.dead-endpoint')).toMatchObject({
      status: 'fail',
      error: 'health() of the dead endpoint says up, expected down',
      evidence: { status: 'up' },
    });
    const other = await runContractSuite({
      connector,
      deadConnector: new InlineConnector('other', { health: downHealth }),
    });
    expect(result(other, 'sdk.health.dead-endpoint').error).toBe(
      'deadConnector is a other connector, not demo',
    );
  });

  it('fails calls that hang, within the time budget, and says which', async () => {
    const never = () => new Promise<never>(() => {});
    const connector = new InlineConnector('demo', { inventory: never });
    const deadConnector = new InlineConnector('demo', { health: never });
    const started = Date.now();
    const report = await runContractSuite({
      connector,
      deadConnector,
      timeBudgetMs: 100,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result(report, 'sdk.inventory.shape')).toMatchObject({
      status: 'fail',
      error: 'inventory() did not finish within the time budget of 100 ms',
      evidence: { budgetMs: 100 },
    });
    expect(result(report, 'sdk.health.dead-endpoint').error).toBe(
      'health() of the dead endpoint did not finish within the time budget of 100 ms',
    );
    expect(result(report, 'sdk.health').status).toBe('pass');
    expect(result(report, 'sdk.bounded-time')).toMatchObject({
      status: 'fail',
      error:
        'inventory(), health() of the dead endpoint did not finish within 100 ms',
      evidence: { late: ['inventory()', 'health() of the dead endpoint'] },
    });
  });

  it("runs the connector's contract tests: pass, fail with evidence, skip, thrown, hanging", async () => {
    let aborted = false;
    const connector = new InlineConnector('demo', {
      contractTests: () => [
        { id: 't.pass', title: 'passes', run: async () => ({ seen: 3 }) },
        {
          id: 't.void',
          title: 'passes without evidence',
          run: async () => undefined,
        },
        {
          id: 't.fail',
          title: 'fails with evidence',
          run: async () => {
            throw new ContractTestError('expected 401', { status: 200 });
          },
        },
        {
          id: 't.skip',
          title: 'does not apply',
          run: async () => {
            throw new ContractTestSkip('source is older than 1.2', {
              version: '1.1',
            });
          },
        },
        {
          id: 't.throws',
          title: 'throws',
          run: async () => {
            throw new TypeError('cannot read x');
          },
        },
        {
          id: 't.hangs',
          title: 'hangs',
          run: context =>
            new Promise(() => {
              context?.signal.addEventListener('abort', () => {
                aborted = true;
              });
            }),
        },
      ],
    });
    const report = await runContractSuite({ connector, timeBudgetMs: 100 });
    expect(statuses(report)).toMatchObject({
      'sdk.contract-tests': 'pass',
      't.pass': 'pass',
      't.void': 'pass',
      't.fail': 'fail',
      't.skip': 'skip',
      't.throws': 'fail',
      't.hangs': 'fail',
      'sdk.bounded-time': 'fail',
    });
    expect(result(report, 'sdk.contract-tests').evidence).toEqual({
      count: 6,
      ids: ['t.pass', 't.void', 't.fail', 't.skip', 't.throws', 't.hangs'],
    });
    expect(result(report, 't.pass').evidence).toEqual({ seen: 3 });
    expect(result(report, 't.fail')).toMatchObject({
      error: 'expected 401',
      evidence: { status: 200 },
    });
    expect(result(report, 't.skip')).toMatchObject({
      error: 'source is older than 1.2',
      evidence: { version: '1.1' },
    });
    expect(result(report, 't.throws').error).toBe('cannot read x');
    expect(result(report, 't.hangs').error).toBe(
      'contract test t.hangs did not finish within the time budget of 100 ms',
    );
    expect(aborted).toBe(true);
    expect(reportToFacts(report).summary).toBe(
      'demo/inline-1: 8 passed, 4 failed (t.fail, t.throws, t.hangs, sdk.bounded-time), 3 skipped; health up',
    );
  });

  it('fails a malformed list of contract tests without running any', async () => {
    let ran = false;
    const run = async () => {
      ran = true;
    };
    const connector = new InlineConnector('demo', {
      contractTests: () => [
        { id: 'a', title: 'A', run },
        { id: 'a', title: 'A twice', run },
        { id: 'sdk.mine', title: 'reserved', run },
        { id: 'b', title: '', run: 'nope' as any },
        { title: 'no id' } as any,
      ],
    });
    const report = await runContractSuite({ connector });
    expect(result(report, 'sdk.contract-tests')).toMatchObject({
      status: 'fail',
      error:
        'a: id used twice; sdk.mine: ids starting with "sdk." are the SDK\'s; b: no title; b: no run(); test 4 has no id',
    });
    expect(ran).toBe(false);
    const thrower = await runContractSuite({
      connector: new InlineConnector('demo', {
        contractTests: () => {
          throw new Error('not configured');
        },
      }),
    });
    expect(result(thrower, 'sdk.contract-tests').error).toBe(
      'contractTests() threw: not configured',
    );
    const notArray = await runContractSuite({
      connector: new InlineConnector('demo', {
        contractTests: () => ({} as any),
      }),
    });
    expect(result(notArray, 'sdk.contract-tests').error).toBe(
      'contractTests() did not return an array',
    );
  });

  it('never reports a secret, in errors or evidence', async () => {
    const secret = 'super-secret-token-123';
    const connector = new InlineConnector('demo', {
      health: async () => ({
        status: 'degraded',
        checkedAt: new Date().toISOString(),
        checks: [
          {
            name: 'auth',
            status: 'degraded',
            latencyMs: 2,
            detail: `token ${secret} expired`,
          },
        ],
      }),
      contractTests: () => [
        {
          id: 't.leaky',
          title: 'leaks',
          run: async () => {
            throw new ContractTestError(`login with ${secret} failed`, {
              header: `Bearer ${secret}`,
              encoded: encodeURIComponent(secret),
            });
          },
        },
        {
          id: 't.circular',
          title: 'odd evidence',
          run: async () => circular(),
        },
        {
          id: 't.scalar',
          title: 'scalar evidence',
          run: async () => 42 as any,
        },
      ],
    });
    const report = await runContractSuite({ connector, secrets: [secret] });
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(result(report, 't.leaky')).toMatchObject({
      error: 'login with [REDACTED] failed',
      evidence: { header: 'Bearer [REDACTED]', encoded: '[REDACTED]' },
    });
    expect(result(report, 'sdk.health').evidence).toMatchObject({
      status: 'degraded',
    });
    expect(result(report, 't.circular').evidence).toEqual({
      unserializable: true,
    });
    expect(result(report, 't.scalar').evidence).toEqual({ value: 42 });
    expect(reportToFacts(report).facts['connector.healthy']).toBe(false);
  });

  it('rejects invalid options', async () => {
    await expect(runContractSuite({ connector: {} as any })).rejects.toThrow(
      /^Invalid contract suite options: connector: a connector/,
    );
    await expect(
      runContractSuite({
        connector: new InlineConnector('demo', {}),
        timeBudgetMs: 0,
      }),
    ).rejects.toThrow('timeBudgetMs');
  });
});

function circular() {
  const value: Record<string, unknown> = {};
  value.self = value;
  return value;
}
