import { HealthResult } from '@platform-kit/connector-sdk';
import { SupersetSession } from './session';

type Check = HealthResult['checks'][number];

async function timed(
  name: string,
  run: () => Promise<string | undefined>,
  redact: (text: string) => string,
): Promise<Check> {
  const started = Date.now();
  try {
    const detail = await run();
    return { name, status: 'up', latencyMs: Date.now() - started, detail };
  } catch (error) {
    return {
      name,
      status: 'down',
      latencyMs: Date.now() - started,
      detail: redact(error instanceof Error ? error.message : String(error)),
    };
  }
}

/**
 * Liveness from `GET /health` (plain text `OK`) and a login check: `up`
 * when both pass, `degraded` when Superset answers but the login fails,
 * `down` when `/health` fails or Superset cannot be reached. Never throws.
 */
export async function supersetHealth(
  session: SupersetSession,
  probe: SupersetSession,
): Promise<HealthResult> {
  const redact = (text: string) => session.http.redact(text);
  const liveness = await timed(
    'liveness',
    async () => {
      const body = await probe.http.get<string>('/health', {
        responseType: 'text',
      });
      if (body.trim() !== 'OK') {
        throw new Error(
          `GET /health answered ${JSON.stringify(body.slice(0, 60))}, not OK`,
        );
      }
      return 'GET /health answered OK';
    },
    redact,
  );
  const checks: Check[] = [liveness];
  if (liveness.status === 'up') {
    checks.push(
      await timed(
        'login',
        async () => {
          await probe.login();
          return 'POST /api/v1/security/login returned an access token';
        },
        redact,
      ),
    );
  }
  let status: HealthResult['status'] = 'up';
  if (liveness.status === 'down') status = 'down';
  else if (checks.some(check => check.status !== 'up')) status = 'degraded';
  return { status, checkedAt: new Date().toISOString(), checks };
}
