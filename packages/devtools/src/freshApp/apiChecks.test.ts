import http from 'node:http';
import { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  guestToken,
  scanAndReadParity,
  waitForCatalogEntity,
} from './apiChecks';
import { PhaseLog } from './phases';
import { checkScan } from './scanPhase';

/** A local backend answering the endpoints the check calls, as Backstage and Platform Kit do. */
function fakeBackend(options: {
  findings?: object[];
  catalogAfter?: number;
  scanStatus?: number;
}) {
  let catalogCalls = 0;
  let parityCalls = 0;
  const server = http.createServer((req, res) => {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const authed = req.headers.authorization === 'Bearer guest-token';
    if (req.url === '/api/auth/guest/refresh')
      return send(200, { backstageIdentity: { token: 'guest-token' } });
    if (!authed) return send(401, { error: { message: 'no token' } });
    if (req.url === '/api/catalog/entities/by-name/resource/default/shop-db') {
      catalogCalls++;
      return catalogCalls > (options.catalogAfter ?? 0)
        ? send(200, {})
        : send(404, {});
    }
    if (req.url === '/api/platform-kit/scans' && req.method === 'POST') {
      return options.scanStatus
        ? send(options.scanStatus, { error: { message: 'denied' } })
        : send(202, { scanId: 'scan-1' });
    }
    if (
      req.url === '/api/platform-kit/entities/resource/default/shop-db/parity'
    ) {
      parityCalls++;
      return parityCalls < 2
        ? send(200, { scan: { id: 'older' }, score: 10 })
        : send(200, {
            scan: { id: 'scan-1' },
            score: 85.3,
            results: [
              { title: 'Row level security', status: 'partial' },
              { title: 'API exposure', status: 'pass' },
            ],
          });
    }
    if (
      req.url === '/api/platform-kit/entities/resource/default/shop-db/findings'
    )
      return send(200, { items: options.findings ?? [] });
    return send(404, {});
  });
  return new Promise<{ url: string; close: () => Promise<void> }>(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise(r => server.close(() => r())),
      }),
    ),
  );
}

const RLS = {
  name: 'rls_disabled_in_public',
  detail: 'Table `public.orders` is public, but RLS has not been enabled.',
};

jest.setTimeout(30_000);

describe('the scan check against a backend', () => {
  it('signs in as guest, waits for the entity, scans and reads the known defect', async () => {
    const backend = await fakeBackend({ findings: [RLS], catalogAfter: 1 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-app-scan-'));
    try {
      const log = new PhaseLog(path.join(dir, 'scan.log'));
      await expect(
        checkScan(log, backend.url, 'resource:default/shop-db'),
      ).resolves.toBe(
        'resource:default/shop-db: parity 85.3, not passing: Row level security; rls_disabled_in_public on public.orders found',
      );
      expect(fs.readFileSync(log.file, 'utf8')).toContain(
        'the catalog listed resource:default/shop-db',
      );
    } finally {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails when the defect is not found, the scan is refused or the entity never appears', async () => {
    const backend = await fakeBackend({
      findings: [{ name: 'other', detail: 'x' }],
    });
    const refusing = await fakeBackend({ scanStatus: 403 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-app-scan-'));
    try {
      const log = new PhaseLog(path.join(dir, 'scan.log'));
      await expect(
        checkScan(log, backend.url, 'resource:default/shop-db'),
      ).rejects.toThrow(
        'the scan did not report rls_disabled_in_public on public.orders (findings: other)',
      );
      const token = await guestToken(refusing.url);
      await expect(
        scanAndReadParity(refusing.url, token, 'resource:shop-db'),
      ).rejects.toThrow(/scans answered 403/);
      await expect(
        waitForCatalogEntity(
          backend.url,
          token,
          'resource:default/elsewhere',
          2500,
        ),
      ).rejects.toThrow(
        /the catalog did not list resource:default\/elsewhere within 2.5 s/,
      );
      await expect(guestToken(`${backend.url}/nothing`)).rejects.toThrow(
        /guest sign-in answered 401/,
      );
    } finally {
      await backend.close();
      await refusing.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
