import fs from 'node:fs';
import { postgresEnvironment, withDatabase } from '../postgres/connection';
import { findFreePort } from '../util/ports';
import {
  appliedMigrations,
  compareMigrations,
  findLogProblems,
  getAnswer,
  waitUntilOk,
} from './checks';
import { startContainer } from './container';
import { Identity } from './identity';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyOptions {
  /** The image's CMD. */
  cmd: string[];
  /** The image's WORKDIR on this machine. */
  workdir: string;
  /** The container's environment (base image + ENV). */
  env: Record<string, string>;
  identity?: Identity;
  /** Superuser connection string of a fresh PostgreSQL server. */
  adminUrl: string;
  /** The control plane's plugin id: its database is `backstage_plugin_<id>`. */
  pluginId: string;
  /** Migration versions the plugin package ships. */
  expectedMigrations: string[];
  logFile: string;
  readyTimeoutMs?: number;
  /** How long to keep watching the log after readiness (start-up tasks). */
  settleMs?: number;
  onCheck?: (result: CheckResult) => void;
}

export interface VerifyResult {
  checks: CheckResult[];
  /** Distinct warnings logged at start (with how many plugins logged each). */
  warnings?: string[];
  /** Milliseconds from spawn to readiness, and of the stop. */
  readyMs?: number;
  stopMs?: number;
}

function processUid(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^Uid:\s+(\d+)/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the image's command on a free port (backend.listen and the base URLs
 * overridden through APP_CONFIG_*, as a deployment sets them), then checks:
 * readiness, the control plane's health, every ops migration applied, the
 * process not running as root, no error in the log at start, and a clean stop.
 */
export async function verifyBackend(
  options: VerifyOptions,
): Promise<VerifyResult> {
  const checks: CheckResult[] = [];
  const record = (name: string, ok: boolean, detail: string) => {
    const result = { name, ok, detail };
    checks.push(result);
    options.onCheck?.(result);
  };
  const port = await findFreePort();
  const baseUrl = `http://localhost:${port}`;
  const started = Date.now();
  const container = startContainer({
    cmd: options.cmd,
    cwd: options.workdir,
    env: {
      ...options.env,
      ...postgresEnvironment(options.adminUrl),
      APP_CONFIG_backend_listen: `127.0.0.1:${port}`,
      APP_CONFIG_backend_baseUrl: baseUrl,
      APP_CONFIG_app_baseUrl: baseUrl,
    },
    identity: options.identity,
    logFile: options.logFile,
  });
  const result: VerifyResult = { checks };
  try {
    const ready = await waitUntilOk(
      `${baseUrl}/.backstage/health/v1/readiness`,
      {
        timeoutMs: options.readyTimeoutMs ?? 180_000,
        exited: container.exited,
      },
    );
    result.readyMs = Date.now() - started;
    record('readiness', true, JSON.stringify(ready.body));
  } catch (error) {
    record('readiness', false, (error as Error).message);
  }
  if (checks[0].ok) {
    const uid = processUid(container.pid);
    record(
      'not root',
      uid !== 0,
      uid === undefined ? 'uid not readable (no /proc)' : `uid ${uid}`,
    );
    const health = await getAnswer(`${baseUrl}/api/platform-kit/health`).catch(
      (error: Error) => ({ status: 0, body: error.message }),
    );
    record(
      'platform-kit health',
      health.status === 200,
      `${health.status} ${JSON.stringify(health.body)}`,
    );
    const database = `backstage_plugin_${options.pluginId}`;
    try {
      const applied = await appliedMigrations(
        withDatabase(options.adminUrl, database),
      );
      const { missing, unexpected } = compareMigrations(
        options.expectedMigrations,
        applied,
      );
      record(
        'ops migrations',
        options.expectedMigrations.length > 0 &&
          missing.length === 0 &&
          unexpected.length === 0,
        [
          `${applied.length} of ${options.expectedMigrations.length} in ${database}.ops.schema_migrations`,
          ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
          ...(unexpected.length
            ? [`not shipped ${unexpected.join(', ')}`]
            : []),
        ].join('; '),
      );
    } catch (error) {
      record(
        'ops migrations',
        false,
        `${database}: ${(error as Error).message}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, options.settleMs ?? 5000));
  }
  const atStart = findLogProblems(container.lines);
  const counts = new Map<string, number>();
  for (const warning of atStart.warnings) {
    const message = warning.replace(/^\[[^\]]+\] /, '');
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  result.warnings = [...counts].map(([message, n]) =>
    n > 1 ? `${message} (${n} plugins)` : message,
  );
  record(
    'no error at start',
    atStart.errors.length === 0,
    atStart.errors.length
      ? atStart.errors.slice(0, 5).join(' | ')
      : `${container.lines.length} lines, ${atStart.warnings.length} warnings`,
  );
  const seen = container.lines.length;
  const stopStarted = Date.now();
  const exit = await container.stop();
  result.stopMs = Date.now() - stopStarted;
  const atStop = findLogProblems(container.lines.slice(seen));
  record(
    'clean stop',
    !exit.killed && exit.code === 0 && atStop.errors.length === 0,
    [
      `SIGTERM → exit ${exit.code ?? exit.signal}${
        exit.killed ? ' (killed after the grace period)' : ''
      }`,
      ...(atStop.errors.length
        ? [`errors: ${atStop.errors.slice(0, 3).join(' | ')}`]
        : []),
    ].join('; '),
  );
  return result;
}
