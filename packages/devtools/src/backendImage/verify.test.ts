import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase } from '../postgres/databases';
import { createTestDatabase, TestDatabase } from '../testing/testDatabase';
import { unprivilegedIdentity } from './identity';
import { verifyBackend } from './verify';

jest.setTimeout(60_000);

/**
 * A stand-in for the backend, as small as the checks allow: it creates the
 * plugin's database with the migrations it is given (through the POSTGRES_*
 * settings app-config.production.yaml reads), listens where APP_CONFIG_backend_listen
 * says, answers the two health URLs, logs JSON and stops on SIGTERM.
 */
const STAND_IN = `
const http = require('node:http');
const { Client } = require(${JSON.stringify(require.resolve('pg'))});
const env = process.env;
const connection = database => ({
  host: env.POSTGRES_HOST, port: Number(env.POSTGRES_PORT),
  user: env.POSTGRES_USER, password: env.POSTGRES_PASSWORD, database,
});
(async () => {
  const name = 'backstage_plugin_' + env.PLUGIN_ID;
  const admin = new Client(connection('postgres'));
  await admin.connect();
  await admin.query('CREATE DATABASE "' + name + '"');
  await admin.end();
  const db = new Client(connection(name));
  await db.connect();
  await db.query('CREATE SCHEMA ops; CREATE TABLE ops.schema_migrations (version text PRIMARY KEY)');
  for (const version of env.MIGRATIONS.split(',')) {
    await db.query('INSERT INTO ops.schema_migrations VALUES ($1)', [version]);
  }
  await db.end();
  const [host, port] = env.APP_CONFIG_backend_listen.split(':');
  http.createServer((req, res) => {
    const ok = ['/.backstage/health/v1/readiness', '/api/platform-kit/health'].includes(req.url);
    res.statusCode = ok ? 200 : 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(ok ? { status: 'ok' } : {}));
  }).listen(Number(port), host, () => {
    console.log(JSON.stringify({ level: 'info', message: 'Listening on ' + env.APP_CONFIG_backend_listen }));
    for (const plugin of ['app', 'catalog']) {
      console.log(JSON.stringify({ level: 'warn', message: 'baseUrl ' + env.APP_CONFIG_backend_baseUrl, plugin }));
    }
    if (env.LOG_ERROR) console.log(JSON.stringify({ level: 'error', message: env.LOG_ERROR, plugin: 'platform-kit' }));
  });
  process.on('SIGTERM', () => process.exit(0));
})();
`;

describe('verifyBackend', () => {
  let db: TestDatabase;
  let dir: string;
  let pluginId: string;

  beforeEach(async () => {
    db = await createTestDatabase({ supabase: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-verify-'));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'backend.js'), STAND_IN);
    pluginId = `pk-verify-${crypto.randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    await dropDatabase(db.adminUrl, `backstage_plugin_${pluginId}`);
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const verify = (env: Record<string, string>, cmd = ['node', 'backend.js']) =>
    verifyBackend({
      cmd,
      workdir: dir,
      env: {
        PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: dir,
        PLUGIN_ID: pluginId,
        ...env,
      },
      identity: unprivilegedIdentity(),
      adminUrl: db.adminUrl,
      pluginId,
      expectedMigrations: ['0001_a', '0002_b'],
      logFile: path.join(dir, 'backend.log'),
      readyTimeoutMs: 20_000,
      settleMs: 100,
    });

  it('passes a backend that is ready, healthy, migrated, quiet and stops cleanly', async () => {
    const result = await verify({ MIGRATIONS: '0001_a,0002_b' });
    expect(result.checks.map(c => [c.name, c.ok])).toEqual([
      ['readiness', true],
      ['not root', true],
      ['platform-kit health', true],
      ['ops migrations', true],
      ['no error at start', true],
      ['clean stop', true],
    ]);
    expect(result.checks[3].detail).toBe(
      `2 of 2 in backstage_plugin_${pluginId}.ops.schema_migrations`,
    );
    expect(result.checks[4].detail).toBe('3 lines, 2 warnings');
    expect(result.warnings).toEqual([
      expect.stringMatching(/^baseUrl http:\/\/localhost:\d+ \(2 plugins\)$/),
    ]);
    expect(result.readyMs).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, 'backend.log'), 'utf8')).toContain(
      'Listening on 127.0.0.1:',
    );
  });

  it('fails on a missing migration and an error in the log', async () => {
    const result = await verify({
      MIGRATIONS: '0001_a,0003_c',
      LOG_ERROR: 'it broke',
    });
    const failed = result.checks
      .filter(c => !c.ok)
      .map(c => `${c.name}: ${c.detail}`);
    expect(failed).toEqual([
      `ops migrations: 2 of 2 in backstage_plugin_${pluginId}.ops.schema_migrations; missing 0002_b; not shipped 0003_c`,
      'no error at start: [platform-kit] it broke',
    ]);
  });

  it('fails a backend that exits during start-up', async () => {
    const result = await verify({}, [
      'node',
      '-e',
      'console.error("no database"); process.exit(3)',
    ]);
    expect(result.checks.map(c => `${c.name} ${c.ok}: ${c.detail}`)).toEqual([
      expect.stringMatching(
        /^readiness false: The backend exited \(code 3, signal null\) before http:\/\/localhost:\d+\/\.backstage\/health\/v1\/readiness answered\.$/,
      ),
      'no error at start false: no database',
      'clean stop false: SIGTERM → exit 3',
    ]);
  });
});
