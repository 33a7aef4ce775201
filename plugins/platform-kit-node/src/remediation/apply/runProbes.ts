import { PatchProbe } from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { ident } from '../sql';
import { isLockConflict } from './pgErrors';

const SAVEPOINT = 'platform_kit_probe';

/** The user id a probe's JWT claims carry: a signed-in user that owns nothing. */
export const PROBE_USER_ID = '00000000-0000-4000-8000-000000000000';

/** The JWT claims PostgREST would set for a request as `role`. */
export function probeClaims(role: string): string {
  return JSON.stringify(
    role === 'authenticated'
      ? { role, sub: PROBE_USER_ID, aud: 'authenticated' }
      : { role },
  );
}

/**
 * Runs each probe as its role with the JWT claims a caller would send
 * (`request.jwt.claims`, and the older `request.jwt.claim.*` settings), in a
 * savepoint that is always rolled back: role, settings and anything the
 * statement did are undone. Returns `ok` or the error (first line and
 * SQLSTATE) per probe id. A lock conflict is thrown as is.
 */
export async function runProbes(
  client: Client,
  probes: PatchProbe[],
  message: (error: unknown) => string,
): Promise<Map<string, string>> {
  const results = new Map<string, string>();
  for (const probe of probes) {
    await client.query(`SAVEPOINT ${SAVEPOINT}`);
    let result = 'ok';
    try {
      await client.query(
        `SELECT pg_catalog.set_config('request.jwt.claims', $1, true),
                pg_catalog.set_config('request.jwt.claim.role', $2, true),
                pg_catalog.set_config('request.jwt.claim.sub', $3, true)`,
        [
          probeClaims(probe.role),
          probe.role,
          probe.role === 'authenticated' ? PROBE_USER_ID : '',
        ],
      );
      await client.query(`SET LOCAL ROLE ${ident(probe.role)}`);
      await client.query(probe.sql);
    } catch (error) {
      if (isLockConflict(error)) {
        await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        throw error;
      }
      result = message(error);
    }
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    results.set(probe.id, result);
  }
  return results;
}
