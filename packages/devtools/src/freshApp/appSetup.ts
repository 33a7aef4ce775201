import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { mergePackageJson } from './packageJson';
import { PhaseLog, runCaptured, runLogged } from './phases';
import {
  ageGateMinutes,
  gatedYarnrc,
  pinsToLockfile,
  releaseCutoff,
} from './releases';
import { versionsByName, withoutPackages } from './yarnLock';

/** A Backstage app made by the fresh-app check. */
export interface FreshApp {
  /** The app's root folder. */
  dir: string;
  /** Environment for Yarn and the app's commands. */
  env: NodeJS.ProcessEnv;
}

const read = (app: FreshApp, file: string) =>
  fs.readFileSync(path.join(app.dir, file), 'utf8');
const write = (app: FreshApp, file: string, text: string) =>
  fs.writeFileSync(path.join(app.dir, file), text);

/** The release in an app's (or this repository's) `backstage.json`. */
export function backstageRelease(dir: string): string {
  const { version } = JSON.parse(
    fs.readFileSync(path.join(dir, 'backstage.json'), 'utf8'),
  ) as { version?: string };
  if (!version)
    throw new UserFacingError(`${dir}/backstage.json has no version.`);
  return version;
}

/**
 * `npx @backstage/create-app@latest` from the npm registry, without its
 * install (the next phase runs it), answering its one prompt with
 * `BACKSTAGE_APP_NAME`.
 */
export async function createApp(log: PhaseLog, app: FreshApp): Promise<string> {
  fs.rmSync(app.dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(app.dir), { recursive: true });
  await runLogged(
    log,
    'npx',
    [
      '--yes',
      '@backstage/create-app@latest',
      '--skip-install',
      '--path',
      app.dir,
    ],
    {
      cwd: path.dirname(app.dir),
      env: { ...app.env, BACKSTAGE_APP_NAME: path.basename(app.dir) },
    },
  );
  return backstageRelease(app.dir);
}

/**
 * `yarn install` in the new app. Only this machine's toolchain is adjusted
 * first: keytar (optional, of @backstage/cli) cannot build without libsecret.
 */
export async function installApp(log: PhaseLog, app: FreshApp): Promise<void> {
  write(
    app,
    'package.json',
    mergePackageJson(read(app, 'package.json'), {
      dependenciesMeta: { keytar: { built: false } },
    }),
  );
  await runLogged(log, 'yarn', ['install'], { cwd: app.dir, env: app.env });
}

/**
 * The app on the release create-app made it for. create-app's caret ranges
 * pick up packages of any newer release on the registry (its yarn.lock seed,
 * which would prevent that, is on GitHub); this resolves every `@backstage/*`
 * package again from what was published before the release `ourCli` belongs
 * to, with Yarn's age gate, and restores `.yarnrc.yml` afterwards.
 */
export async function pinToCreatedRelease(
  log: PhaseLog,
  app: FreshApp,
  ourLockfile: string,
): Promise<string> {
  const [cli] =
    versionsByName(ourLockfile, '@backstage/cli').get('@backstage/cli') ?? [];
  if (!cli) throw new UserFacingError('yarn.lock has no @backstage/cli.');
  const times = JSON.parse(
    await runCaptured(
      log,
      'npm',
      ['view', `@backstage/cli@${cli}`, 'time', '--json'],
      {
        cwd: app.dir,
        env: app.env,
      },
    ),
  ) as Record<string, string>;
  if (!times[cli])
    throw new UserFacingError(
      `The registry has no publish time of @backstage/cli@${cli}.`,
    );
  const cutoff = releaseCutoff(new Date(times[cli]));
  const yarnrc = read(app, '.yarnrc.yml');
  write(
    app,
    '.yarnrc.yml',
    gatedYarnrc(yarnrc, ageGateMinutes(cutoff, new Date())),
  );
  write(
    app,
    'yarn.lock',
    withoutPackages(read(app, 'yarn.lock'), '@backstage/'),
  );
  try {
    await runLogged(log, 'yarn', ['install'], { cwd: app.dir, env: app.env });
  } finally {
    write(app, '.yarnrc.yml', yarnrc);
  }
  const cliNow = versionsByName(read(app, 'yarn.lock'), '@backstage/cli').get(
    '@backstage/cli',
  );
  return `@backstage/* as published before ${cutoff
    .toISOString()
    .slice(0, 10)} (@backstage/cli ${cliNow?.join(', ')})`;
}

/**
 * The app moved to this repository's release: every `@backstage/*` package
 * pinned (root `resolutions`) to the version our yarn.lock has, and
 * `backstage.json` set to our release, then `yarn install`.
 */
export async function pinToOurRelease(
  log: PhaseLog,
  app: FreshApp,
  ourLockfile: string,
  ourRelease: string,
): Promise<string> {
  const { resolutions, unpinned } = pinsToLockfile(
    read(app, 'yarn.lock'),
    ourLockfile,
  );
  write(
    app,
    'package.json',
    mergePackageJson(read(app, 'package.json'), { resolutions }),
  );
  write(
    app,
    'backstage.json',
    `${JSON.stringify({ version: ourRelease }, null, 2)}\n`,
  );
  log.write(
    `pinned: ${JSON.stringify(
      resolutions,
      null,
      2,
    )}\nnot in our yarn.lock: ${unpinned.join(', ')}`,
  );
  await runLogged(log, 'yarn', ['install'], { cwd: app.dir, env: app.env });
  return `${
    Object.keys(resolutions).length
  } @backstage/* packages pinned to our yarn.lock${
    unpinned.length
      ? `, ${unpinned.length} not in it (${unpinned.join(', ')})`
      : ''
  }`;
}
