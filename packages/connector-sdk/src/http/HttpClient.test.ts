import {
  ScriptedServer,
  deadPort,
  recordingSleep,
  startScriptedServer,
} from '../__testUtils__/scriptedServer';
import { ConnectorHttpError } from './ConnectorHttpError';
import { HttpClient } from './HttpClient';
import { secretForms } from './redact';

const API_KEY = 'n8n_api_0123456789abcdef';
const PASSWORD = 'p@ss w0rd/+=';

async function failure(promise: Promise<unknown>): Promise<ConnectorHttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorHttpError);
    return error as ConnectorHttpError;
  }
  throw new Error('expected the request to fail');
}

function expectNoSecret(text: string | undefined, secrets: string[]) {
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      expect(text ?? '').not.toContain(form);
    }
  }
}

describe('HttpClient', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await server.close();
  });

  function client(
    extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {},
  ) {
    const recorder = recordingSleep();
    const http = new HttpClient({
      baseUrl: server.baseUrl,
      sleep: recorder.sleep,
      random: () => 1,
      ...extra,
    });
    return { http, delays: recorder.delays };
  }

  it('sends headers and query parameters and parses JSON', async () => {
    server.script({ status: 200, body: { data: [1, 2], nextCursor: null } });
    const { http } = client({ headers: { 'X-N8N-API-KEY': API_KEY } });
    const body = await http.get('/api/v1/workflows', {
      query: { limit: 250, active: true, cursor: undefined, name: 'a b&c' },
    });
    expect(body).toEqual({ data: [1, 2], nextCursor: null });
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(
      '/api/v1/workflows?limit=250&active=true&name=a+b%26c',
    );
    expect(req.headers['x-n8n-api-key']).toBe(API_KEY);
    expect(req.headers.accept).toBe('application/json');
  });

  it('joins a base URL that has a path with the request path', async () => {
    const http = new HttpClient({ baseUrl: `${server.baseUrl}/api/` });
    await http.get('v1/x');
    await http.get(`${server.baseUrl}/absolute?x=1`);
    expect(server.requests.map(r => r.url)).toEqual([
      '/api/v1/x',
      '/absolute?x=1',
    ]);
  });

  it('refuses an absolute URL on another origin (it would carry the credentials)', async () => {
    const http = new HttpClient({
      baseUrl: server.baseUrl,
      headers: { authorization: 'Bearer tok-12345' },
    });
    await expect(
      http.get('http://example.invalid/x?token=tok-12345'),
    ).rejects.toThrow(
      'Refusing to send a request to http://example.invalid/x?token=[REDACTED]: not on',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('posts objects as JSON and strings as they are', async () => {
    server.script({ status: 201, body: { id: 7 } });
    const { http } = client();
    await expect(http.post('/things', { name: 'x' })).resolves.toEqual({
      id: 7,
    });
    await http.post('/raw', '<xml/>', {
      headers: { 'content-type': 'text/xml' },
    });
    expect(server.requests[0].headers['content-type']).toBe('application/json');
    expect(server.requests[0].body).toBe('{"name":"x"}');
    expect(server.requests[1].headers['content-type']).toBe('text/xml');
    expect(server.requests[1].body).toBe('<xml/>');
  });

  it('returns status and headers from request(), undefined for an empty body and text on demand', async () => {
    server.script(
      { status: 204 },
      {
        status: 200,
        headers: { 'content-type': 'text/plain', 'x-version': '4.1' },
        body: 'OK',
      },
    );
    const { http } = client();
    const empty = await http.request('DELETE', '/thing/1');
    expect(empty.status).toBe(204);
    expect(empty.body).toBeUndefined();
    const health = await http.request<string>('GET', '/health', {
      responseType: 'text',
    });
    expect(health.body).toBe('OK');
    expect(health.headers.get('x-version')).toBe('4.1');
    expect(server.requests[1].headers.accept).toBe('*/*');
  });

  it('retries 5xx with full-jitter exponential backoff, then succeeds', async () => {
    server.script(
      { status: 503, body: 'busy' },
      { status: 502, body: { message: 'bad gateway' } },
      { status: 500 },
      { status: 200, body: { ok: true } },
    );
    const { http, delays } = client({ backoff: { baseMs: 100, maxMs: 250 } });
    await expect(http.get('/flaky')).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(4);
    // random() = 1 gives the ceiling: min(maxMs, baseMs * 2^retry)
    expect(delays).toEqual([100, 200, 250]);
  });

  it('draws each delay between 0 and the backoff ceiling', async () => {
    server.script({ status: 503 }, { status: 503 }, { status: 200, body: {} });
    const { http, delays } = client({
      random: () => 0.5,
      backoff: { baseMs: 1000 },
    });
    await http.get('/flaky');
    expect(delays).toEqual([500, 1000]);
  });

  it('waits as long as Retry-After says in seconds, instead of the backoff', async () => {
    server.script(
      {
        status: 429,
        headers: { 'retry-after': '7' },
        body: { message: 'slow down' },
      },
      { status: 200, body: [] },
    );
    const { http, delays } = client();
    await expect(http.get('/limited')).resolves.toEqual([]);
    expect(delays).toEqual([7000]);
  });

  it('waits until the HTTP date of Retry-After', async () => {
    const at = new Date(Date.now() + 12_000).toUTCString();
    server.script(
      { status: 503, headers: { 'retry-after': at } },
      { status: 200, body: 1 },
    );
    const { http, delays } = client();
    await expect(http.get('/maintenance')).resolves.toBe(1);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(9_000);
    expect(delays[0]).toBeLessThanOrEqual(12_000);
  });

  it('falls back to X-RateLimit-Reset on a 429 without Retry-After', async () => {
    server.script(
      {
        status: 429,
        headers: { 'x-ratelimit-reset': '3', 'x-ratelimit-remaining': '0' },
      },
      { status: 200, body: {} },
    );
    const { http, delays } = client();
    await http.get('/v1/projects');
    expect(delays).toEqual([3000]);
  });

  it('stops when Retry-After asks for longer than backoff.maxMs, saying how long', async () => {
    server.script({ status: 429, headers: { 'retry-after': '120' } });
    const { http, delays } = client();
    const error = await failure(http.get('/limited'));
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toContain(
      'the server asked to wait 120 s, longer than backoff.maxMs (30000 ms)',
    );
  });

  it('gives up after the configured retries with a clear error', async () => {
    server.script({ status: 503, body: { message: 'database is starting' } });
    const { http, delays } = client({ retries: 2 });
    const error = await failure(
      http.get('/api/v1/workflows', { query: { limit: 5 } }),
    );
    expect(server.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(error.status).toBe(503);
    expect(error.method).toBe('GET');
    expect(error.retryable).toBe(true);
    expect(error.attempts).toBe(3);
    expect(error.reason).toBe('status');
    expect(error.message).toBe(
      `GET ${server.baseUrl}/api/v1/workflows?limit=5 failed with 503 Service Unavailable after 3 attempts; body: {"message":"database is starting"}`,
    );
  });

  it('does not retry 4xx and keeps a short snippet of a non-JSON body', async () => {
    const page = `<html><body><h1>404 Not Found</h1>${'x'.repeat(
      1000,
    )}</body></html>`;
    server.script({
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: page,
    });
    const { http, delays } = client();
    const error = await failure(http.get('/missing'));
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.bodySnippet?.startsWith('404 Not Found x')).toBe(true);
    expect(error.bodySnippet!.length).toBeLessThanOrEqual(301);
    expect(error.message).toContain(
      'failed with 404 Not Found after 1 attempt;',
    );
  });

  it('does not retry when retry is false (non-idempotent calls)', async () => {
    server.script({ status: 503 });
    const { http } = client();
    const error = await failure(http.post('/run', { x: 1 }, { retry: false }));
    expect(server.requests).toHaveLength(1);
    expect(error.attempts).toBe(1);
    expect(error.retryable).toBe(true);
  });

  it('times out each attempt and retries, then reports the timeout', async () => {
    server.script('hang');
    const { http } = client({ timeoutMs: 100, retries: 1 });
    const started = Date.now();
    const error = await failure(http.get('/slow'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(2);
    expect(error.reason).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(
      `GET ${server.baseUrl}/slow timed out after 2 attempts; no complete answer within 100 ms`,
    );
  });

  it('takes a per-request timeout over the client default', async () => {
    server.script('hang');
    const { http } = client({ timeoutMs: 60_000 });
    const error = await failure(
      http.get('/slow', { timeoutMs: 50, retry: false }),
    );
    expect(error.reason).toBe('timeout');
  });

  it('retries network errors and names the cause', async () => {
    const port = await deadPort();
    const recorder = recordingSleep();
    const http = new HttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 2,
      sleep: recorder.sleep,
    });
    const error = await failure(http.get('/healthz'));
    expect(recorder.delays).toHaveLength(2);
    expect(error.reason).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(
      `GET http://127.0.0.1:${port}/healthz could not reach the server (connect ECONNREFUSED`,
    );
  });

  it('treats a connection dropped mid-request as a network error', async () => {
    server.script('destroy', { status: 200, body: { ok: 1 } });
    const { http } = client();
    await expect(http.get('/x')).resolves.toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it('rejects a 2xx body that is not JSON without retrying', async () => {
    server.script({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<p>login</p>',
    });
    const { http } = client();
    const error = await failure(http.get('/api'));
    expect(server.requests).toHaveLength(1);
    expect(error.reason).toBe('invalid-response');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(
      'answered 200 with a body that is not valid JSON',
    );
    expect(error.bodySnippet).toBe('login');
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    // The caller gives up once the server has the request and is slow to answer.
    server.script(() => {
      controller.abort();
      return 'hang';
    });
    const { http } = client();
    const error = await failure(
      http.get('/slow', { signal: controller.signal }),
    );
    expect(error.reason).toBe('aborted');
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('does not start another attempt after the caller aborted during the wait', async () => {
    server.script({ status: 503 });
    const controller = new AbortController();
    const http = new HttpClient({
      baseUrl: server.baseUrl,
      sleep: async () => controller.abort(),
    });
    const error = await failure(http.get('/x', { signal: controller.signal }));
    expect(error.reason).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });

  it('never puts a secret in the error message, URL, snippet or stack', async () => {
    // The server echoes everything it got, as some APIs do in their errors.
    server.script(req => ({
      status: 401,
      body: {
        message: 'unauthorized',
        echo: { url: req.url, headers: req.headers, body: req.body },
        b64: Buffer.from(PASSWORD).toString('base64'),
      },
    }));
    const { http } = client({
      headers: { 'X-N8N-API-KEY': API_KEY },
      secrets: [PASSWORD],
    });
    const error = await failure(
      http.post(
        '/login',
        { password: PASSWORD },
        {
          query: { api_key: 'query-secret-value', page: 1 },
        },
      ),
    );
    const everything = [
      error.message,
      error.stack,
      error.url,
      error.bodySnippet,
      JSON.stringify(error),
      String(error),
    ].join('\n');
    expectNoSecret(everything, [API_KEY, PASSWORD, 'query-secret-value']);
    expect(error.url).toBe(`${server.baseUrl}/login?api_key=[REDACTED]&page=1`);
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).toContain('unauthorized');
  });

  it('redacts the credentials of a client made by withHeaders, and sends them', async () => {
    server.script(req => ({
      status: 403,
      body: { got: req.headers.authorization },
    }));
    const { http } = client({ headers: { 'X-Base': 'base-secret-1' } });
    const authed = http.withHeaders({ Authorization: 'Bearer eyJ.token.sig' }, [
      'refresh-secret',
    ]);
    const error = await failure(authed.get('/me'));
    expect(server.requests[0].headers.authorization).toBe(
      'Bearer eyJ.token.sig',
    );
    expect(server.requests[0].headers['x-base']).toBe('base-secret-1');
    expectNoSecret(error.message, ['eyJ.token.sig']);
    expect(authed.redact('refresh-secret and base-secret-1')).toBe(
      '[REDACTED] and [REDACTED]',
    );
    expect(http.redact('refresh-secret')).toBe('refresh-secret');
  });

  it('redacts credentials in the base URL', async () => {
    const port = await deadPort();
    const http = new HttpClient({
      baseUrl: `http://admin:hunter22@127.0.0.1:${port}`,
      retries: 0,
    });
    const error = await failure(http.get('/x'));
    expect(error.message).not.toContain('hunter22');
    expect(error.url).toBe(`http://[REDACTED]@127.0.0.1:${port}/x`);
  });

  it('rejects invalid options by name, without echoing values', async () => {
    expect(
      () =>
        new HttpClient({
          baseUrl: 'not a url',
          timeoutMs: -1,
          headers: { a: 1 as any },
        }),
    ).toThrow(
      /^Invalid HttpClient options: baseUrl: an absolute http\(s\) URL.*; headers\.a: .*; timeoutMs: /,
    );
    const http = new HttpClient({ baseUrl: server.baseUrl });
    await expect(
      http.get('/x', { responseType: 'xml' as any }),
    ).rejects.toThrow('Invalid request options: responseType');
  });
});
