import { execFileSync } from 'node:child_process';
import { UserFacingError } from '../util/fail';

/** The uid/gid a PostgreSQL server process must run as, or undefined for "as I am". */
export interface ServerIdentity {
  uid: number;
  gid: number;
}

function lookupIds(user: string): ServerIdentity | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as the
 * `postgres` OS user, which is created (as a system user) when it is absent.
 */
export function resolveServerIdentity(): ServerIdentity | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return undefined;
  }
  const existing = lookupIds('postgres');
  if (existing) return existing;
  try {
    execFileSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'postgres',
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new UserFacingError(
      `Running as root, PostgreSQL needs a 'postgres' OS user and creating it failed (${
        String((error as Error).message).split('\n')[0]
      }): create it with \`useradd --system postgres\` or run as a normal user.`,
    );
  }
  const created = lookupIds('postgres');
  if (!created) {
    throw new UserFacingError(
      "Running as root, the 'postgres' OS user could not be found after creating it.",
    );
  }
  return created;
}
