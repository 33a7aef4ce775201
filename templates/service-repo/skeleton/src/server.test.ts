import { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from './server.js';

describe('the HTTP server', () => {
  const server = createServer();
  let baseUrl = '';

  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  it('answers GET /healthz with 200 and status ok', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses other methods on /healthz', async () => {
    const response = await fetch(`${baseUrl}/healthz`, { method: 'POST' });
    expect(response.status).toBe(405);
  });

  it('answers unknown paths with 404', async () => {
    const response = await fetch(`${baseUrl}/nothing-here`);
    expect(response.status).toBe(404);
  });
});
