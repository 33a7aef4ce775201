import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresBinaries } from './binaries';
import { ServerIdentity } from './osUser';

/** Whether `identity` can traverse to and read/execute `target`. */
function reachableBy(identity: ServerIdentity, target: string): boolean {
  const result = spawnSync(
    '/bin/sh',
    ['-c', 'test -x "$1" && test -r "$1"', 'sh', target],
    {
      uid: identity.uid,
      gid: identity.gid,
    },
  );
  return result.status === 0;
}

/**
 * When we run as root inside a private folder (e.g. mode 700 under /root), the
 * `postgres` OS user can reach neither the binaries nor the data directory.
 * Then the binaries are copied once to a world-readable temp folder and the
 * data directory moves under the temp folder too.
 */
export function serverPathsFor(
  binaries: PostgresBinaries,
  dataDir: string,
  identity: ServerIdentity | undefined,
): { binaries: PostgresBinaries; dataDir: string } {
  if (!identity) return { binaries, dataDir };
  let result = binaries;
  if (!reachableBy(identity, binaries.postgres)) {
    const nativeDir = path.resolve(path.dirname(binaries.postgres), '..');
    const copy = path.join(os.tmpdir(), `platform-kit-pg-${binaries.version}`);
    if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
      const staging = `${copy}.${process.pid}`;
      fs.cpSync(nativeDir, staging, {
        recursive: true,
        verbatimSymlinks: true,
      });
      fs.chmodSync(staging, 0o755);
      try {
        fs.renameSync(staging, copy);
      } catch {
        fs.rmSync(staging, { recursive: true, force: true }); // another process won the race
      }
    }
    result = {
      ...binaries,
      initdb: path.join(copy, 'bin', 'initdb'),
      postgres: path.join(copy, 'bin', 'postgres'),
    };
  }
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  if (reachableBy(identity, parent)) return { binaries: result, dataDir };
  const hash = crypto
    .createHash('sha1')
    .update(dataDir)
    .digest('hex')
    .slice(0, 12);
  const base = path.join(os.tmpdir(), 'platform-kit-pg-data');
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  fs.chmodSync(base, 0o755);
  return {
    binaries: result,
    dataDir: path.join(base, `${path.basename(dataDir)}-${hash}`),
  };
}
