import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { canAccess, Identity } from './identity';
import { ImageToolchain } from './toolchain';

/** The first executable `name` on a PATH, links resolved. */
export function findOnPath(
  name: string,
  pathValue: string,
): string | undefined {
  for (const dir of pathValue.split(':').filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return fs.realpathSync(candidate);
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * A folder holding only `npm` and `npx` (links to this machine's npm): the
 * image has npm, and nothing else of this machine's PATH (e.g. a Yarn) may
 * leak into the image's PATH.
 */
export function npmOnlyBin(
  dir: string,
  identity: Identity | undefined,
  pathValue: string = process.env.PATH ?? '',
): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['npm', 'npx']) {
    const target = findOnPath(name, pathValue);
    if (!target) {
      if (name === 'npm')
        throw new UserFacingError('npm was not found on PATH.');
      continue;
    }
    if (!canAccess(identity, target, '-x')) {
      throw new UserFacingError(
        `${target} cannot be run by the '${identity?.name}' user that stands for the image's USER: install npm where every user can run it.`,
      );
    }
    fs.rmSync(path.join(dir, name), { force: true });
    fs.symlinkSync(target, path.join(dir, name));
  }
  fs.chmodSync(dir, 0o755);
  return dir;
}

/**
 * The toolchain as `identity` can run it: in place, or (when the cache folder
 * is private, e.g. a checkout under /root) copied to `fallbackDir`.
 */
export function reachableToolchain(
  toolchain: ImageToolchain,
  identity: Identity | undefined,
  fallbackDir: string,
): ImageToolchain {
  if (canAccess(identity, path.join(toolchain.binDir, 'node'), '-x'))
    return toolchain;
  const cacheDir = path.resolve(toolchain.binDir, '..', '..');
  fs.cpSync(cacheDir, fallbackDir, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(fallbackDir, 0o755);
  const moved = (p: string) =>
    path.join(fallbackDir, path.relative(cacheDir, p));
  return {
    ...toolchain,
    binDir: moved(toolchain.binDir),
    nodeDir: moved(toolchain.nodeDir),
  };
}
