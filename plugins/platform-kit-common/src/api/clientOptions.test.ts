import http from 'node:http';
import { AddressInfo } from 'node:net';
import { backendPluginAccess } from './backendPluginAccess';
import { createPlatformKitClient } from './createPlatformKitClient';
import { PlatformKitApiError } from './PlatformKitApiError';

/**
 * A local control plane: `/targets` answers at once, `/connectors` never
 * answers, `/jobs` answers 200 with a body that is not JSON, `/scans/{id}`
 * answers a body its document does not allow.
 */
async function startServer() {
  const seen: { url: string; authorization?: string }[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url!, authorization: req.headers.authorization });
    if (req.url!.endsWith('/targets')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [] }));
    } else if (req.url!.includes('/scans/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 's1', status: 'sleeping', logs: [] }));
    } else if (req.url!.endsWith('/jobs')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items": [');
    } else hanging.push(res);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    seen,
    baseUrl: `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/platform-kit`,
    close: () =>
      new Promise<void>(resolve => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('createPlatformKitClient options', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('gives up a call after timeoutMs with status 0', async () => {
    const started = Date.now();
    const api = createPlatformKitClient({
      baseUrl: async () => server.baseUrl,
      timeoutMs: 150,
    });
    const error = await api.listConnectors().catch(e => e);
    expect(error).toBeInstanceOf(PlatformKitApiError);
    expect(error).toMatchObject({
      status: 0,
      message: 'The Platform Kit backend did not answer within 150 ms',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    // A call that answers in time is not affected.
    await expect(api.listTargets()).resolves.toEqual({ items: [] });
  });

  it('aborts every call when its signal fires', async () => {
    const controller = new AbortController();
    const api = createPlatformKitClient({
      baseUrl: async () => server.baseUrl,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('task cancelled')), 100);
    await expect(api.listConnectors()).rejects.toMatchObject({
      status: 0,
      message: 'Could not reach the Platform Kit backend: task cancelled',
    });
    await expect(api.listTargets()).rejects.toMatchObject({ status: 0 });
  });

  it('reports an answer it cannot read as a PlatformKitApiError', async () => {
    const api = createPlatformKitClient({
      baseUrl: async () => server.baseUrl,
      token: async () => 'tok-123456',
    });
    const error = await api.listJobs().catch(e => e);
    expect(PlatformKitApiError.is(error)).toBe(true);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(
      /^The Platform Kit backend's answer could not be read: /,
    );
  });

  it('checks answers against the generated schemas when asked to', async () => {
    const options = { baseUrl: async () => server.baseUrl };
    // Without validate the answer is returned as it came.
    await expect(
      createPlatformKitClient(options).getScan('s1'),
    ).resolves.toMatchObject({ status: 'sleeping' });
    const api = createPlatformKitClient({ ...options, validate: true });
    const error = await api.getScan('s1').catch(e => e);
    expect(error).toBeInstanceOf(PlatformKitApiError);
    expect(error.status).toBe(200);
    expect(error.errorName).toBe('ResponseValidationError');
    expect(error.message).toMatch(
      /^The Platform Kit backend's answer to \/api\/platform-kit\/scans\/s1 does not match its API: targetId: /,
    );
    await expect(api.listTargets()).resolves.toEqual({ items: [] });
  });
});

describe('backendPluginAccess', () => {
  it("calls discovery's platform-kit URL with a plugin-to-plugin token on behalf of the credentials, fresh for every call", async () => {
    const server = await startServer();
    const asked: unknown[] = [];
    let minted = 0;
    try {
      const api = createPlatformKitClient(
        backendPluginAccess({
          discovery: {
            getBaseUrl: async pluginId =>
              pluginId === 'platform-kit' ? server.baseUrl : 'http://nowhere',
          },
          auth: {
            getPluginRequestToken: async options => {
              asked.push(options);
              minted += 1;
              return { token: `token-${minted}` };
            },
          },
          onBehalfOf: async () => ({ principal: 'user:default/ann' }),
        }),
      );
      await api.listTargets();
      await api.listTargets();
      expect(server.seen.map(s => s.authorization)).toEqual([
        'Bearer token-1',
        'Bearer token-2',
      ]);
      expect(asked).toEqual([
        {
          onBehalfOf: { principal: 'user:default/ann' },
          targetPluginId: 'platform-kit',
        },
        {
          onBehalfOf: { principal: 'user:default/ann' },
          targetPluginId: 'platform-kit',
        },
      ]);
    } finally {
      await server.close();
    }
  });
});
