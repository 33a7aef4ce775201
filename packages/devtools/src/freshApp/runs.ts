import fs from 'node:fs';
import path from 'node:path';
import { ensureChromium } from '../commands/chromium';
import { ensurePostgres } from '../postgres/ensurePostgres';
import { dataPath, repoRoot } from '../postgres/repoPaths';
import { UserFacingError } from '../util/fail';
import { findFreePort } from '../util/ports';
import { freshAppEnvironment } from './appEnv';
import { postgresEnvironment } from '../postgres/connection';
import { checkScan } from './scanPhase';
import {
  backstageRelease,
  createApp,
  FreshApp,
  installApp,
  pinToCreatedRelease,
  pinToOurRelease,
} from './appSetup';
import { applyAppSteps, runRepositorySteps } from './applyQuickstart';
import {
  FRESH_APP_DATABASE_PREFIX,
  RunningBackend,
  startBackend,
} from './backendProcess';
import { checkInBrowser } from './browserCheck';
import { addLegacyApp } from './legacyApp';
import { PhaseResult, phaseRunner, PhaseRunner, runLogged } from './phases';
import {
  legacyFiles,
  QuickstartStep,
  quickstartSteps,
  quickstartTarget,
  QuickstartTarget,
} from './quickstartSteps';
import {
  appliedOpsMigrations,
  createDefectiveTarget,
  dropDatabasesWithPrefix,
} from './targetDatabase';
import { environmentReferences } from './yamlMerge';

/** `created`: the release create-app makes the app for; `ours`: this repository's (backstage.json, yarn.lock). */
export type Release = 'created' | 'ours';

export interface FreshAppOptions {
  /** Runs in order; the second continues with the first one's app. */
  releases: Release[];
  /** Folder the app is created in (as `<workDir>/fresh-app`). */
  workDir: string;
  /** Tarballs to install instead of running the quickstart's packing step. */
  packsDir?: string;
  /** Keep the app afterwards (default: removed). */
  keep?: boolean;
  /** Continue with the app an earlier `--keep` run left (no create-app, no first install). */
  reuse?: boolean;
  print?: (line: string) => void;
}

interface Context {
  app: FreshApp;
  root: string;
  steps: QuickstartStep[];
  target: QuickstartTarget;
  logDir: string;
}

const POSTGRES_VARIABLES = [
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
];

/** The `${VAR}`s the quickstart's config needs; fails early on one this check cannot provide. */
function checkEnvironmentNeeds(
  steps: QuickstartStep[],
  target: QuickstartTarget,
) {
  const known = [...POSTGRES_VARIABLES, target.connectionVariable];
  const unknown = steps
    .flatMap(s => (s.kind === 'config' ? environmentReferences(s.yaml) : []))
    .filter(v => !known.includes(v));
  if (unknown.length) {
    throw new UserFacingError(
      `docs/quickstart.md's config needs ${unknown.join(
        ', ',
      )}, which the fresh-app check does not provide (it knows ${known.join(
        ', ',
      )}).`,
    );
  }
}

async function installPlatformKit(
  runner: PhaseRunner,
  ctx: Context,
  packsDir?: string,
) {
  const { app, steps } = ctx;
  const packed = await runner.phase(
    'pack',
    log =>
      runRepositorySteps(log, steps, { app, repoRoot: ctx.root, packsDir }),
    d => d,
  );
  if (!packed.ok) return false;
  const installed = await runner.phase(
    'install',
    log => applyAppSteps(log, steps, app),
    applied => `docs/quickstart.md applied: ${applied.files.join(', ')}`,
  );
  if (!installed.ok) return false;
  const frontendDoc = fs.readFileSync(
    path.join(ctx.root, 'docs/frontend.md'),
    'utf8',
  );
  await runner.phase(
    'legacy',
    log => addLegacyApp(log, app, legacyFiles(frontendDoc)),
    d => d,
  );
  return true;
}

function migrationFiles(app: FreshApp): string[] {
  const dir = path.join(
    app.dir,
    'node_modules/@platform-kit/plugin-platform-kit-backend/migrations',
  );
  return fs.existsSync(dir)
    ? fs.readdirSync(dir).filter(f => f.endsWith('.sql'))
    : [];
}

async function checkApp(runner: PhaseRunner, ctx: Context, run: string) {
  const { app } = ctx;
  await runner.phase('tsc', log =>
    runLogged(log, 'yarn', ['tsc'], { cwd: app.dir, env: app.env }),
  );
  const built = await runner.phase('build', log =>
    runLogged(log, 'yarn', ['workspace', 'app', 'build'], {
      cwd: app.dir,
      env: app.env,
    }),
  );
  const pg = await ensurePostgres({
    dataDir: dataPath('fresh-app', `pg-${run}`),
  });
  let backend: RunningBackend | undefined;
  try {
    await dropDatabasesWithPrefix(pg.adminUrl, FRESH_APP_DATABASE_PREFIX);
    const targetUrl = await createDefectiveTarget(
      pg.adminUrl,
      `${FRESH_APP_DATABASE_PREFIX}target`,
    );
    const env = {
      ...postgresEnvironment(pg.adminUrl),
      [ctx.target.connectionVariable]: targetUrl,
    };
    const started = await runner.phase(
      'backend',
      async log => {
        backend = await startBackend(log, app, await findFreePort(), env);
        const applied = await appliedOpsMigrations(
          pg.adminUrl,
          `${FRESH_APP_DATABASE_PREFIX}platform-kit`,
        );
        const files = migrationFiles(app);
        const missing = files
          .map(f => f.replace(/\.sql$/, ''))
          .filter(v => !applied.includes(v));
        if (!files.length || missing.length)
          throw new UserFacingError(
            `ops migrations not applied: ${
              missing.join(', ') || 'the package has none'
            }`,
          );
        return `${backend.url}/api/platform-kit/health ok on PostgreSQL ${pg.majorVersion}; ${applied.length} of ${files.length} ops migrations applied`;
      },
      d => d,
    );
    if (!started.ok || !backend) {
      runner.skip('scan', 'the backend did not start');
      runner.skip('browser', 'the backend did not start');
      return;
    }
    const url = backend.url;
    await runner.phase(
      'scan',
      log => checkScan(log, url, ctx.target.entityRef),
      d => d,
    );
    if (!built.ok) {
      runner.skip('browser', 'the frontend did not build');
      return;
    }
    await runner.phase(
      'browser',
      async log =>
        checkInBrowser(log, app, {
          url,
          chromium: await ensureChromium(),
          entityRef: ctx.target.entityRef,
          outputDir: path.join(ctx.logDir, `${run}-browser`),
        }),
      d => d,
    );
  } finally {
    await backend?.stop();
    await pg.stop();
  }
}

interface RunState {
  ctx: Context;
  ourLockfile: string;
  ourRelease: string;
  packsDir?: string;
  reuse?: boolean;
  /** Platform Kit is installed in the app (by an earlier run). */
  installed: boolean;
}

/** create-app (first run), the release pin and Platform Kit's install; false when the checks cannot run. */
async function prepareRun(
  runner: PhaseRunner,
  release: Release,
  first: boolean,
  state: RunState,
): Promise<boolean> {
  const { app } = state.ctx;
  if (
    first &&
    state.reuse &&
    fs.existsSync(path.join(app.dir, 'node_modules'))
  ) {
    runner.skip('create-app', `reusing ${app.dir}`);
  } else if (first) {
    const created = await runner.phase(
      'create-app',
      log => createApp(log, app),
      r => `Backstage ${r}`,
    );
    if (!created.ok) return false;
    if (!(await runner.phase('yarn-install', log => installApp(log, app))).ok)
      return false;
  } else if (!state.installed) {
    return false;
  }
  if (backstageRelease(app.dir) === state.ourRelease) {
    if (release === 'ours' && !first) {
      runner.skip(
        'pin',
        `create-app made an app of our release ${state.ourRelease}: nothing to move`,
      );
      return false;
    }
    runner.skip('pin', `the app is on our release ${state.ourRelease}`);
  } else {
    const pinned = await runner.phase(
      'pin',
      log =>
        release === 'created'
          ? pinToCreatedRelease(log, app, state.ourLockfile)
          : pinToOurRelease(log, app, state.ourLockfile, state.ourRelease),
      d => `Backstage ${backstageRelease(app.dir)}: ${d}`,
    );
    if (!pinned.ok) return false;
  }
  if (!state.installed)
    state.installed = await installPlatformKit(
      runner,
      state.ctx,
      state.packsDir,
    );
  return state.installed;
}

/**
 * Creates a Backstage app with create-app, installs Platform Kit into it by
 * following docs/quickstart.md literally, and checks it (type-check, build,
 * backend on PostgreSQL, scan, the built frontend in Chromium): first on the
 * release create-app makes, then moved to this repository's release.
 */
export async function runFreshAppCheck(
  options: FreshAppOptions,
): Promise<PhaseResult[]> {
  const print = options.print ?? console.log;
  const root = repoRoot();
  const steps = quickstartSteps(
    fs.readFileSync(path.join(root, 'docs/quickstart.md'), 'utf8'),
  );
  const target = quickstartTarget(steps);
  checkEnvironmentNeeds(steps, target);
  const logDir = dataPath('fresh-app', 'logs');
  fs.rmSync(logDir, { recursive: true, force: true });
  const app: FreshApp = {
    dir: path.join(options.workDir, 'fresh-app'),
    env: freshAppEnvironment(process.env, dataPath('fresh-app', 'yarn-cache')),
  };
  const state: RunState = {
    ctx: { app, root, steps, target, logDir },
    ourLockfile: fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8'),
    ourRelease: backstageRelease(root),
    packsDir: options.packsDir,
    reuse: options.reuse,
    installed: false,
  };
  const results: PhaseResult[] = [];
  try {
    for (const [index, release] of options.releases.entries()) {
      const runner = phaseRunner(release, logDir, print);
      if (await prepareRun(runner, release, index === 0, state))
        await checkApp(runner, state.ctx, release);
      results.push(...runner.results);
    }
  } finally {
    if (!options.keep) fs.rmSync(app.dir, { recursive: true, force: true });
  }
  return results;
}
