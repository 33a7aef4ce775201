import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../testing/testDatabase';
import {
  appliedMigrations,
  compareMigrations,
  findLogProblems,
  getAnswer,
  migrationVersions,
  waitUntilOk,
} from './checks';
import { Exit } from './container';

jest.setTimeout(60_000);

describe('findLogProblems', () => {
  it('sorts JSON records by level and counts unknown plain lines as errors', () => {
    const line = (record: object) => ({
      stream: 'stdout' as const,
      text: JSON.stringify(record),
    });
    expect(
      findLogProblems([
        {
          stream: 'stderr',
          text: 'Loading config from MergedConfigSource{...}',
        },
        line({ level: 'info', message: 'Listening on :7007' }),
        line({
          level: 'warn',
          message: 'events backend not found',
          plugin: 'catalog',
        }),
        line({
          level: 'error',
          message: 'startup failed',
          plugin: 'platform-kit',
        }),
        line({ level: 'fatal' }),
        { stream: 'stderr', text: 'TypeError: x is not a function' },
        { stream: 'stdout', text: '42' },
      ]),
    ).toEqual({
      errors: [
        '[platform-kit] startup failed',
        '{"level":"fatal"}',
        'TypeError: x is not a function',
        '42',
      ],
      warnings: ['[catalog] events backend not found'],
    });
  });
});

describe('migrations', () => {
  it('lists the SQL files of a folder as versions, in name order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-migrations-'));
    try {
      for (const name of ['0002_b.sql', '0001_a.sql', 'README.md']) {
        fs.writeFileSync(path.join(dir, name), '');
      }
      expect(migrationVersions(dir)).toEqual(['0001_a', '0002_b']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares shipped and applied versions', () => {
    expect(compareMigrations(['1', '2', '3'], ['1', '3', '9'])).toEqual({
      missing: ['2'],
      unexpected: ['9'],
    });
  });

  it('reads the versions recorded in ops.schema_migrations', async () => {
    const db = await createTestDatabase({ supabase: false });
    try {
      const client = await db.connect();
      await client.query(
        `CREATE SCHEMA ops; CREATE TABLE ops.schema_migrations (version text PRIMARY KEY);
         INSERT INTO ops.schema_migrations VALUES ('0002_b'), ('0001_a');`,
      );
      await expect(appliedMigrations(db.url)).resolves.toEqual([
        '0001_a',
        '0002_b',
      ]);
    } finally {
      await db.drop();
    }
  });
});

describe('HTTP checks', () => {
  let server: http.Server;
  let base: string;
  let readyAfter: number;
  const never = new Promise<Exit>(() => {});

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/json') {
        res.setHeader('content-type', 'application/json');
        res.end('{"status":"ok"}');
      } else if (req.url === '/text') {
        res.end('plain');
      } else if (req.url === '/ready' && Date.now() >= readyAfter) {
        res.end('{"status":"ok"}');
      } else {
        res.statusCode = 503;
        res.end('{"status":"error"}');
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('reads JSON and text answers', async () => {
    await expect(getAnswer(`${base}/json`)).resolves.toEqual({
      status: 200,
      body: { status: 'ok' },
    });
    await expect(getAnswer(`${base}/text`)).resolves.toEqual({
      status: 200,
      body: 'plain',
    });
  });

  it('waits until a URL answers 200', async () => {
    readyAfter = Date.now() + 300;
    const answer = await waitUntilOk(`${base}/ready`, {
      timeoutMs: 5000,
      exited: never,
      intervalMs: 50,
    });
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('gives up after the timeout, with the last answer', async () => {
    await expect(
      waitUntilOk(`${base}/other`, {
        timeoutMs: 200,
        exited: never,
        intervalMs: 50,
      }),
    ).rejects.toThrow(
      `${base}/other did not answer 200 within 0.2 s (last: 503 {"status":"error"}).`,
    );
  });

  it('stops waiting when the process exits', async () => {
    await expect(
      waitUntilOk(`${base}/other`, {
        timeoutMs: 5000,
        exited: Promise.resolve({ code: 1, signal: null }),
        intervalMs: 50,
      }),
    ).rejects.toThrow(
      `The backend exited (code 1, signal null) before ${base}/other answered.`,
    );
  });
});
