import {
  HealthResult,
  HealthStatus,
  redact,
} from '@platform-kit/connector-sdk';
import { OdooAuthError } from './client/errors';
import { OdooSession } from './client/openSession';

type Check = HealthResult['checks'][number];

async function timed(
  name: string,
  fn: () => Promise<{ status: HealthStatus; detail: string }>,
  secrets: string[],
): Promise<Check> {
  const started = performance.now();
  let outcome: { status: HealthStatus; detail: string };
  try {
    outcome = await fn();
  } catch (error) {
    outcome = {
      status: error instanceof OdooAuthError ? 'degraded' : 'down',
      detail: redact(String((error as Error)?.message ?? error), secrets),
    };
  }
  return {
    name,
    status: outcome.status,
    latencyMs: Math.max(0, performance.now() - started),
    detail: outcome.detail,
  };
}

/**
 * Whether Odoo answers: `version` (`/web/version` or `common.version()`, no
 * auth) and `auth` (the key is accepted). Down when the server does not
 * answer; degraded when it answers but refuses or fails the authenticated
 * call. Never throws.
 */
export async function checkHealth(
  open: () => Promise<OdooSession>,
  secrets: string[],
): Promise<HealthResult> {
  let session: OdooSession | undefined;
  const version = await timed(
    'version',
    async () => {
      session = await open();
      return {
        status: 'up',
        detail: `Odoo ${session.server.serverVersion} (${session.server.via}), using ${session.api.protocol}`,
      };
    },
    secrets,
  );
  const checks = [version];
  if (session) {
    const api = session.api;
    const auth = await timed(
      'auth',
      async () => {
        await api.authenticate();
        return {
          status: 'up',
          detail: `the API key is accepted (${api.protocol})`,
        };
      },
      secrets,
    );
    // the server answered: an authenticated call that fails degrades, it does not make Odoo down
    checks.push(
      auth.status === 'down' ? { ...auth, status: 'degraded' } : auth,
    );
  }
  let status: HealthStatus = 'up';
  if (checks.some(c => c.status === 'degraded')) status = 'degraded';
  if (checks.some(c => c.status === 'down')) status = 'down';
  return { status, checkedAt: new Date().toISOString(), checks };
}
