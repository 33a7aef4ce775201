import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../util/ports';
import { freshAppEnvironment } from './appEnv';
import { FreshApp } from './appSetup';
import { portOverrides, startBackend } from './backendProcess';
import { PhaseLog } from './phases';

jest.setTimeout(60_000);

/** A Yarn project whose `backend` workspace starts a server answering the health endpoint on APP_CONFIG_backend_listen_port. */
function yarnProject(server: string): FreshApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-app-backend-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write(
    'package.json',
    '{"name":"root","private":true,"workspaces":["packages/*"]}\n',
  );
  write('.yarnrc.yml', 'nodeLinker: node-modules\n');
  write('yarn.lock', '');
  write(
    'packages/backend/package.json',
    '{"name":"backend","private":true,"scripts":{"start":"node server.js"}}\n',
  );
  write('packages/backend/server.js', server);
  const app = {
    dir,
    env: freshAppEnvironment(process.env, path.join(dir, '.yarn-cache')),
  };
  execFileSync('yarn', ['install'], {
    cwd: dir,
    env: app.env,
    stdio: 'ignore',
  });
  return app;
}

const HEALTHY = `
const http = require('node:http');
console.log('backend starting');
http.createServer((req, res) => {
  res.writeHead(req.url === '/api/platform-kit/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'ok', prefix: process.env.APP_CONFIG_backend_database_prefix }));
}).listen(Number(process.env.APP_CONFIG_backend_listen_port), '127.0.0.1');
`;

describe('startBackend', () => {
  it('starts the backend workspace on the port and stops its process group', async () => {
    const app = yarnProject(HEALTHY);
    const log = new PhaseLog(path.join(app.dir, 'backend.log'));
    try {
      const port = await findFreePort();
      const backend = await startBackend(log, app, port, { EXTRA: '1' });
      expect(backend.url).toBe(`http://localhost:${port}`);
      const res = await fetch(`${backend.url}/api/platform-kit/health`);
      expect(await res.json()).toEqual({
        status: 'ok',
        prefix: 'pk_fresh_app_',
      });
      await backend.stop();
      await backend.stop();
      await expect(
        fetch(`${backend.url}/api/platform-kit/health`),
      ).rejects.toThrow();
      expect(fs.readFileSync(log.file, 'utf8')).toContain('backend starting');
    } finally {
      fs.rmSync(app.dir, { recursive: true, force: true });
    }
  });

  it('reports a backend that exits or never answers', async () => {
    const app = yarnProject('process.exit(4);\n');
    const log = new PhaseLog(path.join(app.dir, 'backend.log'));
    try {
      await expect(
        startBackend(log, app, await findFreePort(), {}),
      ).rejects.toThrow(/the backend exited during start-up \(exit 4\)/);
      fs.writeFileSync(
        path.join(app.dir, 'packages/backend/server.js'),
        'setInterval(() => {}, 1000);\n',
      );
      await expect(
        startBackend(log, app, await findFreePort(), {}, 3000),
      ).rejects.toThrow(/did not answer within 3 s/);
    } finally {
      fs.rmSync(app.dir, { recursive: true, force: true });
    }
  });
});

describe('portOverrides', () => {
  it('puts backend, frontend and database prefix of a run on its port', () => {
    expect(portOverrides(4321)).toEqual({
      APP_CONFIG_backend_baseUrl: 'http://localhost:4321',
      APP_CONFIG_backend_listen_port: '4321',
      APP_CONFIG_app_baseUrl: 'http://localhost:4321',
      APP_CONFIG_backend_database_prefix: 'pk_fresh_app_',
    });
  });
});
