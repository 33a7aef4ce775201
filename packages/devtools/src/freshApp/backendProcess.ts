import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { UserFacingError } from '../util/fail';
import { FreshApp } from './appSetup';
import { PhaseLog } from './phases';

export interface RunningBackend {
  /** e.g. http://localhost:41234 (the built frontend is served there too). */
  url: string;
  stop(): Promise<void>;
}

/** Databases of the fresh-app check (the backend's plugin databases and the target), dropped before each run. */
export const FRESH_APP_DATABASE_PREFIX = 'pk_fresh_app_';

/** Backstage config overrides for one run: a free port, the frontend served by the backend. */
export function portOverrides(port: number): Record<string, string> {
  const url = `http://localhost:${port}`;
  return {
    APP_CONFIG_backend_baseUrl: url,
    APP_CONFIG_backend_listen_port: String(port),
    APP_CONFIG_app_baseUrl: url,
    APP_CONFIG_backend_database_prefix: FRESH_APP_DATABASE_PREFIX,
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * `yarn workspace backend start` (what `yarn start` runs for the backend) on
 * `port`, resolved once `GET /api/platform-kit/health` answers.
 */
export async function startBackend(
  log: PhaseLog,
  app: FreshApp,
  port: number,
  env: Record<string, string>,
  timeoutMs = 240_000,
): Promise<RunningBackend> {
  const url = `http://localhost:${port}`;
  log.write(`$ yarn workspace backend start  (port ${port})`);
  const fd = fs.openSync(log.file, 'a');
  const child = spawn('yarn', ['workspace', 'backend', 'start'], {
    cwd: app.dir,
    env: { ...app.env, ...env, ...portOverrides(port) },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  const exited = new Promise<number>(resolve =>
    child.on('exit', code => resolve(code ?? 1)),
  );
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new UserFacingError(
        `the backend exited during start-up (exit ${child.exitCode})`,
      );
    }
    if (await answers(`${url}/api/platform-kit/health`)) return { url, stop };
    await new Promise(r => setTimeout(r, 1000));
  }
  await stop();
  throw new UserFacingError(
    `GET ${url}/api/platform-kit/health did not answer within ${
      timeoutMs / 1000
    } s`,
  );
}
