import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embeddedPostgres';
import { withClient } from './connection';

jest.setTimeout(60_000);

async function serverVersion(url: string) {
  return withClient(
    url,
    async c =>
      (
        await c.query<{ v: string }>(
          `select current_setting('server_version') as v`,
        )
      ).rows[0].v,
  );
}

describe('startEmbeddedPostgres', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-embedded-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts the major version it is asked for (15, for the compatibility pass)', async () => {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data15'),
      major: 15,
    });
    try {
      expect(await serverVersion(pg.adminUrl)).toMatch(/^15\./);
    } finally {
      await pg.stop();
    }
  });

  it('starts a PostgreSQL 17 server on a free loopback port and removes a throwaway cluster on stop', async () => {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data') });
    try {
      expect(pg.adminUrl).toMatch(
        /^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/,
      );
      expect(await serverVersion(pg.adminUrl)).toMatch(/^17\./);
      expect(pg.version).toMatch(/^17\./);
    } finally {
      await pg.stop();
    }
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
    const client = new Client({
      connectionString: pg.adminUrl,
      connectionTimeoutMillis: 2000,
    });
    await expect(client.connect()).rejects.toThrow();
  });

  it('keeps a persistent cluster, its data and its password across restarts', async () => {
    const dataDir = path.join(dir, 'persistent');
    const first = await startEmbeddedPostgres({ dataDir, persistent: true });
    await withClient(first.adminUrl, c =>
      c.query('create table kept (v int); insert into kept values (42)'),
    );
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, persistent: true });
    try {
      const rows = await withClient(
        second.adminUrl,
        async c => (await c.query('select v from kept')).rows,
      );
      expect(rows).toEqual([{ v: 42 }]);
      expect(new URL(second.adminUrl).password).toBe(
        new URL(first.adminUrl).password,
      );
    } finally {
      await second.stop();
    }
  });

  it('requires the password: other credentials are rejected', async () => {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'auth') });
    try {
      const wrong = new URL(pg.adminUrl);
      wrong.password = 'not-the-password';
      await expect(
        withClient(wrong.toString(), c => c.query('select 1')),
      ).rejects.toThrow(/password authentication failed/);
    } finally {
      await pg.stop();
    }
  });
});
