import { execFileSync, spawnSync } from 'node:child_process';
import { UserFacingError } from '../util/fail';

/** An unprivileged OS user that stands for the image's USER. */
export interface Identity {
  name: string;
  uid: number;
  gid: number;
}

/** The account the image's non-root USER maps to here: `nobody` when we are root. */
export const STAND_IN_USER = 'nobody';

/**
 * As root, image steps that run as a non-root USER run as `nobody` (the
 * image's `node` user does not exist here; the point is that nothing needs
 * root). As a normal user they run as that user: undefined.
 */
export function unprivilegedIdentity(
  uid: number | undefined = process.getuid?.(),
): Identity | undefined {
  if (uid !== 0) return undefined;
  try {
    const id = (flag: string) =>
      Number(
        execFileSync('id', [flag, STAND_IN_USER], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      );
    return { name: STAND_IN_USER, uid: id('-u'), gid: id('-g') };
  } catch {
    throw new UserFacingError(
      `Running as root, the image's non-root steps run as the '${STAND_IN_USER}' OS user, which does not exist here: run as a normal user.`,
    );
  }
}

/** Whether `identity` can read (`-r`) or execute (`-x`) `target`, its folders included. */
export function canAccess(
  identity: Identity | undefined,
  target: string,
  test: '-r' | '-x',
): boolean {
  const result = spawnSync(
    '/bin/sh',
    ['-c', `test ${test} "$1"`, 'sh', target],
    {
      ...(identity ? { uid: identity.uid, gid: identity.gid } : {}),
      stdio: 'ignore',
    },
  );
  return result.status === 0;
}
