import { startEmbeddedPostgres, TestDatabase } from '@platform-kit/devtools';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { startTcpProxy } from './__testUtils__/tcpProxy';
import {
  projectTarget,
  startControlPlane,
  targetDatabase,
} from './__testUtils__/controlPlane';
import { scanAndWait, user, waitForScan } from './__testUtils__/testBackend';

jest.setTimeout(180_000);

const DB = 'resource:default/orders-db';
const OTHER = 'resource:default/other-db';

async function until<T>(what: string, probe: () => Promise<T | undefined>) {
  for (let i = 0; i < 300; i++) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('faults: the ops store restarts in the middle of a scan', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-store-'));
  let store: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  let knex: Knex;
  let target: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let server: any;

  beforeAll(async () => {
    store = await startEmbeddedPostgres({ dataDir, persistent: true });
    knex = knexFactory({
      client: 'pg',
      connection: store.adminUrl,
      pool: { min: 0, max: 5 },
    });
    target = await targetDatabase(
      'create table public.orders (id int primary key)',
    );
    const url = new URL(target.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    url.port = String(proxy.port);
    ({ server } = await startControlPlane({
      knex,
      targets: [
        projectTarget(DB, url.toString()),
        projectTarget(OTHER, target.url),
      ],
      config: { scanAttempts: 1 },
    }));
  });
  afterAll(async () => {
    await proxy.close();
    await knex.destroy();
    await store.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await target.drop();
  });

  const parity = () =>
    request(server)
      .get('/api/platform-kit/entities/resource/default/orders-db/parity')
      .set('Authorization', user());

  it('fails the interrupted scan, keeps the last good snapshot and score, and the next scan succeeds', async () => {
    const good = await scanAndWait(server, DB);
    expect(good.status).toBe('succeeded');
    const before = (await parity()).body;

    proxy.hold();
    // The request returns once the scan has run (the test scheduler runs it inline).
    const posted = request(server)
      .post('/api/platform-kit/scans')
      .set('Authorization', user())
      .send({ entityRef: DB })
      .then(res => res);
    await until(
      'the scan to wait on its target',
      async () => proxy.waiting > 0,
    );
    const { rows } = await knex.raw(
      `SELECT id FROM ops.scans WHERE status = 'running' ORDER BY queued_at DESC LIMIT 1`,
    );
    const interrupted = rows[0].id;
    await store.stop();
    proxy.release();
    // The scan finishes its introspection while the store is down, then cannot record it.
    await new Promise(r => setTimeout(r, 1500));
    store = await startEmbeddedPostgres({
      dataDir,
      port: store.port,
      persistent: true,
    });
    expect((await posted).status).toBe(202);

    const failed = await waitForScan(server, interrupted);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/connect|terminat|ECONNREFUSED|closed/i);
    const after = (await parity()).body;
    expect(after.scan.id).toBe(good.id);
    expect(after.score).toBe(before.score);
    expect(after.results).toEqual(before.results);

    const next = await scanAndWait(server, DB);
    expect(next.status).toBe('succeeded');
    expect((await parity()).body.scan.id).toBe(next.id);
  });

  it('marks a scan abandoned by a stopped backend as failed when its target runs next', async () => {
    const { rows } = await knex.raw(
      `INSERT INTO ops.scans (project_id, target_id, status, attempts, started_at)
       SELECT project_id, id, 'running', 1, now() - interval '1 hour' FROM ops.targets WHERE entity_ref = ?
       RETURNING id`,
      [OTHER],
    );
    expect((await scanAndWait(server, OTHER)).status).toBe('succeeded');
    const abandoned = await request(server)
      .get(`/api/platform-kit/scans/${rows[0].id}`)
      .set('Authorization', user());
    expect(abandoned.body).toMatchObject({
      status: 'failed',
      error: 'abandoned: the backend running it stopped before it finished',
    });
  });
});
