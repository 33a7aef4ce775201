import { runContractSuite } from '@platform-kit/connector-sdk';
import { deadBaseUrl } from '../__testUtils__/deadEndpoint';
import { manyWorkflows } from '../testing/n8nFixtures';
import {
  N8nServer,
  N8nServerOptions,
  startN8nServer,
} from '../testing/n8nServer';
import { CLEARLY_WRONG_API_KEY } from './contractTests';
import { N8nConnector } from './N8nConnector';

// Loading and compiling the n8n OpenAPI document takes a few seconds on a busy machine.
jest.setTimeout(30_000);

/** The harness must fail against an n8n that breaks the contract. */
describe('the n8n contract tests against a broken n8n', () => {
  let server: N8nServer;
  afterEach(async () => {
    await server.close();
  });

  async function run(options: N8nServerOptions, prepare?: () => void) {
    server = await startN8nServer({ workflows: manyWorkflows(4), ...options });
    prepare?.();
    const connector = new N8nConnector({
      id: 'n8n-broken',
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      pageSize: 2,
    });
    const report = await runContractSuite({
      connector,
      deadConnector: new N8nConnector({
        id: 'n8n-broken',
        baseUrl: await deadBaseUrl(),
        apiKey: 'dummy-key-for-the-dead-endpoint',
      }),
      secrets: [server.apiKey],
      stableSource: true,
    });
    expect(JSON.stringify(report)).not.toContain(server.apiKey);
    return {
      passed: report.passed,
      failed: Object.fromEntries(
        report.results
          .filter(r => r.status === 'fail')
          .map(r => [r.id, r.error]),
      ),
      skipped: report.results.filter(r => r.status === 'skip').map(r => r.id),
    };
  }

  it('fails n8n.auth.wrong-key-refused when any key is accepted', async () => {
    const result = await run({ quirks: { acceptAnyKey: true } });
    expect(result.passed).toBe(false);
    expect(result.failed).toEqual({
      'n8n.auth.wrong-key-refused': expect.stringContaining(
        'n8n answered a clearly wrong API key with 200',
      ),
    });
    const wrongKeyRequest = server
      .apiRequests()
      .find(r => r.headers['x-n8n-api-key'] === CLEARLY_WRONG_API_KEY);
    expect(wrongKeyRequest?.query).toMatchObject({ limit: '1' });
    expect(server.violations).toEqual([]);
  });

  it('fails paging, inventory and tag checks when the cursor never moves on', async () => {
    const result = await run({ quirks: { repeatCursor: true } });
    expect(result.passed).toBe(false);
    expect(Object.keys(result.failed)).toEqual(
      expect.arrayContaining(['sdk.inventory.shape', 'n8n.workflows.paging']),
    );
    expect(result.failed['n8n.workflows.paging']).toContain(
      "n8n's paging is broken",
    );
  });

  it('fails n8n.health.readiness while the database is not ready', async () => {
    const result = await run({}, () => server.setReady(false));
    expect(result.failed).toEqual({
      'n8n.health.readiness': expect.stringContaining('503'),
    });
  });

  it('skips the read-back on an instance without workflows', async () => {
    const result = await run({ workflows: [] });
    expect(result.passed).toBe(true);
    expect(result.skipped).toEqual(['n8n.workflows.read']);
  });
});
