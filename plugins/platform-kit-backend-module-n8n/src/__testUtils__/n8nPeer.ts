import { ChildProcess, execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PEER_WORKFLOWS, peerWorkflowsForImport } from './peerWorkflows';

/**
 * A real n8n for the opt-in peer suite: installed outside the repository
 * (scripts/install-n8n-peer.sh), on a fresh PostgreSQL database, seeded with
 * {@link PEER_WORKFLOWS}, with an owner account and a read-only API key made
 * headlessly.
 */

const run = promisify(execFile);

/** Where a PostgreSQL database for n8n is. */
export interface PeerDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface N8nPeerOptions {
  database: PeerDatabase;
  /** Default `$PLATFORM_KIT_N8N_DIR`, else `${TMPDIR:-/tmp}/n8n-peer`. */
  installDir?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface N8nPeer {
  baseUrl: string;
  /** A key with the read scopes the connector needs. */
  apiKey: string;
  /** n8n's version, from its package. */
  version: string;
  /** Stops n8n and removes its data folder (the database is the caller's). */
  stop(): Promise<void>;
}

const OWNER = {
  email: 'peer-owner@platform-kit.test',
  firstName: 'Peer',
  lastName: 'Owner',
  password: `Pk-${crypto.randomBytes(9).toString('base64url')}9a`,
};

/** The install directory of the peer n8n. */
export function n8nPeerDir(): string {
  return process.env.PLATFORM_KIT_N8N_DIR ?? path.join(os.tmpdir(), 'n8n-peer');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Installs n8n with the package's script unless it is there (minutes). */
async function ensureInstalled(dir: string, log: (line: string) => void) {
  const pkg = path.join(dir, 'node_modules', 'n8n', 'package.json');
  if (fs.existsSync(pkg)) return;
  log(`installing n8n into ${dir} (a few minutes)...`);
  const script = path.resolve(
    __dirname,
    '..',
    '..',
    'scripts',
    'install-n8n-peer.sh',
  );
  await run(script, [], {
    env: {
      ...process.env,
      PLATFORM_KIT_N8N_DIR: dir,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${
        process.env.PATH
      }`,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function n8nEnv(
  options: N8nPeerOptions,
  port: number,
  userFolder: string,
): NodeJS.ProcessEnv {
  const { database } = options;
  return {
    PATH: process.env.PATH,
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: database.host,
    DB_POSTGRESDB_PORT: String(database.port),
    DB_POSTGRESDB_USER: database.user,
    DB_POSTGRESDB_PASSWORD: database.password,
    DB_POSTGRESDB_DATABASE: database.database,
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
    N8N_RUNNERS_ENABLED: 'false',
    N8N_LOG_LEVEL: 'warn',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
  };
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  exited: () => string | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(`n8n exited before ${what}: ${gone}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`n8n: no ${what} within ${timeoutMs / 1000} s`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** A tiny client for n8n's internal REST API (owner setup, login, API keys). */
class RestSession {
  private cookie = '';
  private readonly browserId = crypto.randomUUID();

  constructor(private readonly baseUrl: string) {}

  async send(
    method: string,
    urlPath: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<any> {
    const response = await fetch(`${this.baseUrl}${urlPath}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'browser-id': this.browserId,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie?.() ?? [];
    const auth = setCookie.find(c => c.startsWith('n8n-auth='));
    if (auth) this.cookie = auth.split(';')[0];
    const text = await response.text();
    if (!response.ok) {
      throw new Error(
        `n8n ${method} ${urlPath} answered ${response.status}: ${text.slice(
          0,
          300,
        )}`,
      );
    }
    return text ? JSON.parse(text) : undefined;
  }
}

/**
 * Starts a real n8n (installing it first when missing), seeds it and makes
 * an API key. About 10-20 s once installed.
 */
export async function startN8nPeer(options: N8nPeerOptions): Promise<N8nPeer> {
  const log = options.log ?? (() => {});
  const dir = options.installDir ?? n8nPeerDir();
  await ensureInstalled(dir, log);
  const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
  const version = JSON.parse(
    fs.readFileSync(
      path.join(dir, 'node_modules', 'n8n', 'package.json'),
      'utf8',
    ),
  ).version as string;
  const port = await freePort();
  const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-peer-home-'));
  const env = n8nEnv(options, port, userFolder);
  const baseUrl = `http://127.0.0.1:${port}`;

  // Import first: the command creates the schema and files the workflows
  // under the (not yet set up) owner's personal project.
  const importFile = path.join(userFolder, 'workflows.json');
  fs.writeFileSync(importFile, JSON.stringify(peerWorkflowsForImport()));
  log(`n8n ${version}: importing ${PEER_WORKFLOWS.length} workflows...`);
  await run(
    process.execPath,
    [bin, 'import:workflow', `--input=${importFile}`],
    {
      env,
      cwd: userFolder,
      maxBuffer: 64 * 1024 * 1024,
    },
  );

  log(`n8n ${version}: starting on ${baseUrl}...`);
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [bin, 'start'], {
    env,
    cwd: userFolder,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = `code ${code} signal ${signal}; last output: ${output
      .join('')
      .slice(-2000)}`;
  });

  const stop = async () => {
    if (exit === undefined) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(userFolder, { recursive: true, force: true });
  };

  try {
    await until(
      'readiness',
      180_000,
      async () =>
        (await fetch(`${baseUrl}/healthz/readiness`)).ok ? true : undefined,
      () => exit,
    );
    const rest = new RestSession(baseUrl);
    await rest.send('POST', '/rest/owner/setup', OWNER);
    await rest.send('POST', '/rest/login', {
      emailOrLdapLoginId: OWNER.email,
      password: OWNER.password,
    });
    const createKey = async (label: string, scopes: string[]) =>
      (
        await rest.send('POST', '/rest/api-keys', {
          label,
          scopes,
          expiresAt: null,
        })
      ).data.rawApiKey as string;
    const adminKey = await createKey('platform-kit peer setup', [
      'workflow:list',
      'workflow:read',
      'workflow:activate',
    ]);
    const apiKey = await createKey('platform-kit peer connector', [
      'workflow:list',
      'workflow:read',
      'tag:list',
    ]);
    for (const workflow of PEER_WORKFLOWS.filter(w => w.active)) {
      await rest.send(
        'POST',
        `/api/v1/workflows/${workflow.id}/activate`,
        {},
        { 'X-N8N-API-KEY': adminKey },
      );
    }
    log(`n8n ${version}: ready, seeded, API key made`);
    return { baseUrl, apiKey, version, stop };
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}\nn8n output:\n${output
        .join('')
        .slice(-3000)}`,
    );
  }
}
