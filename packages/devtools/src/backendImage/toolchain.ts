import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';

/** The tools the official `node:<major>` images put on PATH. */
export interface ImageToolchain {
  /** Holds `node` (and `yarn` when the image ships it). */
  binDir: string;
  /** The Node distribution folder (`bin/`, `include/node/` headers for node-gyp). */
  nodeDir: string;
  nodeVersion: string;
  /** The Yarn the image ships, if any (Yarn 1 up to Node 25; none from 26 on). */
  yarnVersion?: string;
}

/** npm packages that stand for the image's tools: Node from the npm registry, Yarn 1 as the images bundle it. */
export function imageToolPackages(
  major: number,
  platform: string = process.platform,
  arch: string = process.arch,
): string[] {
  if (
    !['linux', 'darwin'].includes(platform) ||
    !['x64', 'arm64'].includes(arch)
  ) {
    throw new UserFacingError(
      `Node.js from the npm registry comes for linux/darwin on x64/arm64, not ${platform}/${arch}.`,
    );
  }
  // docker-node stopped bundling Yarn 1 with Node 26 (nodejs/docker-node#2264).
  return [
    `node-${platform}-${arch}@${major}`,
    ...(major < 26 ? ['yarn@1'] : []),
  ];
}

function toolVersion(
  bin: string,
  args: string[],
  cwd: string,
): string | undefined {
  // In the tool folder: Yarn 1 refuses to run inside a project pinned to Yarn 4.
  const result = spawnSync(bin, args, { encoding: 'utf8', cwd });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function inspect(
  dir: string,
  major: number,
  withYarn: boolean,
): ImageToolchain | undefined {
  const binDir = path.join(dir, 'node_modules', '.bin');
  if (!fs.existsSync(binDir)) return undefined;
  const nodeVersion = toolVersion(
    path.join(binDir, 'node'),
    ['--version'],
    dir,
  );
  if (!nodeVersion || !nodeVersion.startsWith(`v${major}.`)) return undefined;
  const yarnVersion = withYarn
    ? toolVersion(
        path.join(binDir, 'node'),
        [path.join(binDir, 'yarn'), '--version'],
        dir,
      )
    : undefined;
  if (withYarn && !yarnVersion) return undefined;
  const nodeDir = path.resolve(
    fs.realpathSync(path.join(binDir, 'node')),
    '..',
    '..',
  );
  return { binDir, nodeDir, nodeVersion, yarnVersion };
}

/**
 * Node `<major>` (and Yarn 1 where the image ships it) installed from the npm
 * registry into `<cacheDir>/node-<major>`, as ./kit installs Node 22; reused
 * when already there.
 */
export function ensureImageToolchain(options: {
  major: number;
  cacheDir: string;
  registry: string;
}): ImageToolchain {
  const packages = imageToolPackages(options.major);
  const withYarn = packages.some(p => p.startsWith('yarn@'));
  const dir = path.join(options.cacheDir, `node-${options.major}`);
  const present = inspect(dir, options.major, withYarn);
  if (present) return present;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  // Installing inside the folder (not --prefix) keeps npm's global config, e.g. its cafile.
  const result = spawnSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--loglevel=error',
      '--registry',
      options.registry,
      ...packages,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  const installed =
    result.status === 0 ? inspect(dir, options.major, withYarn) : undefined;
  if (!installed) {
    throw new UserFacingError(
      `Could not install ${packages.join(
        ' ',
      )} from the npm registry into ${dir}: ${(
        result.stderr ||
        result.error?.message ||
        'no output'
      )
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ')}`,
    );
  }
  return installed;
}
