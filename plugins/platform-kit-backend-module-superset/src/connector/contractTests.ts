import crypto from 'node:crypto';
import { ContractTest } from '@platform-kit/connector-sdk';
import { listAll, SUPERSET_LISTS, SupersetList } from './lists';
import { SupersetLoginError, SupersetSession } from './session';

/** The contracts a Superset connector proves against the live source. */
export function supersetContractTests(
  session: SupersetSession,
  probe: SupersetSession,
  pageSize: number,
): ContractTest[] {
  return [
    {
      id: 'superset.auth.login',
      title: 'Login with the configured account returns a JWT access token',
      async run() {
        const token = await probe.login();
        const parts = token.split('.').length;
        if (parts !== 3) {
          throw new Error(`the access token has ${parts} parts, not a JWT's 3`);
        }
        return { endpoint: 'POST /api/v1/security/login', jwtParts: parts };
      },
    },
    {
      id: 'superset.auth.bad-password-refused',
      title: 'A wrong password is refused with 401',
      async run() {
        const wrong = `wrong-${crypto.randomBytes(8).toString('hex')}`;
        try {
          await probe.login(wrong);
        } catch (error) {
          if (error instanceof SupersetLoginError && error.status === 401) {
            return { endpoint: 'POST /api/v1/security/login', status: 401 };
          }
          throw error;
        }
        throw new Error('Superset accepted a wrong password');
      },
    },
    {
      id: 'superset.inventory.paging-complete',
      title:
        'Dashboards, datasets and charts page completely: distinct ids, as many as count',
      async run() {
        session.allowRelogin();
        const evidence: Record<string, unknown> = { pageSize };
        for (const list of Object.keys(SUPERSET_LISTS) as SupersetList[]) {
          const { count, pages } = await listAll(session, list, pageSize);
          evidence[list] = { count, pages, distinctIds: count };
        }
        return evidence;
      },
    },
    {
      id: 'superset.health.ok',
      title: 'GET /health answers OK',
      async run() {
        const body = await probe.http.get<string>('/health', {
          responseType: 'text',
        });
        if (body.trim() !== 'OK') {
          throw new Error(
            `GET /health answered ${JSON.stringify(body.slice(0, 60))}`,
          );
        }
        return { endpoint: 'GET /health', body: 'OK' };
      },
    },
  ];
}
