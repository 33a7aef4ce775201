import { deadBaseUrl } from '../__testUtils__/deadEndpoint';
import { N8nServer, startN8nServer } from '../testing/n8nServer';
import { N8nConnector } from './N8nConnector';

// Loading and compiling the n8n OpenAPI document takes a few seconds on a busy machine.
jest.setTimeout(30_000);

describe('N8nConnector health', () => {
  let server: N8nServer | undefined;
  afterEach(async () => {
    const violations = server?.violations ?? [];
    await server?.close();
    server = undefined;
    if (violations.length > 0) {
      throw new Error(`n8n contract violations: ${violations.join('\n')}`);
    }
  });

  const connectorFor = (baseUrl: string, apiKey = 'n8n_api_health_key_1') =>
    new N8nConnector({ id: 'n8n-health', baseUrl, apiKey });

  it('is up when n8n is alive and its database ready', async () => {
    server = await startN8nServer();
    const health = await connectorFor(server.baseUrl).health();
    expect(health.status).toBe('up');
    expect(health.checks).toEqual([
      expect.objectContaining({
        name: 'liveness',
        status: 'up',
        detail: 'GET /healthz: ok',
      }),
      expect.objectContaining({
        name: 'readiness',
        status: 'up',
        detail: 'GET /healthz/readiness: ok',
      }),
    ]);
    expect(server.requests.map(r => r.path)).toEqual([
      '/healthz',
      '/healthz/readiness',
    ]);
  });

  it('is degraded, with the reason, when readiness answers 503', async () => {
    server = await startN8nServer();
    server.setReady(false);
    const health = await connectorFor(server.baseUrl).health();
    expect(health.status).toBe('degraded');
    expect(health.checks[0].status).toBe('up');
    expect(health.checks[1]).toMatchObject({
      name: 'readiness',
      status: 'degraded',
      detail: expect.stringContaining(
        'n8n is not ready (its database is not reachable or migrating)',
      ),
    });
    expect(health.checks[1].detail).toContain('503');
    // A health check is a snapshot: no retries.
    expect(
      server.requests.filter(r => r.path === '/healthz/readiness'),
    ).toHaveLength(1);
  });

  it('is down, without throwing, when nothing listens', async () => {
    const baseUrl = await deadBaseUrl();
    const health = await connectorFor(baseUrl).health();
    expect(health.status).toBe('down');
    expect(health.checks.map(c => c.status)).toEqual(['down', 'degraded']);
    expect(health.checks[0].detail).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/healthz could not reach the server/,
    );
  });

  it('is down when /healthz fails with 5xx, and keeps the key out of details', async () => {
    server = await startN8nServer();
    const apiKey = 'n8n_api_health_secret_key';
    server.failNext(2, { kind: 'error', status: 500, message: apiKey }, '/');
    const health = await connectorFor(server.baseUrl, apiKey).health();
    expect(health.status).toBe('down');
    expect(JSON.stringify(health)).not.toContain(apiKey);
    expect(JSON.stringify(health)).toContain('[REDACTED]');
  });

  it('is down when the answer is not n8n health JSON', async () => {
    const fakeFetch: typeof fetch = async () =>
      new Response('<html>proxy error</html>', { status: 200 });
    const connector = new N8nConnector(
      { id: 'x', baseUrl: 'http://127.0.0.1:9', apiKey: 'n8n_api_k_1234' },
      { fetch: fakeFetch },
    );
    const health = await connector.health();
    expect(health.status).toBe('down');
    expect(health.checks[0].detail).toContain('not valid JSON');
  });
});
