import { ChildProcess, spawn } from 'node:child_process';
import { loadDemoProject } from '../fixtures/demo';
import { ensurePostgres } from '../postgres/ensurePostgres';
import { dataPath, repoRoot } from '../postgres/repoPaths';
import { UserFacingError } from '../util/fail';
import { assertPortsFree } from '../util/ports';
import { formatDuration } from '../util/run';

export const FRONTEND_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

export interface RunningPortal {
  /** Resolves when the portal stops on its own (a crash). */
  exited: Promise<number>;
  stop(): Promise<void>;
}

async function isUp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function portalIsUp(): Promise<boolean> {
  return (
    (await isUp(`${BACKEND_URL}/.backstage/health/v1/readiness`)) &&
    (await isUp(FRONTEND_URL))
  );
}

async function waitForPortal(child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new UserFacingError(
        `The portal exited during start-up (exit ${child.exitCode}); see its output above.`,
      );
    }
    if (await portalIsUp()) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new UserFacingError(
    `The portal did not answer on ${FRONTEND_URL} and ${BACKEND_URL} within ${
      timeoutMs / 1000
    } s.`,
  );
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts embedded PostgreSQL (Backstage's database and the demo project),
 * then the Backstage frontend and backend, and waits until both answer.
 */
export async function startPortal(): Promise<RunningPortal> {
  const t0 = Date.now();
  await assertPortsFree([3000, 7007]);
  const pg = await ensurePostgres({
    dataDir: dataPath('postgres'),
    persistent: true,
  });
  const demoUrl = await loadDemoProject(pg.adminUrl);
  console.log(
    `PostgreSQL ${pg.majorVersion} ready, demo project loaded (${formatDuration(
      Date.now() - t0,
    )})`,
  );

  const child = spawn('backstage-cli', ['repo', 'start'], {
    cwd: repoRoot(),
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      PLATFORM_KIT_DATABASE_URL: pg.adminUrl,
      PLATFORM_KIT_DEMO_DATABASE_URL: demoUrl,
      BROWSER: 'none',
    },
  });
  const exited = new Promise<number>(resolve =>
    child.on('exit', code => resolve(code ?? 1)),
  );
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await pg.stop();
    })();
    return stopping;
  };
  try {
    await waitForPortal(child, 300_000);
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(
    `\nPlatform Kit is ready (${formatDuration(
      Date.now() - t0,
    )}):\n  frontend ${FRONTEND_URL}\n  backend  ${BACKEND_URL}\nPress Ctrl+C to stop.\n`,
  );
  return { exited, stop };
}

/** `./kit start`: runs the portal until Ctrl+C. */
export async function startCommand(): Promise<number> {
  const portal = await startPortal();
  const signalled = new Promise<number>(resolve => {
    process.once('SIGINT', () => resolve(0));
    process.once('SIGTERM', () => resolve(0));
  });
  const code = await Promise.race([portal.exited, signalled]);
  await portal.stop();
  return code;
}
