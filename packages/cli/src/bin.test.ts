import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';

jest.setTimeout(90_000);

describe('platform-kit as a process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const c = await db.connect();
    // Enough findings for an output far larger than a pipe buffer (64 KiB).
    await c.query(`
      DO $$ BEGIN
        FOR i IN 1..400 LOOP
          EXECUTE format('CREATE TABLE public.t_%s (id int, password text)', i);
        END LOOP;
      END $$;`);
  });
  afterAll(() => db.drop());

  it('writes large JSON to a pipe completely before exiting with the findings exit code', () => {
    const bin = path.resolve(__dirname, '../bin/platform-kit');
    const result = spawnSync(
      process.execPath,
      [bin, 'db', 'lint', '--db', db.url, '--format', 'json'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBeGreaterThan(256 * 1024);
    const findings = JSON.parse(result.stdout);
    expect(
      findings.filter((f: { name: string }) => f.name === 'no_primary_key'),
    ).toHaveLength(400);
  });

  it('exits 2 with one line on a usage error', () => {
    const bin = path.resolve(__dirname, '../bin/platform-kit');
    const result = spawnSync(
      process.execPath,
      [bin, 'db', 'lint', '--db', 'nonsense'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'platform-kit: --db: must be a postgres:// or postgresql:// connection string\n',
    );
  });
});
